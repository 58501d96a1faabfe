package dashboard

import (
	"context"
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
	p := metricPage{
		Page:        s.newPage(c, lang, pick(lang, m.NameZh, m.NameEn)),
		Metric:      m,
		Name:        pick(lang, m.NameZh, m.NameEn),
		Unit:        chart.ShownUnit(pick(lang, m.UnitZh, m.UnitEn), lang), // figures in 10,000s read in millions in English
		Description: pick(lang, m.DescriptionZh, m.DescriptionEn),
		Granularity: req.Granularity,
		From:        c.QueryParam("from"),
		To:          c.QueryParam("to"),
	}
	// The charts and the rest of the page (catalog, metadata, due dates) read different things:
	// after a save of the metric the reader waits for the slower of the two, not their sum.
	var g errgroup.Group
	g.Go(func() error { return s.metricCharts(ctx, req, m, &p) })
	g.Go(func() error { return s.metricAbout(ctx, req, m, &p) })
	if err := g.Wait(); err != nil {
		return err
	}
	return s.okPage(c, "metric", p)
}

// metricCharts puts a metric page's charts in p: the one over time with its table, and its
// other views as previews.
func (s *Server) metricCharts(ctx context.Context, req chart.Request, m data.Metric, p *metricPage) error {
	// The over-time card and the previews of the other views share one model (built once) and
	// are drawn side by side.
	var g errgroup.Group
	g.Go(func() (err error) { p.Chart, err = s.chartCardOf(ctx, req, "chart-"+m.Code); return err })
	g.Go(func() error { return s.metricPreviews(ctx, req, m, p) })
	if err := g.Wait(); err != nil {
		return err
	}
	// One figure is a card (with its bar to the target), never a dot and bars repeating it.
	if fc, ok := newFigureCard(p.Chart.Model, m, "figure-"+m.Code); ok {
		p.Card = &fc
	}
	p.Citation = s.citation(m, p.Chart.Model, time.Now())
	p.Pacing = pacingView{Page: p.Page, Rows: s.pacingRows(p.Chart.Model, m, req.Lang)}
	var err error
	p.Revised, err = s.revisedSince(ctx, p.Chart.Model, req)
	return err
}

// metricPreviews puts the previews of a metric's other views in p. Views are chosen by the
// data: compare, latest and progress only when two or more places have figures, so a page
// never draws the same single fact twice. A preview is the view's picture and sentences; its
// table and interactive chart load from /metrics/{code}/card when wanted, so a save of the
// metric rebuilds one view for the next reader, not four (issue 16).
func (s *Server) metricPreviews(ctx context.Context, req chart.Request, m data.Metric, p *metricPage) error {
	over, err := s.chartModel(ctx, req)
	if err != nil || chart.Places(over) < 2 {
		return err
	}
	grid := []string{chart.ViewCompare, chart.ViewLatest}
	if chart.HasProgress(m) {
		grid = append(grid, chart.ViewProgress)
	}
	for _, v := range grid {
		r := req
		r.View = v
		card, err := s.chartPreviewOf(ctx, r, gridCardID(v))
		if err != nil {
			return err
		}
		switch v {
		case chart.ViewCompare:
			p.Compare = &card
		case chart.ViewLatest:
			p.Latest = &card
		default:
			p.Progress = &card
		}
	}
	return nil
}

// metricAbout puts the rest of a metric page in p: its category, the filters' choices, the
// metric's description and its reporting status.
func (s *Server) metricAbout(ctx context.Context, req chart.Request, m data.Metric, p *metricPage) error {
	lang := req.Lang
	if m.Target != nil {
		p.Target = chart.FigureWithUnit(chart.FigureText(*m.Target), lang, pick(lang, m.UnitZh, m.UnitEn))
	}
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
	return nil
}

// gridCardID is the id of a view's card in a metric page's grid, on the page and in the card
// that /metrics/{code}/card brings in its place.
func gridCardID(view string) string { return "chart-" + view }

// metricCard is GET /metrics/:code/card: one view of a metric as the chart card a metric page
// shows, with its data island and table, and nothing around it. A metric page shows the views
// beyond the first as previews (chartPreviewOf), which its script replaces with this when the
// reader opens a table or the interactive charts load.
func (s *Server) metricCard(c echo.Context) error {
	ctx := c.Request().Context()
	req, err := s.parseRequest(c, c.Param("code"))
	if err != nil {
		return err
	}
	m, err := s.store.MetricAsOf(ctx, req.Chart, req.AsOf)
	if err != nil {
		return err
	}
	id := "chart-" + m.Code
	if req.View != chart.ViewOverTime {
		id = gridCardID(req.View)
	}
	card, err := s.chartCardOf(ctx, req, id)
	if err != nil {
		return err
	}
	return s.okPage(c, "metric_card", metricCardPage{Page: s.newPage(c, req.Lang, card.Model.Title), Chart: card,
		Grid: req.View != chart.ViewOverTime})
}

type metricCardPage struct {
	Page
	Chart chartCard
	Grid  bool
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
