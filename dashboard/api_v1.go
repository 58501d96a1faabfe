package dashboard

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

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

func (s *Server) apiRegions(c echo.Context) error {
	regions, err := s.store.Regions(c.Request().Context())
	if err != nil {
		return err
	}
	out := []apiRegion{}
	for _, r := range regions {
		out = append(out, apiRegion{r.Code, r.NameZh, r.NameEn, r.ProvinceZh, r.ProvinceEn})
	}
	out = append(out, apiRegion{Code: jointCode, NameZh: tr(langZh, "joint"), NameEn: tr(langEn, "joint")})
	return c.JSON(http.StatusOK, map[string]any{"regions": out})
}

func (s *Server) apiMetrics(c echo.Context) error {
	metrics, err := s.store.Metrics(c.Request().Context())
	if err != nil {
		return err
	}
	if metrics == nil {
		metrics = []data.Metric{}
	}
	return c.JSON(http.StatusOK, map[string]any{"metrics": metrics})
}

type apiPoint struct {
	Period      string  `json:"period"`
	Label       string  `json:"label"`
	Granularity string  `json:"granularity"`
	Value       float64 `json:"value"`
	Qualifier   string  `json:"qualifier"` // "" exact, "lower_bound" or "approx"
	Source      string  `json:"source"`
	// Citation is the source in parts (outlet, title, publication date, address) where known.
	Citation data.Citation `json:"citation,omitzero"`
	Note     string        `json:"note,omitempty"`
}

type apiSeries struct {
	Region string     `json:"region"`
	Name   string     `json:"name"`
	Points []apiPoint `json:"points"`
}

// apiSeries is a metric's figures for the same filters as its chart, aggregated the same way.
func (s *Server) apiSeries(c echo.Context) error {
	req, err := s.parseChartRequest(c)
	if err != nil {
		return err
	}
	d, err := s.loadMetricData(c.Request().Context(), req)
	if err != nil {
		return err
	}
	out := []apiSeries{}
	for _, g := range d.Groups {
		sr := apiSeries{Region: g.Region, Name: g.Name, Points: []apiPoint{}}
		if sr.Region == "" {
			sr.Region = jointCode
		}
		for _, o := range g.Obs {
			sr.Points = append(sr.Points, apiPoint{o.Period, data.FormatPeriod(o.Period, o.Granularity), o.Granularity,
				o.Value, o.Qualifier, o.Source, o.Citation, o.Note})
		}
		out = append(out, sr)
	}
	m := d.Metric
	body := map[string]any{
		"metric": m.Code, "name_zh": m.NameZh, "name_en": m.NameEn, "unit_zh": m.UnitZh, "unit_en": m.UnitEn,
		"kind": m.Kind, "cumulative": m.Cumulative, "target": m.Target, "decimals": m.Decimals,
		"granularity": req.Filter.Granularity, "from": req.Filter.From, "to": req.Filter.To,
		"series": out,
	}
	history, err := s.seriesHistory(c.Request().Context(), m.Code)
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
	q := data.EventQuery{Category: c.QueryParam("category"), Region: c.QueryParam("region")}
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
	return c.JSON(http.StatusOK, map[string]any{"events": events})
}
