package dashboard

import (
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// exportPage is the briefing-pack form: charts to pick, grouped by category, each with its
// view, the filters and the image size.
type exportPage struct {
	Page
	Message       string // why the form is shown again (nothing picked), in the page's language
	Groups        []exportGroup
	Regions       []regionOption
	Grans         []option
	From, To      string
	Width, Height int
	Scale         int
	Scales        []int
}

// exportGroup is one category's charts: a fieldset of the form.
type exportGroup struct {
	Name   string
	Charts []exportChartOption
}

// exportChartOption is one chart to pick, with the views it can be packed in.
type exportChartOption struct {
	Code, Name string
	Checked    bool
	Headline   bool // one of the overview's headline charts
	Views      []option
}

// errNothingPicked is an export asked for with no chart picked: the export routes show the form
// again with a message; elsewhere (pjsx briefing) it is the parameter error it is.
var errNothingPicked error = &paramError{"metrics", "pick at least one metric"}

// formAgainIfNothingPicked turns an empty pick into the form shown again, with a message in the
// page's language, rather than a dead-end error page; other errors pass through.
func (s *Server) formAgainIfNothingPicked(c echo.Context, lang string, err error) error {
	if errors.Is(err, errNothingPicked) {
		return s.exportForm(c, http.StatusBadRequest, tr(lang, "export.none"))
	}
	return err
}

// exportShow is GET /export. It works without JavaScript: one GET form whose buttons go to the
// ZIP, the print view and the briefing files. ?metrics= preselects charts, as the links beside
// each chart do; without it the overview's headline charts are picked, at scale 2.
func (s *Server) exportShow(c echo.Context) error {
	return s.exportForm(c, http.StatusOK, "")
}

// exportForm renders the form with status and an optional message above it.
func (s *Server) exportForm(c echo.Context, status int, message string) error {
	ctx := c.Request().Context()
	sel, err := s.parseExportSelection(c, false)
	if err != nil {
		return err
	}
	lang := sel.Req.Lang
	metrics, err := s.store.Metrics(ctx)
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return err
	}
	headlines, err := s.store.OverviewCharts(ctx)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	// A form sent back (message) or a link with ?metrics= has made its pick; a fresh form has not.
	_, picked := q["metrics"]
	picked = picked || message != ""
	scale := sel.Size.Scale
	if !q.Has("scale") && !picked {
		scale = 2 // an image for paper: twice the pixels
	}
	p := exportPage{Page: s.newPage(c, lang, tr(lang, "export.title")), Message: message,
		From: c.QueryParam("from"), To: c.QueryParam("to"),
		Width: sel.Size.Width, Height: sel.Size.Height, Scale: scale, Scales: []int{1, 2, 3}}
	// The overview's named charts (Line 22's progress) are packable too, in their first
	// measure's category, over time only.
	var named []data.Metric
	for _, h := range headlines {
		if slices.ContainsFunc(metrics, func(m data.Metric) bool { return m.Code == h.Chart }) {
			continue
		}
		if m, err := s.namedChartAsMetric(ctx, h.Chart, metrics); err == nil {
			named = append(named, m)
		} else if !errors.Is(err, data.ErrNotFound) {
			return err
		}
	}
	for _, cat := range cats {
		g := exportGroup{Name: pick(lang, cat.NameZh, cat.NameEn)}
		for _, m := range named {
			if m.Category != cat.Code {
				continue
			}
			checked := slices.ContainsFunc(sel.Metrics, func(x data.Metric) bool { return x.Code == m.Code })
			g.Charts = append(g.Charts, exportChartOption{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn),
				Checked: checked || !picked, Headline: true,
				Views: []option{{Value: chart.ViewOverTime, Label: tr(lang, "view.over_time"), Selected: true}}})
		}
		for _, m := range metrics {
			if m.Retired || m.Category != cat.Code {
				continue
			}
			headline := slices.ContainsFunc(headlines, func(h data.OverviewChart) bool { return h.Chart == m.Code })
			checked := slices.ContainsFunc(sel.Metrics, func(x data.Metric) bool { return x.Code == m.Code })
			g.Charts = append(g.Charts, exportChartOption{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn),
				Checked: checked || !picked && headline, Headline: headline, Views: viewChoices(m, sel.View(m.Code), lang)})
		}
		if len(g.Charts) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	p.Regions = regionChoices(regions, sel.Req.Regions, lang)
	p.Grans = granularityChoices(sel.Req.Granularity, lang)
	return s.render(c, status, "export", p)
}

// viewChoices are the views a metric's chart can be packed in, chosen marked.
func viewChoices(m data.Metric, chosen, lang string) []option {
	views := []string{chart.ViewOverTime, chart.ViewCompare, chart.ViewLatest}
	if chart.HasProgress(m) {
		views = append(views, chart.ViewProgress)
	}
	out := make([]option, len(views))
	for i, v := range views {
		label := tr(lang, "view.over_time")
		if v != chart.ViewOverTime {
			label = chart.Word(lang, "view."+v)
		}
		out[i] = option{Value: v, Label: label, Selected: v == chosen}
	}
	return out
}
