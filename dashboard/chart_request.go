package dashboard

import (
	"context"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// chartRequest is everything a chart's output depends on besides the data: the metric, the
// filters and the language. The page, the images and the data exports all read it the same way,
// so they always show the same numbers.
type chartRequest struct {
	Metric string
	Filter chartFilter
	Lang   string
	View   string // which of the metric's charts: viewOverTime ("" too), viewCompare, viewLatest, viewProgress
}

// parseChartRequest reads :code and the query (regions, from, to, granularity, lang, view); a bad
// parameter is a *paramError (400).
func (s *Server) parseChartRequest(c echo.Context) (chartRequest, error) {
	lang, bad := langOf(c)
	if bad != "" {
		return chartRequest{}, &paramError{"lang", "语言须为 zh 或 en / must be zh or en"}
	}
	regions, err := s.store.Regions(c.Request().Context())
	if err != nil {
		return chartRequest{}, err
	}
	f, err := parseChartFilter(c.QueryParams(), regions)
	if err != nil {
		return chartRequest{}, err
	}
	view, err := parseView(c.QueryParam("view"))
	if err != nil {
		return chartRequest{}, err
	}
	return chartRequest{Metric: c.Param("code"), Filter: f, Lang: lang, View: view}, nil
}

// Query is the request's filters as a query string, to link images and exports of the same view.
func (r chartRequest) Query() string {
	v := url.Values{}
	if r.Filter.Regions != nil {
		codes := make([]string, len(r.Filter.Regions))
		for i, c := range r.Filter.Regions {
			if c == "" {
				c = jointCode
			}
			codes[i] = c
		}
		v.Set("regions", strings.Join(codes, ","))
	}
	if r.Filter.From != "" {
		v.Set("from", r.Filter.From)
	}
	if r.Filter.To != "" {
		v.Set("to", r.Filter.To)
	}
	if r.Filter.Granularity != "" {
		v.Set("granularity", r.Filter.Granularity)
	}
	v.Set("lang", r.Lang)
	if r.View != "" && r.View != viewOverTime {
		v.Set("view", r.View)
	}
	return v.Encode()
}

// metricData is one metric's figures for a request, aggregated to the asked granularity and
// split by region: what every view and export of the metric is drawn from.
type metricData struct {
	Metric  data.Metric
	Regions []data.Region
	Groups  []seriesGroup
	Events  []data.Event
}

func (s *Server) loadMetricData(ctx context.Context, req chartRequest) (metricData, error) {
	req.View = "" // every view of a metric is drawn from the same data
	return cachedView(ctx, s, "data|"+req.Metric+"|"+req.Query(), func() (metricData, error) {
		return s.queryMetricData(ctx, req)
	})
}

func (s *Server) queryMetricData(ctx context.Context, req chartRequest) (metricData, error) {
	m, err := s.store.Metric(ctx, req.Metric)
	if err != nil {
		return metricData{}, err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return metricData{}, err
	}
	obs, err := s.store.Series(ctx, data.SeriesQuery{Metric: m.Code, Regions: req.Filter.Regions,
		From: req.Filter.From, To: req.Filter.To})
	if err != nil {
		return metricData{}, err
	}
	events, err := s.store.Events(ctx, data.EventQuery{Category: m.Category})
	if err != nil {
		return metricData{}, err
	}
	d := metricData{Metric: m, Regions: regions, Groups: groupByRegion(obs, regions, req.Lang)}
	for i := range d.Groups {
		d.Groups[i].Obs = aggregate(d.Groups[i].Obs, req.Filter.Granularity, m.Cumulative)
	}
	for _, e := range events {
		if (req.Filter.From == "" || e.Date >= req.Filter.From) && (req.Filter.To == "" || e.Date <= req.Filter.To) {
			d.Events = append(d.Events, e)
		}
	}
	return d, nil
}

// metricChart builds the chart a request names (a metric's view, or a reserved chart such as
// rail22_progress): the one pipeline behind /metrics/{code}, /charts/{name}.png|.svg and
// /data/{name}.csv|.xlsx.
func (s *Server) metricChart(ctx context.Context, req chartRequest) (data.Metric, chartSpec, error) {
	nc, err := s.namedChart(ctx, req)
	return nc.Metric, nc.Spec, err
}

func overTimeView(d metricData, req chartRequest) chartSpec {
	spec := lineChart("chart-"+d.Metric.Code, pick(req.Lang, d.Metric.NameZh, d.Metric.NameEn), d.Metric, d.Groups,
		req.Lang, lineExtras{Granularity: req.Filter.Granularity, Events: d.Events, Regions: d.Regions})
	req.View = viewOverTime
	spec.File, spec.Query = d.Metric.Code, req.Query()
	return spec
}

// metricViews are every view of one metric for its page.
type metricViews struct {
	OverTime chartSpec
	Compare  chartSpec
	Latest   chartSpec
	Progress *chartSpec // percent metrics with a target only
}

func (s *Server) buildMetricViews(ctx context.Context, req chartRequest) (metricData, metricViews, error) {
	type built struct {
		d metricData
		v metricViews
	}
	req.View = "" // the page shows every view
	b, err := cachedView(ctx, s, "views|"+req.Metric+"|"+req.Query(), func() (built, error) {
		d, err := s.loadMetricData(ctx, req)
		if err != nil {
			return built{}, err
		}
		return built{d, s.metricViewsOf(d, req)}, nil
	})
	return b.d, b.v, err
}

// metricViewsOf builds every view with viewSpec, the builder of the images and data downloads
// too, so each chart's links give exactly what it shows.
func (s *Server) metricViewsOf(d metricData, req chartRequest) metricViews {
	v := metricViews{
		OverTime: viewSpec(d, req, viewOverTime),
		Compare:  viewSpec(d, req, viewCompare),
		Latest:   viewSpec(d, req, viewLatest),
	}
	if hasProgressView(d.Metric) {
		p := viewSpec(d, req, viewProgress)
		v.Progress = &p
	}
	return v
}
