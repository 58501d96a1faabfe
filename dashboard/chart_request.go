package dashboard

import (
	"context"

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
}

// parseChartRequest reads :code and the query (regions, from, to, granularity, lang); a bad
// parameter is a *paramError (400).
func (s *Server) parseChartRequest(c echo.Context) (chartRequest, error) {
	lang, bad := langOf(c)
	if bad != "" {
		return chartRequest{}, &paramError{"lang", "must be zh or en"}
	}
	regions, err := s.store.Regions(c.Request().Context())
	if err != nil {
		return chartRequest{}, err
	}
	f, err := parseChartFilter(c.QueryParams(), regions)
	if err != nil {
		return chartRequest{}, err
	}
	return chartRequest{Metric: c.Param("code"), Filter: f, Lang: lang}, nil
}

// metricChart builds the over-time chart of one metric for a request: the one pipeline behind
// /metrics/{code}, /charts/{code}.png|.svg and /data/{code}.csv|.xlsx.
func (s *Server) metricChart(ctx context.Context, req chartRequest) (data.Metric, chartSpec, error) {
	m, err := s.store.Metric(ctx, req.Metric)
	if err != nil {
		return data.Metric{}, chartSpec{}, err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return m, chartSpec{}, err
	}
	obs, err := s.store.Series(ctx, data.SeriesQuery{Metric: m.Code, Regions: req.Filter.Regions,
		From: req.Filter.From, To: req.Filter.To})
	if err != nil {
		return m, chartSpec{}, err
	}
	return m, lineOverTime("chart-"+m.Code, m, obs, regions, req.Lang), nil
}
