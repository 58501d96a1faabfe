package dashboard_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// A chart's first view is the server's SVG drawn for the reader's screen: a phone's picture at
// 360 px wide (words it can read), a wider screen's at 960, both as tall as the chart's box, and
// both answer as images. Both leave the sources and milestones to the caption under them
// (footer=none), while the SVG offered for download keeps them.
func TestFirstViewPictureFitsThePhone(t *testing.T) {
	ts, _ := newSeeded(t)
	page := get(t, ts, "/metrics/rail22_station_structure?lang=en")
	phone := regexp.MustCompile(`<source media="\(max-width: 560px\)" srcset="(/charts/rail22_station_structure\.svg\?[^"]*width=360&amp;height=360&amp;footer=none)">`).FindStringSubmatch(page.Body)
	wide := regexp.MustCompile(`<img class="chart-first" src="(/charts/rail22_station_structure\.svg\?[^"]*width=960&amp;height=360&amp;footer=none)"`).FindStringSubmatch(page.Body)
	if phone == nil || wide == nil {
		t.Fatalf("the first view offers no phone and wide pictures: %q", section(page.Body, `class="chart"`, `</div>`))
	}
	for _, m := range [][]string{phone, wide} {
		u := regexp.MustCompile(`&amp;`).ReplaceAllString(m[1], "&")
		r := get(t, ts, u)
		if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("%s = %d %s", u, r.Code, r.Header.Get("Content-Type"))
		}
		if strings.Contains(r.Body, "Sources:") || strings.Contains(r.Body, "Milestones:") {
			t.Errorf("%s draws the footer the caption already lists", u)
		}
	}
	if !strings.Contains(page.Body, `<span class="chart-unit">`) || !strings.Contains(page.Body, `class="chart-sources"`) {
		t.Error("the caption under the picture lists no unit or sources")
	}
	download := regexp.MustCompile(`<a href="(/charts/rail22_station_structure\.svg\?[^"]*)" download>SVG</a>`).FindStringSubmatch(page.Body)
	if download == nil {
		t.Fatal("no SVG download link")
	}
	if r := get(t, ts, strings.ReplaceAll(download[1], "&amp;", "&")); !strings.Contains(r.Body, "Sources:") {
		t.Errorf("the SVG for a report lost its sources: %s", download[1])
	}
	if r := get(t, ts, "/charts/rail22_station_structure.svg?footer=short"); r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "footer") {
		t.Errorf("footer=short = %d, want 400 naming footer", r.Code)
	}
}
