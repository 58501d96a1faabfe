package dashboard

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// parseRequest reads the chart a route names (a metric code or a named chart) with the query's
// filters; the language falls back to the page's (cookie, Accept-Language). A bad parameter is a
// *paramError (400).
func (s *Server) parseRequest(c echo.Context, name string) (chart.Request, error) {
	lang, _ := langOf(c)
	regions, err := s.store.Regions(c.Request().Context())
	if err != nil {
		return chart.Request{}, err
	}
	req, err := chart.ParseRequest(name, c.QueryParams(), regions, lang)
	if err == nil && req.AsOf != "" {
		if ferr := chart.CheckAsOf(req.AsOf, s.today()); ferr != nil {
			err = ferr
		}
	}
	return req, paramErrorOf(err)
}

// chartModel builds a request's model once per data version: the page, its images, its
// downloads and the API all read this one model. The views of a chart come from its over-time
// model, so a page of four views asks the store once.
func (s *Server) chartModel(ctx context.Context, req chart.Request) (chart.Model, error) {
	view := req.View
	req.View = chart.ViewOverTime
	base, err := cachedView(ctx, s, "model|"+req.Key(), func(ctx context.Context) (chart.Model, error) {
		m, err := chart.Build(ctx, s.store, req)
		if err != nil {
			return m, err
		}
		return m, s.noteModelMetrics(ctx, m)
	})
	if err != nil {
		return base, paramErrorOf(err)
	}
	m, err := chart.ForView(base, view)
	return m, paramErrorOf(err)
}

// chartCardOf builds the model of a request and its card for a page, with its summary
// sentences once per card. They speak of today (pacing, a period not over yet), or of the asof
// day, so the day is part of the key.
func (s *Server) chartCardOf(ctx context.Context, req chart.Request, id string) (chartCard, error) {
	return s.cachedCard(ctx, "card", req, id, newChartCard)
}

// chartPreviewOf is chartCardOf without the data island and the table: the picture, sentences
// and downloads of a view, for a page that loads the rest from Rest when it is wanted.
func (s *Server) chartPreviewOf(ctx context.Context, req chart.Request, id string) (chartCard, error) {
	return s.cachedCard(ctx, "preview", req, id, func(m chart.Model, id string, summary []string) (chartCard, error) {
		return newChartPreview(m, id, summary), nil
	})
}

// cachedCard is a card of kind made by build from the request's model and sentences, kept while
// what it shows is unchanged and the day is the same.
func (s *Server) cachedCard(ctx context.Context, kind string, req chart.Request, id string,
	build func(m chart.Model, id string, summary []string) (chartCard, error)) (chartCard, error) {
	today := time.Now().In(shanghai)
	if req.AsOf != "" {
		today, _ = time.ParseInLocation(time.DateOnly, req.AsOf, shanghai) // checked by ParseRequest
	}
	return cachedView(ctx, s, kind+"|"+id+"|"+today.Format("2006-01-02")+"|"+req.Key(), func(ctx context.Context) (chartCard, error) {
		m, err := s.chartModel(ctx, req)
		if err != nil {
			return chartCard{}, err
		}
		metric, err := s.cachedMetricLookup(ctx, req.AsOf)
		if err != nil {
			return chartCard{}, err
		}
		return build(m, id, chart.Sentences(m, metric, today))
	})
}

// noteModelMetrics records the metrics whose figures a model shows: its own, or a named chart's
// (all of them, those without a figure yet too, so the first figure of one is seen).
func (s *Server) noteModelMetrics(ctx context.Context, m chart.Model) error {
	noteMetrics(ctx, m.Metric)
	for _, sr := range m.Series {
		noteMetrics(ctx, sr.Metric)
	}
	if !m.Named {
		return nil
	}
	nc, err := s.store.NamedChart(ctx, m.Chart)
	if err != nil {
		return err
	}
	noteMetrics(ctx, nc.Metrics...)
	return nil
}

// cachedMetricLookup is metricLookup kept while the catalog is unchanged: every card's
// sentences read it, and reading a catalog of thousands of metrics per card is most of what
// rebuilding a saved metric's page costs.
func (s *Server) cachedMetricLookup(ctx context.Context, asOf string) (func(string) (data.Metric, bool), error) {
	return cachedView(ctx, s, "metric-lookup|"+asOf, func(ctx context.Context) (func(string) (data.Metric, bool), error) {
		return s.metricLookup(ctx, asOf)
	})
}

// catalogMetrics is the catalog's metrics (data.Store.Metrics), read once while the catalog is
// unchanged: the overview, the due lists and every card's sentences read it, and reading
// thousands of metrics with their scopes is most of what rebuilding a page after a save of one
// figure would cost. Callers only read the slice: it is shared.
func (s *Server) catalogMetrics(ctx context.Context, asOf string) ([]data.Metric, error) {
	if asOf != "" { // a past day's catalog: pages as of a day are cached whole
		return s.store.MetricsAsOf(ctx, asOf)
	}
	return cachedView(ctx, s, "catalog-metrics", func(ctx context.Context) ([]data.Metric, error) {
		return s.store.Metrics(ctx)
	})
}
