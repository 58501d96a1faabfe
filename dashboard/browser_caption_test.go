package dashboard_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// captionedChart is a drawn chart's caption as shown and its element's ARIA label.
type captionedChart struct {
	ID       string `json:"id"`
	Instance bool   `json:"instance"`
	Caption  string `json:"caption"`
	Shown    bool   `json:"shown"`
	Aria     string `json:"aria"`
}

const jsCaptionedCharts = `Array.from(document.querySelectorAll('[data-chart]')).map(el => {
  const card = el.closest('figure');
  const cap = card && card.querySelector('.chart-summary');
  const r = cap ? cap.getBoundingClientRect() : {width: 0, height: 0};
  return {id: el.dataset.chart, instance: !!(window.echarts && window.echarts.getInstanceByDom(el)),
    caption: cap ? cap.textContent : '', shown: r.width > 0 && r.height > 0 && getComputedStyle(cap).visibility === 'visible',
    aria: el.getAttribute('aria-label') || ''};
})`

// In Chromium, once ECharts has drawn a chart, its caption shows the summary sentence and the
// chart element's aria-label (which ECharts writes from the option's ARIA description) is the
// same text; the metric page's citation box holds its citation line.
func TestBrowserChartCaptionIsItsARIALabel(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	for _, path := range []string{"/metrics/rail22_station_structure?lang=zh", "/metrics/rail22_route_length?lang=en"} {
		b.Open(t, ts.URL+path)
		var charts []captionedChart
		b.Eval(t, jsCaptionedCharts, &charts)
		drawn := 0
		for _, c := range charts {
			if !c.Shown || c.Caption == "" || c.Aria != c.Caption {
				t.Errorf("%s %s: caption %q (shown %v), aria-label %q", path, c.ID, c.Caption, c.Shown, c.Aria)
			}
			if c.Instance {
				drawn++
			}
		}
		if drawn == 0 {
			t.Errorf("%s: no chart drawn by ECharts: %+v", path, charts)
		}
		var citation string
		b.Eval(t, `document.getElementById('citation').value`, &citation)
		if !strings.Contains(citation, "/metrics/") || !strings.Contains(citation, map[bool]string{true: "accessed", false: "访问日期"}[strings.HasSuffix(path, "en")]) {
			t.Errorf("%s: citation box holds %q", path, citation)
		}
		if p := b.Problems(); len(p) > 0 {
			t.Errorf("%s: %v", path, p)
		}
	}
	// On a phone every card, caption and all, fits the screen: a card of the two-column grid
	// does not keep the width of its chart's content.
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/metrics/cross_border_bus_lines?lang=zh", "/?lang=en"} {
		b.Open(t, ts.URL+path)
		var overflowing []string
		b.Eval(t, `Array.from(document.querySelectorAll('.chart-card, .figure-card')).filter(c => c.getBoundingClientRect().right > window.innerWidth + 1).map(c => c.id)`, &overflowing)
		if len(overflowing) > 0 {
			t.Errorf("%s at 390 px: cards wider than the screen: %v", path, overflowing)
		}
	}
}
