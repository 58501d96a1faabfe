package dashboard

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// metricInfoForm is the metadata of one metric as the admin typed it; Scopes has one row for the
// four together and one per place.
type metricInfoForm struct {
	DefinitionZh, DefinitionEn, Frequency, ReporterZh, ReporterEn, NotesZh, NotesEn string
	DueDays                                                                         string // "" for the frequency's default
	Scopes                                                                          []scopeRow
}

// scopeRow is one place's scope fields: named scope_zh.CODE and scope_en.CODE ("joint" for the
// four together), as the data layer names their errors.
type scopeRow struct {
	Region, Key, Name, Zh, En, ErrZh, ErrEn string
}

type adminMetricInfoPage struct {
	Page
	Metric      data.Metric
	Form        metricInfoForm
	Errors      fieldErrors
	Frequencies []option
}

// adminMetricInfo is GET /admin/metrics/:code/info: the form of the metric's definition, scope per
// place, frequency, reporter and notes.
func (s *Server) adminMetricInfo(c echo.Context) error {
	m, err := s.store.Metric(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	f := metricInfoForm{DefinitionZh: m.DefinitionZh, DefinitionEn: m.DefinitionEn, Frequency: m.Frequency,
		ReporterZh: m.ReporterZh, ReporterEn: m.ReporterEn, NotesZh: m.NotesZh, NotesEn: m.NotesEn}
	if m.DueDays != nil {
		f.DueDays = strconv.Itoa(*m.DueDays)
	}
	rows, err := s.scopeRows(c, func(region string) (string, string) {
		sc := m.ScopeOf(region)
		return sc.ScopeZh, sc.ScopeEn
	})
	if err != nil {
		return err
	}
	f.Scopes = rows
	return s.renderMetricInfo(c, http.StatusOK, m, f, nil)
}

// adminMetricInfoSave is POST /admin/metrics/:code/info.
func (s *Server) adminMetricInfoSave(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.store.Metric(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	f := metricInfoForm{DefinitionZh: c.FormValue("definition_zh"), DefinitionEn: c.FormValue("definition_en"),
		Frequency: c.FormValue("frequency"), ReporterZh: c.FormValue("reporter_zh"), ReporterEn: c.FormValue("reporter_en"),
		NotesZh: c.FormValue("notes_zh"), NotesEn: c.FormValue("notes_en"), DueDays: strings.TrimSpace(c.FormValue("due_days"))}
	if f.Scopes, err = s.scopeRows(c, func(region string) (string, string) {
		key := scopeKey(region)
		return c.FormValue("scope_zh." + key), c.FormValue("scope_en." + key)
	}); err != nil {
		return err
	}
	info := data.MetricInfo{DefinitionZh: f.DefinitionZh, DefinitionEn: f.DefinitionEn, Frequency: f.Frequency,
		ReporterZh: f.ReporterZh, ReporterEn: f.ReporterEn, NotesZh: f.NotesZh, NotesEn: f.NotesEn}
	for _, r := range f.Scopes {
		info.Scopes = append(info.Scopes, data.MetricScope{Region: r.Region, ScopeZh: r.Zh, ScopeEn: r.En})
	}
	if f.DueDays != "" {
		d, err := strconv.Atoi(data.FoldWidth(f.DueDays))
		if err != nil {
			return s.renderMetricInfo(c, http.StatusUnprocessableEntity, m, f,
				fieldErrors{"due_days": "报送期限应为整数天数,或留空取默认值 / the due days are a whole number, or empty for the default"})
		}
		info.DueDays = &d
	}
	err = s.store.UpdateMetricInfo(ctx, actorOf(c), m.Code, info)
	if errs := validationFields(err); errs != nil {
		return s.renderMetricInfo(c, http.StatusUnprocessableEntity, m, f, errs)
	}
	if err != nil {
		return err
	}
	setFlash(c, "staff.flash.saved")
	return c.Redirect(http.StatusSeeOther, "/admin/metrics/"+url.PathEscape(m.Code)+"/info")
}

func scopeKey(region string) string {
	if region == "" {
		return "joint"
	}
	return region
}

// scopeRows lists the four together and every place, with the scope value gives for each.
func (s *Server) scopeRows(c echo.Context, value func(region string) (zh, en string)) ([]scopeRow, error) {
	lang, _ := langOf(c)
	regions, err := s.store.Regions(c.Request().Context())
	if err != nil {
		return nil, err
	}
	codes := []string{""}
	for _, r := range regions {
		codes = append(codes, r.Code)
	}
	out := make([]scopeRow, 0, len(codes))
	for _, code := range codes {
		zh, en := value(code)
		out = append(out, scopeRow{Region: code, Key: scopeKey(code), Name: s.regionLabel(c, lang, code), Zh: zh, En: en})
	}
	return out, nil
}

func (s *Server) renderMetricInfo(c echo.Context, status int, m data.Metric, f metricInfoForm, errs fieldErrors) error {
	lang, _ := langOf(c)
	for i := range f.Scopes {
		f.Scopes[i].ErrZh, f.Scopes[i].ErrEn = errs["scope_zh."+f.Scopes[i].Key], errs["scope_en."+f.Scopes[i].Key]
	}
	p := adminMetricInfoPage{Page: s.newPage(c, lang, tr(lang, "info.title")+" · "+pick(lang, m.NameZh, m.NameEn)),
		Metric: m, Form: f, Errors: errs}
	for _, fr := range data.Frequencies {
		label := "—"
		if fr != "" {
			label = tr(lang, "info.frequency."+fr)
		}
		p.Frequencies = append(p.Frequencies, option{Value: fr, Label: label, Selected: fr == f.Frequency})
	}
	return s.render(c, status, "admin_metric_info", p)
}
