package dashboard

import (
	"slices"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

type metricPage struct {
	Page
	Metric      data.Metric
	Name        string
	Unit        string
	Category    string
	Description string
	Target      string
	Chart       chartSpec
	Progress    *chartSpec
	Compare     chartSpec
	Latest      chartSpec
	Regions     []regionOption
	From, To    string
	Granularity string
	Grans       []option
	AggNote     string
	Info        metricInfoView // 指标说明 (metric_info.go)
}

type regionOption struct {
	Code, Name string
	Checked    bool
}

// metricShow is one metric over time: filters, the chart, and every figure with its source.
func (s *Server) metricShow(c echo.Context) error {
	ctx := c.Request().Context()
	req, err := s.parseChartRequest(c)
	if err != nil {
		return err
	}
	lang := req.Lang
	d, views, err := s.buildMetricViews(ctx, req)
	if err != nil {
		return err
	}
	m, regions, f := d.Metric, d.Regions, req.Filter
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return err
	}
	p := metricPage{
		Page:        s.newPage(c, lang, pick(lang, m.NameZh, m.NameEn)),
		Metric:      m,
		Name:        pick(lang, m.NameZh, m.NameEn),
		Unit:        pick(lang, m.UnitZh, m.UnitEn),
		Description: pick(lang, m.DescriptionZh, m.DescriptionEn),
		Chart:       views.OverTime,
		Progress:    views.Progress,
		Compare:     views.Compare,
		Latest:      views.Latest,
		Granularity: f.Granularity,
		From:        c.QueryParam("from"),
		To:          c.QueryParam("to"),
	}
	if m.Target != nil {
		p.Target = formatValue(*m.Target, m.Decimals) + p.Unit
	}
	p.Grans = granularityChoices(f.Granularity, lang)
	p.AggNote = tr(lang, "view.agg.sum")
	if m.Cumulative {
		p.AggNote = tr(lang, "view.agg.latest")
	}
	for _, cat := range cats {
		if cat.Code == m.Category {
			p.Category = pick(lang, cat.NameZh, cat.NameEn)
		}
	}
	p.Regions = regionChoices(regions, f, lang)
	if p.Info, err = s.metricInfo(ctx, lang, m); err != nil {
		return err
	}
	return s.okPage(c, "metric", p)
}

// regionChoices are the region checkboxes of a filter form: the four together, then each place,
// ticked as the filter says (all when it names none).
func regionChoices(regions []data.Region, f chartFilter, lang string) []regionOption {
	out := make([]regionOption, 0, len(regions)+1)
	for _, r := range append([]data.Region{{Code: ""}}, regions...) {
		code := r.Code
		if code == "" {
			code = jointCode
		}
		out = append(out, regionOption{Code: code, Name: regionName(r.Code, regions, lang),
			Checked: f.Regions == nil || slices.Contains(f.Regions, r.Code)})
	}
	return out
}

// granularityChoices are the options of a filter form's granularity select.
func granularityChoices(selected, lang string) []option {
	var out []option
	for _, g := range []string{"", data.Year, data.Quarter, data.Month} {
		key := "view.gran." + g
		if g == "" {
			key = "view.gran.asentered"
		}
		out = append(out, option{Value: g, Label: tr(lang, key), Selected: g == selected})
	}
	return out
}
