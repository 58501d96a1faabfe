package dashboard

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// The read API: stable JSON with units and sources, the same numbers the charts show. Errors are
// JSON too (see handleError).

type apiRegion struct {
	Code       string `json:"code"`
	NameZh     string `json:"name_zh"`
	NameEn     string `json:"name_en"`
	ProvinceZh string `json:"province_zh,omitempty"`
	ProvinceEn string `json:"province_en,omitempty"`
}

// apiRegions is GET /api/v1/regions. The places are seed data no form edits, without revisions:
// asked as of a day (checked like every route) they are today's, the answer naming the day.
func (s *Server) apiRegions(c echo.Context) error {
	if err := s.checkAsOf(c); err != nil {
		return err
	}
	regions, err := s.store.Regions(c.Request().Context())
	if err != nil {
		return err
	}
	out := []apiRegion{}
	for _, r := range regions {
		out = append(out, apiRegion{r.Code, r.NameZh, r.NameEn, r.ProvinceZh, r.ProvinceEn})
	}
	out = append(out, apiRegion{Code: jointCode, NameZh: tr(langZh, "joint"), NameEn: tr(langEn, "joint")})
	return c.JSON(http.StatusOK, withAsOf(map[string]any{"regions": out}, asOfOf(c)))
}

func (s *Server) apiMetrics(c echo.Context) error {
	if err := s.checkAsOf(c); err != nil {
		return err
	}
	asOf := asOfOf(c)
	metrics, err := s.store.MetricsAsOf(c.Request().Context(), asOf)
	if err != nil {
		return err
	}
	if metrics == nil {
		metrics = []data.Metric{}
	}
	return c.JSON(http.StatusOK, withAsOf(map[string]any{"metrics": metrics}, asOf))
}

// withAsOf names the asof day an API answer was asked for, when it was.
func withAsOf(body map[string]any, asOf string) map[string]any {
	if asOf != "" {
		body["asof"] = asOf
	}
	return body
}

// apiPoint is one figure of a series: its period as stored (first day), as written and its last
// day, where a time axis places it, the stored value in full and the text the pages show.
type apiPoint struct {
	Period      string  `json:"period"`
	Label       string  `json:"label"`
	Granularity string  `json:"granularity"`
	End         string  `json:"end"`
	At          string  `json:"at"`
	Value       float64 `json:"value"`
	Qualifier   string  `json:"qualifier"` // "" exact, "lower_bound" or "approx"
	Text        string  `json:"text"`      // the value as entered, without its qualifier
	Display     string  `json:"display"`   // as the pages show it, with its qualifier
	Source      string  `json:"source"`
	// Citation is the source in parts (outlet, title, publication date, address) where known.
	Citation  data.Citation `json:"citation,omitzero"`
	Note      string        `json:"note,omitempty"`
	Partial   bool          `json:"partial"`
	Aggregate bool          `json:"aggregate,omitempty"`
}

type apiSeries struct {
	Region string     `json:"region"`
	Name   string     `json:"name"`
	Metric string     `json:"metric"`
	Points []apiPoint `json:"points"`
}

// apiSeries is a metric's (or a named chart's) model for the same request as its chart: the
// figures aggregated the same way, gaps left out, with its targets, milestones and sources.
func (s *Server) apiSeries(c echo.Context) error {
	req, err := s.parseRequest(c, c.Param("code"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.chartModel(ctx, req)
	if err != nil {
		return err
	}
	mt, err := s.store.MetricAsOf(ctx, m.Metric, req.AsOf)
	if err != nil {
		return err
	}
	out := []apiSeries{}
	for _, sr := range m.Series {
		as := apiSeries{Region: sr.Region, Name: sr.Name, Metric: sr.Metric, Points: []apiPoint{}}
		for _, p := range sr.Figures() {
			as.Points = append(as.Points, apiPoint{Period: p.Start, Label: p.Label, Granularity: p.Granularity, End: p.End,
				At: p.At, Value: p.Value, Text: p.Text, Display: p.Display, Source: p.Source, Citation: p.Citation, Note: p.Note, Partial: p.Partial,
				Aggregate: p.Aggregate, Qualifier: qualifierOf(p)})
		}
		out = append(out, as)
	}
	targets, milestones := m.Targets, m.Milestones
	if targets == nil {
		targets = []chart.Target{}
	}
	if milestones == nil {
		milestones = []chart.Milestone{}
	}
	// A point's display is the figure as the page shows it in the request's language, with
	// display_unit after it: "2.641 million" visits in English for 264.1 of "10,000 visits".
	body := map[string]any{
		"metric": mt.Code, "name_zh": mt.NameZh, "name_en": mt.NameEn, "unit_zh": mt.UnitZh, "unit_en": mt.UnitEn,
		"kind": mt.Kind, "cumulative": mt.Cumulative, "target": mt.Target, "decimals": mt.Decimals,
		"granularity": req.Granularity, "from": req.From, "to": req.To, "view": m.View, "as_of": m.AsOf,
		"sources": m.Sources, "targets": targets, "milestones": milestones,
		"series": out, "display_unit": m.Unit,
	}
	withAsOf(body, req.AsOf)
	history, err := s.seriesHistory(c.Request().Context(), mt.Code)
	if err != nil {
		return err
	}
	for k, v := range history {
		body[k] = v
	}
	return c.JSON(http.StatusOK, body)
}

func (s *Server) apiEvents(c echo.Context) error {
	ctx := c.Request().Context()
	if err := s.checkAsOf(c); err != nil {
		return err
	}
	q := data.EventQuery{Category: c.QueryParam("category"), Region: c.QueryParam("region"), AsOf: asOfOf(c)}
	if q.Category != "" {
		cats, err := s.store.Categories(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(cats, func(x data.Category) bool { return x.Code == q.Category }) {
			return &paramError{"category", "未知类别 " + quote(q.Category) + " / unknown category " + quote(q.Category)}
		}
	}
	if q.Region != "" {
		regions, err := s.store.Regions(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(regions, func(x data.Region) bool { return x.Code == q.Region }) {
			return &paramError{"region", "未知地区 " + quote(q.Region) + " / unknown region " + quote(q.Region)}
		}
	}
	events, err := s.store.Events(ctx, q)
	if err != nil {
		return err
	}
	if events == nil {
		events = []data.Event{}
	}
	return c.JSON(http.StatusOK, withAsOf(map[string]any{"events": events}, q.AsOf))
}

// qualifierOf names a point's qualifier as stored: "" exact, "lower_bound" or "approx".
func qualifierOf(p chart.Point) string {
	switch {
	case p.LowerBound:
		return data.QualifierLowerBound
	case p.Approximate:
		return data.QualifierApprox
	}
	return data.QualifierExact
}
