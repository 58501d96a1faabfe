package dashboard

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

type metricForm struct {
	Code, Category, NameZh, NameEn, UnitZh, UnitEn, Kind string
	Min, Max, Target, TargetDate, Decimals               string
	DescriptionZh, DescriptionEn                         string
	Cumulative                                           bool
}

type adminMetricsPage struct {
	Page
	Metrics    []data.Metric
	Form       metricForm
	Errors     fieldErrors
	Categories []option
	Kinds      []option
}

// adminMetrics is GET /admin/metrics: the catalog and the form to add a metric.
func (s *Server) adminMetrics(c echo.Context) error {
	return s.renderMetrics(c, http.StatusOK, metricForm{Kind: data.KindCount, Decimals: "0"}, nil)
}

func (s *Server) renderMetrics(c echo.Context, status int, f metricForm, errs fieldErrors) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	p := adminMetricsPage{Page: s.newPage(c, lang, tr(lang, "staff.metrics")), Form: f, Errors: errs}
	var err error
	if p.Metrics, err = s.store.Metrics(ctx); err != nil {
		return err
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return err
	}
	for _, cat := range cats {
		p.Categories = append(p.Categories, option{Value: cat.Code, Label: pick(lang, cat.NameZh, cat.NameEn), Selected: f.Category == cat.Code})
	}
	for _, k := range []string{data.KindCount, data.KindPercent, data.KindLength, data.KindAmount, data.KindRatio} {
		p.Kinds = append(p.Kinds, option{Value: k, Label: tr(lang, "staff.kind."+k), Selected: f.Kind == k})
	}
	return s.render(c, status, "admin_metrics", p)
}

// adminMetricAdd is POST /admin/metrics.
func (s *Server) adminMetricAdd(c echo.Context) error {
	f := metricForm{Code: c.FormValue("code"), Category: c.FormValue("category"), NameZh: c.FormValue("name_zh"),
		NameEn: c.FormValue("name_en"), UnitZh: c.FormValue("unit_zh"), UnitEn: c.FormValue("unit_en"),
		Kind: c.FormValue("kind"), Min: c.FormValue("min"), Max: c.FormValue("max"), Target: c.FormValue("target"),
		TargetDate: c.FormValue("target_date"), Decimals: c.FormValue("decimals"),
		DescriptionZh: c.FormValue("description_zh"), DescriptionEn: c.FormValue("description_en"),
		Cumulative: c.FormValue("cumulative") != ""}
	errs := fieldErrors{}
	optional := func(field, s string) *float64 {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		v, msg := data.ParseValue(s)
		if msg != "" {
			errs[field] = msg
			return nil
		}
		return &v
	}
	m := data.Metric{Code: f.Code, Category: f.Category, NameZh: f.NameZh, NameEn: f.NameEn, UnitZh: f.UnitZh,
		UnitEn: f.UnitEn, Kind: f.Kind, Cumulative: f.Cumulative, Min: optional("min", f.Min), Max: optional("max", f.Max),
		Target: optional("target", f.Target), TargetDate: strings.TrimSpace(f.TargetDate),
		DescriptionZh: strings.TrimSpace(f.DescriptionZh), DescriptionEn: strings.TrimSpace(f.DescriptionEn)}
	if d, err := strconv.Atoi(strings.TrimSpace(f.Decimals)); err == nil {
		m.Decimals = d
	} else if strings.TrimSpace(f.Decimals) != "" {
		errs["decimals"] = "小数位须为整数 / decimals is a whole number"
	}
	var err error
	if len(errs) > 0 { // a field already refused: check the others, write nothing
		err = s.store.ValidateMetric(c.Request().Context(), m)
	} else {
		err = s.store.AddMetric(c.Request().Context(), actorOf(c), m)
	}
	for k, v := range validationFields(err) {
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	if len(errs) > 0 {
		return s.renderMetrics(c, http.StatusUnprocessableEntity, f, errs)
	}
	if err != nil {
		return err
	}
	setFlash(c, "staff.flash.saved")
	return c.Redirect(http.StatusSeeOther, "/admin/metrics")
}

// adminMetricRetire is POST /admin/metrics/:code/retire: no new figures; the old ones stay.
func (s *Server) adminMetricRetire(c echo.Context) error {
	err := s.store.RetireMetric(c.Request().Context(), actorOf(c), c.Param("code"))
	if errs := validationFields(err); errs != nil {
		return s.renderMetrics(c, http.StatusUnprocessableEntity, metricForm{Kind: data.KindCount}, errs)
	}
	if err != nil {
		return err
	}
	setFlash(c, "staff.flash.retired")
	return c.Redirect(http.StatusSeeOther, "/admin/metrics")
}
