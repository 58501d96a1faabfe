package dashboard

import (
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/summary"
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
	Chart       chartCard
	Card        *figureCard // the one figure, shown as a card instead of Chart; nil with more
	Progress    *chartCard
	Compare     *chartCard // offered only when two or more places have figures
	Latest      *chartCard
	Regions     []regionOption
	From, To    string
	Granularity string
	Grans       []option
	AggNote     string
	Info        metricInfoView // 指标说明 (metric_info.go)
	Citation    string         // the line a writer pastes under a borrowed figure; "" without figures
	Due         dueStatusView  // 报送情况 (due_view.go)
	Pacing      pacingView     // 时间过半、任务过半 (pacing_view.go)
	Revised     []string       // as of a day: 已修订 / revised since, each figure public then that differs today
}

type regionOption struct {
	Code, Name string
	Checked    bool
}

// metricShow is one metric over time: filters, the chart, and every figure with its source.
func (s *Server) metricShow(c echo.Context) error {
	ctx := c.Request().Context()
	req, err := s.parseRequest(c, c.Param("code"))
	if err != nil {
		return err
	}
	req.View = chart.ViewOverTime // the page shows every view
	lang := req.Lang
	m, err := s.store.MetricAsOf(ctx, req.Chart, req.AsOf)
	if err != nil {
		return err
	}
	view := func(v, id string) (chartCard, error) {
		r := req
		r.View = v
		return s.chartCardOf(ctx, r, id)
	}
	p := metricPage{
		Page:        s.newPage(c, lang, pick(lang, m.NameZh, m.NameEn)),
		Metric:      m,
		Name:        pick(lang, m.NameZh, m.NameEn),
		Unit:        pick(lang, m.UnitZh, m.UnitEn),
		Description: pick(lang, m.DescriptionZh, m.DescriptionEn),
		Granularity: req.Granularity,
		From:        c.QueryParam("from"),
		To:          c.QueryParam("to"),
	}
	if p.Chart, err = view(chart.ViewOverTime, "chart-"+m.Code); err != nil {
		return err
	}
	// Views chosen by the data: one figure is a card (with its bar to the target), never a dot
	// and bars repeating it; compare, latest and progress only when two or more places have
	// figures, so a page never draws the same single fact twice. After a save of the metric all
	// of them are built anew: at once, one per core (issue 16).
	if fc, ok := newFigureCard(p.Chart.Model, m, "figure-"+m.Code); ok {
		p.Card = &fc
	}
	if chart.Places(p.Chart.Model) >= 2 {
		var cmp, latest, progress chartCard
		var g errgroup.Group
		g.Go(func() (err error) { cmp, err = view(chart.ViewCompare, "chart-compare"); return err })
		g.Go(func() (err error) { latest, err = view(chart.ViewLatest, "chart-latest"); return err })
		if chart.HasProgress(m) {
			g.Go(func() (err error) { progress, err = view(chart.ViewProgress, "chart-progress"); return err })
		}
		if err := g.Wait(); err != nil {
			return err
		}
		p.Compare, p.Latest = &cmp, &latest
		if chart.HasProgress(m) {
			p.Progress = &progress
		}
	}
	if m.Target != nil {
		p.Target = chart.FigureText(*m.Target) + p.Unit
	}
	p.Citation = s.citation(m, p.Chart.Model, time.Now())
	p.Grans = granularityChoices(req.Granularity, lang)
	p.AggNote = tr(lang, "view.agg.sum")
	if chart.IsLevel(m) { // as the aggregation itself decides: shares and ratios are levels too
		p.AggNote = tr(lang, "view.agg.latest")
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return err
	}
	for _, cat := range cats {
		if cat.Code == m.Category {
			p.Category = pick(lang, cat.NameZh, cat.NameEn)
		}
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	p.Regions = regionChoices(regions, req.Regions, lang)
	if p.Info, err = s.metricInfo(ctx, lang, m); err != nil {
		return err
	}
	rows, err := s.dueRows(ctx, lang, m, req.AsOf)
	if err != nil {
		return err
	}
	p.Due = dueStatusView{Page: p.Page, Rows: rows}
	p.Pacing = pacingView{Page: p.Page, Rows: s.pacingRows(p.Chart.Model, m, lang)}
	if p.Revised, err = s.revisedSince(ctx, p.Chart.Model, req); err != nil {
		return err
	}
	return s.okPage(c, "metric", p)
}

// citation is a metric page's citation line: the dashboard, the metric, the data's as-of date,
// the view's permalink and today as the access date; "" when the view has no figure to cite.
func (s *Server) citation(m data.Metric, view chart.Model, now time.Time) string {
	asOf, err := time.Parse("2006-01-02", newestEnd(view))
	if err != nil {
		return ""
	}
	return summary.Citation(summary.Cite{MetricZh: m.NameZh, MetricEn: m.NameEn, AsOf: asOf,
		Permalink: s.permalink(viewPath(view)), Accessed: now.In(shanghai)}, view.Lang)
}

// regionChoices are the region checkboxes of a filter form: the four together, then each place,
// ticked as the request says (all when it names none).
func regionChoices(regions []data.Region, picked []string, lang string) []regionOption {
	out := make([]regionOption, 0, len(regions)+1)
	for _, r := range append([]data.Region{{Code: ""}}, regions...) {
		code := r.Code
		if code == "" {
			code = jointCode
		}
		out = append(out, regionOption{Code: code, Name: chart.RegionName(r.Code, regions, lang),
			Checked: picked == nil || slices.Contains(picked, r.Code)})
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
