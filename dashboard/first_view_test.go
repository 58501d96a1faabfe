package dashboard_test

import (
	"net/http"
	"regexp"
	"testing"
)

// A chart's first view is the server's SVG drawn for the reader's screen: a phone's picture at
// 360 px wide (words it can read), a wider screen's at 960, both as tall as the chart's box, and
// both answer as images.
func TestFirstViewPictureFitsThePhone(t *testing.T) {
	ts, _ := newSeeded(t)
	page := get(t, ts, "/metrics/rail22_station_structure?lang=en")
	phone := regexp.MustCompile(`<source media="\(max-width: 560px\)" srcset="(/charts/rail22_station_structure\.svg\?[^"]*width=360&amp;height=360)">`).FindStringSubmatch(page.Body)
	wide := regexp.MustCompile(`<img class="chart-first" src="(/charts/rail22_station_structure\.svg\?[^"]*width=960&amp;height=360)"`).FindStringSubmatch(page.Body)
	if phone == nil || wide == nil {
		t.Fatalf("the first view offers no phone and wide pictures: %q", section(page.Body, `class="chart"`, `</div>`))
	}
	for _, m := range [][]string{phone, wide} {
		u := regexp.MustCompile(`&amp;`).ReplaceAllString(m[1], "&")
		r := get(t, ts, u)
		if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("%s = %d %s", u, r.Code, r.Header.Get("Content-Type"))
		}
	}
}
