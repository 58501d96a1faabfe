package dashboard_test

import (
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "rewrite the golden screenshots in testdata/screenshots (needs chromium)")

// The golden screenshots are for eyes (DECISIONS): the overview and two metric pages, at a desk's
// and a phone's viewport, in both languages. Refreshed on purpose with -update-screenshots.
var (
	screenshotPages = map[string]string{
		"overview":                 "/",
		"rail22_station_structure": "/metrics/rail22_station_structure",
		"cross_border_bus_lines":   "/metrics/cross_border_bus_lines",
	}
	screenshotSizes = [][2]int64{{1440, 900}, {390, 844}}
)

func screenshotPath(name, lang string, size [2]int64) string {
	return filepath.Join("testdata", "screenshots", fmt.Sprintf("%s-%s-%dx%d.png", name, lang, size[0], size[1]))
}

// jsChartsSettled waits until every chart has finished its entry animation (or a moment passed),
// so that a screenshot shows the charts drawn, not half-grown. Not an assertion: nothing is timed.
const jsChartsSettled = `Promise.all(Array.from(document.querySelectorAll('[data-chart]')).map(el => new Promise(done => {
  const inst = window.echarts && window.echarts.getInstanceByDom(el);
  if (!inst) return done(true);
  inst.on('finished', () => done(true));
  setTimeout(() => done(true), 2000);
}))).then(() => true)`

// TestGoldenScreenshots: with -update-screenshots, the browser writes each page at each size and
// language as a PNG of the viewport; without it, each file must be there, a PNG as wide as its
// viewport. No pixel comparison: fonts and anti-aliasing differ between machines.
func TestGoldenScreenshots(t *testing.T) {
	if *updateScreenshots {
		writeScreenshots(t)
	}
	for name := range screenshotPages {
		for _, lang := range []string{"zh", "en"} {
			for _, size := range screenshotSizes {
				path := screenshotPath(name, lang, size)
				f, err := os.Open(path)
				if err != nil {
					t.Errorf("%v (go test ./dashboard -run TestGoldenScreenshots -update-screenshots writes it)", err)
					continue
				}
				cfg, err := png.DecodeConfig(f)
				f.Close()
				if err != nil {
					t.Errorf("%s is not a PNG: %v", path, err)
				} else if cfg.Width != int(size[0]) || cfg.Height != int(size[1]) {
					t.Errorf("%s is %d×%d, want the viewport %d×%d", path, cfg.Width, cfg.Height, size[0], size[1])
				}
			}
		}
	}
}

func writeScreenshots(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	if err := os.MkdirAll(filepath.Join("testdata", "screenshots"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, size := range screenshotSizes {
		if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(size[0], size[1])); err != nil {
			t.Fatal(err)
		}
		for name, path := range screenshotPages {
			for _, lang := range []string{"zh", "en"} {
				b.Open(t, ts.URL+path+"?lang="+lang)
				if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](jsChartsSettled, chromedp.EvalAwaitPromise)); err != nil {
					t.Fatal(err)
				}
				shot, err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(screenshotPath(name, lang, size), shot, 0o644); err != nil {
					t.Fatal(err)
				}
				if p := b.Problems(); len(p) > 0 {
					t.Errorf("%s?lang=%s: %v", path, lang, p)
				}
			}
		}
	}
}
