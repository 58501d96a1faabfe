package dashboard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"time"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

type overviewPage struct {
	Page
	Cards      []keyCard
	Headline   []headlineView // the catalog's headline charts, each in the view its data calls for
	Categories []categoryBlock
	Milestones []milestoneView
}

// keyCard is the latest figure of a headline metric (one per topic, chosen in the catalog).
type keyCard struct {
	Code, Name, Value, Unit, AsOf, Region, Source string
	Exact                                         string    // the figure in full when Value is in 万/亿, for the card's title; "" otherwise
	Change                                        string    // since the previous figure of the same region, or "first reported"
	Arrow                                         string    // ↑ ↓ → for the change, neutral in colour; "" for none
	Age                                           string    // "over a year old" when the figure is; "" when recent
	Due                                           *dueBadge // overdue at some reporting place (due_view.go)
	Revised                                       string    // as of a day: the figure's value today when it differs (已修订)
}

// CardColumns is how many key figures a wide screen puts on a row: the first of 3, 4, 2 and 5
// that leaves no card alone on the last row (all of them when they fit on one).
func (p overviewPage) CardColumns() int {
	n := len(p.Cards)
	if n <= 4 {
		return max(n, 1)
	}
	for _, c := range []int{3, 4, 2, 5} {
		if n%c != 1 {
			return c
		}
	}
	return 3
}

// headlineView is one headline chart of the overview: a chart, a figure card when it holds one
// figure the key figures do not already show, or a progress block (Line 22). A single fact the
// key figures show is not drawn again.
type headlineView struct {
	HTML template.HTML // the part drawn by its partial (headlinePart)
}

type categoryBlock struct {
	Code, Name string
	Metrics    []overviewMetric
	More       int // metrics of the category not listed on the overview
}

// overviewPerCategory is how many metrics of a category the overview lists.
const overviewPerCategory = 8

type overviewMetric struct {
	Code, Name, Latest, Unit, AsOf, Source string
}

type milestoneView struct {
	Date, Title, Category, Region, Source string
}

// overviewShow is the front page: key figures, the headline charts, metrics by category, milestones.
func (s *Server) overviewShow(c echo.Context) error {
	ctx := c.Request().Context()
	lang, bad := langOf(c)
	if bad != "" {
		return &paramError{"lang", "语言须为 zh 或 en / must be zh or en"}
	}
	// The key figures' age cue and the overdue badges change with the day, so the day is part of
	// the key; as of a day they are that day's.
	today := s.now().In(shanghai)
	asOf := asOfOf(c)
	if asOf != "" {
		today, _ = time.ParseInLocation(time.DateOnly, asOf, shanghai) // checked by publicPage
	}
	p, err := cachedView(ctx, s, "overview|"+lang+"|"+today.Format(time.DateOnly)+"|"+asOf, func(ctx context.Context) (overviewPage, error) {
		return s.buildOverview(ctx, lang, today, asOf)
	})
	if err != nil {
		return err
	}
	p.Page = s.newPage(c, lang, tr(lang, "overview.title"))
	return s.okPage(c, "overview", p)
}

