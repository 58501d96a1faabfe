package dashboard_test

import (
	"strings"
	"testing"

	"pjsx/data"
)

// TestBrowserEnglishAxisAndTooltipReadInVisits asks the page's own ECharts instance of a metric
// counted in 万人次, in English: the value axis is named "visits" and its ticks read in visits as
// the labels do (1 million, 500,000), and a point's tooltip says "~2.641 million visits".
func TestBrowserEnglishAxisAndTooltipReadInVisits(t *testing.T) {
	ts, store := newSeeded(t)
	saveFigures(t, store, // the seed holds ≥500 (2006)
		data.FigureInput{Metric: "jizhou_annual_visitors", Region: "jizhou", Period: "2019", Value: 235.5},
		data.FigureInput{Metric: "jizhou_annual_visitors", Region: "jizhou", Period: "2023", Value: 264.1, Qualifier: data.QualifierApprox})
	b := newBrowser(t)
	b.Open(t, ts.URL+"/metrics/jizhou_annual_visitors?lang=en")
	var got struct {
		Name      string   `json:"name"`
		Ticks     []string `json:"ticks"`
		Tips      []string `json:"tips"`
		Shown     []string `json:"shown"`     // the ticks drawn
		Widest    float64  `json:"widest"`    // the widest drawn tick, in px
		PlotLeft  float64  `json:"plotLeft"`  // where the plot starts, in px from the chart's left
		AxisLabel float64  `json:"axisLabel"` // the gap between a tick and the plot, in px
	}
	b.Eval(t, `(() => {
  const el = document.querySelector('[data-chart="chart-jizhou_annual_visitors-data"]');
  const inst = window.echarts.getInstanceByDom(el);
  const opt = inst.getOption();
  const ax = [].concat(opt.yAxis)[0];
  const tip = opt.tooltip[0].formatter;
  const s = opt.series[0];
  return {name: ax.name, ticks: [0, 50, 100, 250, 12345].map((v) => ax.axisLabel.formatter(v)),
    tips: s.data.map((d, i) => tip({seriesIndex: 0, dataIndex: i, seriesName: s.name})),
    ...(() => {
      const axis = inst.getModel().getComponent('yAxis').axis;
      const shown = axis.getViewLabels().map((l) => l.formattedLabel);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = '12px sans-serif';
      const widest = Math.max(...shown.map((t) => ctx.measureText(t).width));
      return {shown, widest, plotLeft: inst.getModel().getComponent('grid').coordinateSystem.getRect().x,
        axisLabel: ax.axisLabel.margin || 8};
    })()};
})()`, &got)
	if got.Name != "visits" {
		t.Errorf("the value axis is named %q, want visits", got.Name)
	}
	if strings.Join(got.Ticks, " | ") != "0 | 500,000 | 1 million | 2.5 million | 123.45 million" {
		t.Errorf("ticks %q", got.Ticks)
	}
	// The drawn ticks fit left of the plot: none is cut at the chart's edge (once "illion").
	if len(got.Shown) < 2 || !strings.Contains(strings.Join(got.Shown, " "), "million") || got.Widest+got.AxisLabel > got.PlotLeft {
		t.Errorf("ticks %q, %.0f px wide + %.0f px gap, but the plot starts at %.0f px", got.Shown, got.Widest, got.AxisLabel, got.PlotLeft)
	}
	if !strings.Contains(strings.Join(got.Tips, "\n"), "~2.641 million visits") {
		t.Errorf("tooltips %q", got.Tips)
	}
	if p := b.Problems(); len(p) > 0 {
		t.Error(p)
	}
}
