package dashboard_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// jsPlacedPoints lists where ECharts drew each point of one chart: its date, its series and its
// pixel x, from the instance itself.
const jsPlacedPoints = `(() => {
  const el = document.querySelector('[data-chart="chart-rail22_stations_capped-data"]');
  const inst = window.echarts && window.echarts.getInstanceByDom(el);
  if (!inst) return [];
  const out = [];
  inst.getOption().series.forEach((s, i) => s.data.forEach(d => {
    if (d.value[1] === '-') return;
    const px = inst.convertToPixel({seriesIndex: i}, d.value);
    out.push({at: d.value[0], label: d.name || '', x: px[0]});
  }));
  return out;
})()`

// TestBrowserPlacesMixedDatesInOrder opens the Line 22 capped-stations chart, whose figures are
// dated on days (2023-06-03, 2024-12-20, 2026-02-02) and as a month (2024-10): on the page's time
// axis the points sit left to right in date order, the month at its end.
func TestBrowserPlacesMixedDatesInOrder(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	b.Open(t, ts.URL+"/metrics/rail22_stations_capped?lang=zh")
	var points []struct {
		At    string  `json:"at"`
		Label string  `json:"label"`
		X     float64 `json:"x"`
	}
	b.Eval(t, jsPlacedPoints, &points)
	if len(points) < 4 {
		t.Fatalf("points drawn: %+v", points)
	}
	sort.SliceStable(points, func(i, j int) bool { return points[i].At < points[j].At })
	labels := map[string]bool{}
	for i, p := range points {
		labels[p.Label] = true
		if i > 0 && p.At > points[i-1].At && p.X <= points[i-1].X {
			t.Errorf("%s (%s) drawn at x=%.0f, left of %s at x=%.0f", p.At, p.Label, p.X, points[i-1].At, points[i-1].X)
		}
	}
	for _, want := range []string{"2023-06-03", "2024-10", "2024-12-20", "2026-02-02"} {
		if !labels[want] {
			t.Errorf("no point labelled %s: %+v", want, points)
		}
	}
	if p := b.Problems(); len(p) > 0 {
		t.Error(p)
	}
}

// TestBrowserMarkTooltipsNeverShowAFigure asks the page's own tooltip formatter about every mark
// line of the Line 22 chart: a milestone shows its number, date, title and source; a target its
// label; neither shows a figure (once "2024: NaN 条").
func TestBrowserMarkTooltipsNeverShowAFigure(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	b.Open(t, ts.URL+"/?lang=zh")
	var tips []string
	b.Eval(t, `(() => {
  const el = document.querySelector('[data-chart="chart-rail22-data"]');
  const inst = window.echarts.getInstanceByDom(el);
  const opt = inst.getOption();
  const fmt = opt.tooltip[0].formatter;
  return opt.series[0].markLine.data.map((d, i) => fmt({componentType: 'markLine', seriesIndex: 0, dataIndex: i,
    name: d.name, value: d.xAxis || d.yAxis, seriesName: opt.series[0].name}));
})()`, &tips)
	if len(tips) < 2 {
		t.Fatalf("tooltips: %q", tips)
	}
	if !strings.Contains(tips[0], "目标 100%") {
		t.Errorf("target tooltip %q", tips[0])
	}
	// Targets (the metric's own, then the yearly plans) come first, each just its label.
	var milestones []string
	for _, tip := range tips[1:] {
		if strings.HasPrefix(tip, `<div class="tt-mark">目标 `) && !strings.Contains(tip, "NaN") {
			continue
		}
		milestones = append(milestones, tip)
		if !strings.Contains(tip, "来源") || strings.Contains(tip, "NaN") || strings.Contains(tip, "%") {
			t.Errorf("milestone tooltip %q: want number, date, title and source, never a figure", tip)
		}
	}
	if len(milestones) == 0 || !strings.HasPrefix(milestones[0], `<div class="tt-series">1. <b>20`) {
		t.Errorf("first milestone tooltip %q", milestones)
	}
}

// TestBrowserChartsFitAPhone: on a 390 px screen every chart card and its drawing fit the screen,
// on the pages with the most charts.
func TestBrowserChartsFitAPhone(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/?lang=zh", "/metrics/rail22_station_structure?lang=en", "/categories/transport"} {
		b.Open(t, ts.URL+path)
		var cards []struct {
			ID           string
			Right, Chart float64
			Card         float64
		}
		b.Eval(t, `Array.from(document.querySelectorAll('.chart-card')).map(c => ({ID: c.id,
			Right: c.getBoundingClientRect().right, Card: c.getBoundingClientRect().width,
			Chart: c.querySelector('canvas') ? c.querySelector('canvas').getBoundingClientRect().width : 0}))`, &cards)
		if len(cards) == 0 {
			t.Fatalf("%s: no chart cards", path)
		}
		for _, c := range cards {
			// Half a pixel: ECharts sizes its canvas in whole pixels, and a chart framed by the Line
			// 22 block rather than its own card is exactly as wide as the card.
			if c.Right > 390 || c.Chart == 0 || c.Chart > c.Card+0.5 {
				t.Errorf("%s: %s is %.0f px wide ending at %.0f, its drawing %.0f px", path, c.ID, c.Card, c.Right, c.Chart)
			}
		}
	}
}