// buildOverview builds the front page from parts, each cached with what it shows (issue 16): the
// key figure of each headline metric, the block of each category and the rendered HTML of each
// headline chart. A save of one metric rebuilds only the parts that show it; the rest of the
// page is reassembled from cached parts.
func (s *Server) buildOverview(ctx context.Context, lang string, today time.Time, asOf string) (overviewPage, error) {
	var p overviewPage
	metrics, err := s.catalogMetrics(ctx, asOf)
	if err != nil {
		return p, err
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return p, err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return p, err
	}
	events, err := s.store.Events(ctx, data.EventQuery{AsOf: asOf})
	if err != nil {
		return p, err
	}
	day := today.Format(time.DateOnly)
	// The overview lists the first few metrics of each category (a large catalog stays one click
	// away on the category page).
	listed := map[string][]data.Metric{}
	counts := map[string]int{}
	for _, m := range metrics {
		if m.Retired {
			continue
		}
		if m.Category != "" {
			counts[m.Category]++
		}
		if len(listed[m.Category]) < overviewPerCategory {
			listed[m.Category] = append(listed[m.Category], m)
		}
	}
	for _, m := range metrics {
		if !m.Headline || m.Retired {
			continue
		}
		part, err := cachedView(ctx, s, "overview-card|"+lang+"|"+day+"|"+asOf+"|"+m.Code, func(ctx context.Context) (keyCardPart, error) {
			card, ok, err := s.keyCardOf(ctx, m, regions, lang, today, asOf)
			return keyCardPart{card, ok}, err
		})
		if err != nil {
			return p, err
		}
		if part.ok {
			p.Cards = append(p.Cards, part.card)
		}
	}
	for _, cat := range cats {
		if len(listed[cat.Code]) == 0 {
			continue
		}
		b, err := cachedView(ctx, s, "overview-category|"+lang+"|"+asOf+"|"+cat.Code, func(ctx context.Context) (categoryBlock, error) {
			return s.categoryBlockOf(ctx, cat, listed[cat.Code], lang, asOf)
		})
		if err != nil {
			return p, err
		}
		b.More = counts[cat.Code] - len(b.Metrics)
		p.Categories = append(p.Categories, b)
	}

	// The headline charts are catalog data: each is the chart its image and data links serve. A
	// chart whose metrics are not in the catalog is left out.
	headline, err := s.store.OverviewCharts(ctx)
	if err != nil {
		return p, err
	}
	metric, err := s.cachedMetricLookup(ctx, asOf)
	if err != nil {
		return p, err
	}
	shown := map[string]bool{}
	for _, c := range p.Cards {
		shown[c.Code] = true
	}
	for _, oc := range headline {
		req := chart.Request{Chart: oc.Chart, Lang: lang, View: chart.ViewOverTime, AsOf: asOf}
		model, err := s.chartModel(ctx, req)
		switch {
		case errors.Is(err, data.ErrNotFound):
			continue
		case err != nil:
			return p, err
		}
		kind := "chart"
		switch {
		case isProgressChart(model, metric):
			kind = "progress"
		case chart.ShapeOf(model) == chart.ShapeCard:
			if shown[model.Metric] {
				continue
			}
			kind = "card"
		}
		html, err := cachedView(ctx, s, "overview-part|"+kind+"|"+oc.ElementID+"|"+day+"|"+req.Key(), func(ctx context.Context) (template.HTML, error) {
			return s.headlinePart(ctx, kind, req, oc.ElementID, metric)
		})
		if err != nil {
			return p, err
		}
		p.Headline = append(p.Headline, headlineView{HTML: html})
	}

	p.Milestones = milestoneViews(events, cats, regions, lang)
	return p, nil
}

// headlinePartView is what the headline-part template draws: one of the three, and the page for
// its words.
type headlinePartView struct {
	P        Page
	Chart    *chartCard
	Card     *figureCard
	Progress *progressBlock
}

// keyCardPart is a key figure as the overview caches it: ok is false for a metric without figures.
type keyCardPart struct {
	card keyCard
	ok   bool
}

// keyCardOf is the key figure of headline metric m: its latest figure, the change since the
// previous one, its age and its overdue badge.
func (s *Server) keyCardOf(ctx context.Context, m data.Metric, regions []data.Region, lang string, today time.Time, asOf string) (keyCard, bool, error) {
	noteMetrics(ctx, m.Code)
	latest, err := s.store.LatestFigures(ctx, []string{m.Code}, asOf)
	if err != nil {
		return keyCard{}, false, err
	}
	o, ok := latest[m.Code]
	if !ok {
		return keyCard{}, false, nil
	}
	unit := pick(lang, m.UnitZh, m.UnitEn) // the stored values' unit
	exact := figurePoint(o, lang, unit)
	card := keyCard{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn),
		Value: chart.ShortText(exact, lang, unit), Unit: chart.ShownUnit(unit, lang),
		AsOf: data.FormatPeriod(o.Period, o.Granularity), Region: chart.RegionName(o.Region, regions, lang), Source: o.Source,
		Age: ageOf(data.PeriodEnd(o.Period, o.Granularity), today, lang)}
	if card.Value != exact.Display { // written in 万/亿: the title gives it in full
		card.Exact = exact.Display
	}
	prev, err := s.store.PreviousFigure(ctx, o, asOf)
	switch {
	case err == nil:
		card.Change, card.Arrow = describeChange(prev.Value, o.Value, m, unit, lang)
		card.Change = tr(lang, "glance.since") + " " + data.FormatPeriod(prev.Period, prev.Granularity) + " " + card.Change
	case errors.Is(err, data.ErrNotFound):
		card.Change = tr(lang, "glance.first")
	default:
		return card, false, err
	}
	badges, err := s.dueBadges(ctx, lang, []data.Metric{m}, asOf)
	if err != nil {
		return card, false, err
	}
	if b, ok := badges[m.Code]; ok {
		card.Due = &b
	}
	if asOf != "" { // as of a day: today's value beside it where it was revised since
		if card.Revised, err = s.revisedFigure(ctx, o, lang, unit); err != nil {
			return card, false, err
		}
	}
	return card, true, nil
}

