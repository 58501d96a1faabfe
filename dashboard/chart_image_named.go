package dashboard

import (
	"context"
	"strings"

	"pjsx/data"
)

// The views of one metric, picked by the view query parameter of /charts/{code}.png|.svg and
// /data/{code}.csv|.xlsx: each chart of the metric page has its own.
const (
	viewOverTime = "over_time" // the default: a line per region over time
	viewCompare  = "compare"   // bars by period, grouped (levels) or stacked (flows)
	viewLatest   = "latest"    // the newest figure of each region side by side
	viewProgress = "progress"  // percent metrics with a target: each region's newest figure against it
)

// railChartName is a reserved chart name, not a metric code: the overview's Line 22 chart, every
// headline rail22_* metric as its own series.
const railChartName = "rail22_progress"

// parseView reads the view parameter; "" is the default view.
func parseView(raw string) (string, error) {
	switch v := strings.TrimSpace(raw); v {
	case "", viewOverTime:
		return viewOverTime, nil
	case viewCompare, viewLatest, viewProgress:
		return v, nil
	default:
		return "", &paramError{"view", "图表须为 over_time、compare、latest 或 progress / must be over_time, compare, latest or progress"}
	}
}

// hasProgressView says whether a metric has the progress view: a percent with a target.
func hasProgressView(m data.Metric) bool {
	return m.Kind == data.KindPercent && m.Target != nil
}

// namedChart is what one chart address (/charts/{name}, /data/{name} with their query) shows:
// the chart and the figures behind it, each with its metric (the Line 22 chart has several).
type namedChart struct {
	Metric data.Metric // the metric whose unit, kind and decimals the chart uses
	Spec   chartSpec
	Data   []chartGroup
}

// chartGroup is one series of a chart as figures: what its data download lists.
type chartGroup struct {
	Metric data.Metric
	Group  seriesGroup
}

// namedChart builds the chart a request names: a view of a metric, or a reserved chart.
func (s *Server) namedChart(ctx context.Context, req chartRequest) (namedChart, error) {
	if req.Metric == railChartName {
		return s.rail22Chart(ctx, req)
	}
	d, err := s.loadMetricData(ctx, req)
	if err != nil {
		return namedChart{Metric: d.Metric}, err
	}
	view := req.View
	if view == "" {
		view = viewOverTime
	}
	if view == viewProgress && !hasProgressView(d.Metric) {
		return namedChart{Metric: d.Metric}, &paramError{"view",
			"只有设定目标的百分比指标才有 progress 图 / progress is only for percent metrics with a target"}
	}
	nc := namedChart{Metric: d.Metric, Spec: viewSpec(d, req, view)}
	for _, g := range viewGroups(d.Groups, view) {
		nc.Data = append(nc.Data, chartGroup{d.Metric, g})
	}
	return nc, nil
}

// viewSpec builds one view of a metric for the page, the images and the data downloads alike,
// with its own address: the request's filters and the view.
func viewSpec(d metricData, req chartRequest, view string) chartSpec {
	var spec chartSpec
	switch view {
	case viewCompare:
		spec = barsByPeriod("chart-compare", d.Metric, d.Groups, req.Lang)
	case viewLatest:
		spec = barsLatest("chart-latest", d.Metric, d.Groups, req.Lang)
	case viewProgress:
		spec = progressBars("chart-progress", d.Metric, d.Groups, req.Lang)
	default:
		return overTimeView(d, req)
	}
	req.View = view
	spec.File, spec.Query = d.Metric.Code, req.Query()
	if spec.Table == nil {
		spec.Table = tableOf(viewGroups(d.Groups, view), d.Metric.Decimals)
	}
	return spec
}

// viewGroups are the figures a view shows: all of them over time and by period, the newest of
// each region for the latest and progress bars.
func viewGroups(groups []seriesGroup, view string) []seriesGroup {
	if view != viewLatest && view != viewProgress {
		return groups
	}
	var out []seriesGroup
	for _, g := range groups {
		if len(g.Obs) > 0 {
			g.Obs = g.Obs[len(g.Obs)-1:]
			out = append(out, g)
		}
	}
	return out
}

// tableOf is the table under a chart: one row per figure it shows.
func tableOf(groups []seriesGroup, decimals int) []tableRow {
	rows := []tableRow{}
	for _, g := range groups {
		for _, o := range g.Obs {
			rows = append(rows, tableRow{Region: g.Name, Period: data.FormatPeriod(o.Period, o.Granularity),
				Value: formatValue(o.Value, decimals), Source: o.Source, Note: o.Note})
		}
	}
	return rows
}

// rail22Chart is the Line 22 construction chart of the overview (id chart-rail22), also served
// as /charts/rail22_progress.png|.svg and /data/rail22_progress.csv|.xlsx: every headline rail22_*
// metric by region, each its own series against the 100% target. It takes the chart filters;
// the overview asks for none.
func (s *Server) rail22Chart(ctx context.Context, req chartRequest) (namedChart, error) {
	var nc namedChart
	if req.View != "" && req.View != viewOverTime {
		return nc, &paramError{"view", railChartName + " 只有 over_time 图 / has the over_time view only"}
	}
	metrics, err := s.store.Metrics(ctx)
	if err != nil {
		return nc, err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return nc, err
	}
	var groups []seriesGroup
	for _, m := range metrics {
		if !m.Headline || !strings.HasPrefix(m.Code, "rail22_") {
			continue
		}
		if nc.Metric.Code == "" {
			nc.Metric = m
		}
		obs, err := s.store.Series(ctx, data.SeriesQuery{Metric: m.Code, Regions: req.Filter.Regions,
			From: req.Filter.From, To: req.Filter.To})
		if err != nil {
			return nc, err
		}
		for _, g := range groupByRegion(obs, regions, req.Lang) {
			g.Obs = aggregate(g.Obs, req.Filter.Granularity, m.Cumulative)
			nc.Data = append(nc.Data, chartGroup{m, g})
			g.Name = pick(req.Lang, m.NameZh, m.NameEn) + " · " + g.Name
			groups = append(groups, g)
		}
	}
	if nc.Metric.Code == "" {
		return nc, data.ErrNotFound
	}
	nc.Spec = lineChart("chart-rail22", tr(req.Lang, "overview.rail22"), nc.Metric, groups, req.Lang,
		lineExtras{Granularity: req.Filter.Granularity, Regions: regions})
	req.View = viewOverTime
	nc.Spec.File, nc.Spec.Query = railChartName, req.Query()
	return nc, nil
}
