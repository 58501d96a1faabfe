package dashboard_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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

// The first picture is drawn about as wide as its box, so its words keep their size: 360 on a
// phone, 640 on a narrow screen and in a two-column grid (a category's charts at 1440 px were a
// 960 px drawing in a 600 px box, shrunk to 62%), 960 on a wide one.
func TestBrowserFirstViewPictureIsNotShrunk(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	for _, c := range []struct {
		w, h int
		path string
	}{
		{1440, 900, "/categories/transport?lang=en"},
		{1440, 900, "/metrics/rail22_station_structure?lang=zh"},
		{800, 900, "/metrics/rail22_station_structure?lang=en"},
		{800, 900, "/categories/transport?lang=zh"},
		{390, 844, "/?lang=zh"},
	} {
		if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(int64(c.w), int64(c.h))); err != nil {
			t.Fatal(err)
		}
		// Loaded but not touched: the page still shows the server's pictures.
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(ts.URL+c.path), chromedp.WaitReady("main")); err != nil {
			t.Fatal(err)
		}
		var got []struct {
			Box float64
			Src string
		}
		b.Eval(t, `Array.from(document.querySelectorAll('.chart picture')).map((p) => {
			const s = Array.from(p.querySelectorAll('source')).find((s) => matchMedia(s.media).matches);
			return {Box: p.parentElement.getBoundingClientRect().width, Src: s ? s.srcset : p.querySelector('img').getAttribute('src')};
		})`, &got)
		if len(got) == 0 {
			t.Fatalf("%s at %d px: no chart picture", c.path, c.w)
		}
		for _, g := range got {
			m := regexp.MustCompile(`width=(\d+)`).FindStringSubmatch(g.Src)
			if m == nil {
				t.Fatalf("%s: picture %q names no width", c.path, g.Src)
			}
			w, _ := strconv.ParseFloat(m[1], 64)
			if scale := min(1, g.Box/w); scale < 0.8 {
				t.Errorf("%s at %d px: a %s px picture in a %.0f px box is shrunk to %.0f%%", c.path, c.w, m[1], g.Box, scale*100)
			}
		}
	}
}