// categoryBlockOf is a category's block of the overview: the latest figure of each metric it lists.
func (s *Server) categoryBlockOf(ctx context.Context, cat data.Category, listed []data.Metric, lang, asOf string) (categoryBlock, error) {
	b := categoryBlock{Code: cat.Code, Name: pick(lang, cat.NameZh, cat.NameEn)}
	codes := make([]string, 0, len(listed))
	for _, m := range listed {
		codes = append(codes, m.Code)
	}
	noteMetrics(ctx, codes...)
	latest, err := s.store.LatestFigures(ctx, codes, asOf)
	if err != nil {
		return b, err
	}
	for _, m := range listed {
		unit := pick(lang, m.UnitZh, m.UnitEn)
		l := overviewMetric{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn), Unit: chart.ShownUnit(unit, lang)}
		if o, ok := latest[m.Code]; ok {
			l.Latest = chart.Worded(chart.FigureText(o.Value), lang, unit)
			l.AsOf = data.FormatPeriod(o.Period, o.Granularity)
			l.Source = o.Source
		}
		b.Metrics = append(b.Metrics, l)
	}
	return b, nil
}

// headlinePart is one headline chart of the overview drawn as HTML, once per version of what it
// shows: a progress block, a figure card or a chart card.
func (s *Server) headlinePart(ctx context.Context, kind string, req chart.Request, id string, metric func(string) (data.Metric, bool)) (template.HTML, error) {
	model, err := s.chartModel(ctx, req)
	if err != nil {
		return "", err
	}
	part := headlinePartView{P: Page{Lang: req.Lang, AsOf: req.AsOf}} // its links keep the day
	switch kind {
	case "progress":
		b, err := s.progressBlockOf(ctx, model, id, req.Lang)
		if err != nil {
			return "", err
		}
		part.Progress = &b
	case "card":
		mt, _ := metric(model.Metric)
		fc, _ := newFigureCard(model, mt, id)
		part.Card = &fc
	default:
		card, err := s.chartCardOf(ctx, req, id)
		if err != nil {
			return "", err
		}
		part.Chart = &card
	}
	var buf bytes.Buffer
	if err := s.pages["overview"].ExecuteTemplate(&buf, "headline-part", part); err != nil {
		return "", fmt.Errorf("dashboard: overview %s %s: %w", kind, id, err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // our own template's output
}

// describeChange writes the change from prev to cur in neutral words, "增加 2 条 (+25%)" / "up 2
// lines (+25%)", with an arrow: a rise is not good news nor a fall bad news by colour. A percent
// metric's change is in points, without a relative change on top. unit is the stored values'.
func describeChange(prev, cur float64, m data.Metric, unit, lang string) (string, string) {
	d := cur - prev
	if d == 0 {
		return tr(lang, "glance.same"), "→"
	}
	word, arrow, sign := tr(lang, "glance.up"), "↑", "+"
	if d < 0 {
		word, arrow, sign = tr(lang, "glance.down"), "↓", "-"
	}
	// A change is computed: the metric's decimals cap it, and the figures' own decimals too.
	places := min(m.Decimals, max(chart.DecimalsOf(prev), chart.DecimalsOf(cur)))
	out := word + " " + chart.Worded(chart.FormatNumber(max(d, -d), places), lang, unit) + " " + chart.ShownUnit(unit, lang)
	if m.Kind == data.KindPercent {
		return out, arrow
	}
	if prev != 0 {
		rel := max(d, -d) / max(prev, -prev) * 100
		relText := chart.FormatNumber(rel, 0)
		if rel < 10 {
			relText = chart.FormatNumber(rel, 1)
		}
		out += " (" + sign + relText + "%)"
	}
	return out, arrow
}

// figurePoint is a stored figure in unit as the source gave it: its own decimals and its
// qualifier, in Display in the reader's wording (2.641 million in English for 10,000 visits).
func figurePoint(o data.Observation, lang, unit string) chart.Point {
	p := chart.Point{Value: o.Value, Text: chart.FigureText(o.Value),
		LowerBound: o.Qualifier == data.QualifierLowerBound, Approximate: o.Qualifier == data.QualifierApprox}
	shown := p
	shown.Text = chart.Worded(p.Text, lang, unit)
	p.Display = chart.Qualified(shown, lang)
	return p
}

// ageOf is the freshness cue of a figure whose period ended on end (YYYY-MM-DD): "" within a
// year of today, else how old it is, so an old figure is not read as current.
func ageOf(end string, today time.Time, lang string) string {
	e, err := time.Parse(time.DateOnly, end)
	if err != nil {
		return ""
	}
	years := today.Year() - e.Year()
	if today.YearDay() < e.YearDay() {
		years--
	}
	switch {
	case years < 1:
		return ""
	case years == 1:
		return tr(lang, "glance.age_one")
	}
	return fmt.Sprintf(tr(lang, "glance.age"), years)
}
