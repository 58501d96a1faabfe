package dashboard_test

import (
	"sort"
	"testing"
)

// jsPlacedPoints lists where ECharts drew each point of one chart: its date, its series and its
// pixel x, from the instance itself.
const jsPlacedPoints = `(() => {
  const el = document.querySelector('[data-chart="chart-rail22-data"]');
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

// TestBrowserPlacesMixedDatesInOrder opens the overview's Line 22 chart, whose figures are dated
// on days (2023-06-03, 2024-02-26, 2025-05-10) and as a year (2024): on the page's time axis the
// points sit left to right in date order, the year at its end.
func TestBrowserPlacesMixedDatesInOrder(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	b.Open(t, ts.URL+"/?lang=zh")
	var points []struct {
		At    string  `json:"at"`
		Label string  `json:"label"`
		X     float64 `json:"x"`
	}
	b.Eval(t, jsPlacedPoints, &points)
	if len(points) < 5 {
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
	for _, want := range []string{"2023-06-03", "2024", "2024-02-26", "2025-05-10"} {
		if !labels[want] {
			t.Errorf("no point labelled %s: %+v", want, points)
		}
	}
	if p := b.Problems(); len(p) > 0 {
		t.Error(p)
	}
}
