package chart

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"pjsx/data"
)

// Reader is what Build reads from the store.
type Reader interface {
	Metric(ctx context.Context, code string) (data.Metric, error)
	MetricAsOf(ctx context.Context, code, day string) (data.Metric, error)
	Regions(ctx context.Context) ([]data.Region, error)
	Series(ctx context.Context, q data.SeriesQuery) ([]data.Observation, error)
	Events(ctx context.Context, q data.EventQuery) ([]data.Event, error)
	HistoryReader
	NamedChart(ctx context.Context, name string) (data.NamedChart, error)
}

// Build makes the model of a request: a view of one metric, or a named chart of the catalog.
// An unknown chart is data.ErrNotFound; a view the chart does not have is a *FieldError.
func Build(ctx context.Context, r Reader, req Request) (Model, error) {
	view := req.View
	req.View = ViewOverTime
	base, err := buildOverTime(ctx, r, req)
	if err != nil {
		return Model{}, err
	}
	return ForView(base, view)
}

// buildOverTime is the over-time model of a request: every view of a chart is drawn from it.
func buildOverTime(ctx context.Context, r Reader, req Request) (Model, error) {
	if req.Lang != LangEn {
		req.Lang = LangZh
	}
	metrics, title, isNamed, err := metricsOf(ctx, r, req.Chart, req.AsOf)
	if err != nil {
		return Model{}, err
	}
	first := metrics[0]
	regions, err := r.Regions(ctx)
	if err != nil {
		return Model{}, err
	}
	// The milestones of the metric's category are read while its figures are: a page waits for
	// this model after a save of the metric (issue 16).
	type eventsRead struct {
		events []data.Event
		err    error
	}
	eventsc := make(chan eventsRead, 1)
	go func() {
		events, err := r.Events(ctx, data.EventQuery{Category: first.Category, AsOf: req.AsOf})
		eventsc <- eventsRead{events, err}
	}()
	m := Model{Chart: req.Chart, Query: req.Query(), View: ViewOverTime, Lang: req.Lang,
		Named: isNamed, Title: Pick(req.Lang, title[0], title[1]), Unit: ShownUnit(Pick(req.Lang, first.UnitZh, first.UnitEn), req.Lang),
		Metric: first.Code, Kind: first.Kind, Cumulative: IsLevel(first), Decimals: first.Decimals,
		Granularity: req.Granularity, From: req.From, To: req.To, Published: req.AsOf}
	if stored := Pick(req.Lang, first.UnitZh, first.UnitEn); stored != m.Unit {
		m.StoredUnit = stored
	}
	for _, mt := range metrics {
		obs, err := r.Series(ctx, data.SeriesQuery{Metric: mt.Code, Regions: req.Regions, From: req.From, To: req.To, AsOf: req.AsOf})
		if err != nil {
			return Model{}, err
		}
		for _, s := range seriesByRegion(obs, regions, req.Lang) {
			s.Metric, s.MetricName = mt.Code, Pick(req.Lang, mt.NameZh, mt.NameEn)
			if len(metrics) > 1 {
				s.Name = s.MetricName + " · " + s.Name
			}
			s.Points = seriesPoints(s.obs, req.Granularity, IsLevel(mt), mt.Decimals)
			withDisplay(s.Points, req.Lang, Pick(req.Lang, mt.UnitZh, mt.UnitEn))
			m.Series = append(m.Series, s.Series)
		}
		if t, ok := targetOf(mt, req.Lang); ok && !slices.ContainsFunc(m.Targets, func(x Target) bool { return x.Value == t.Value && x.Date == t.Date }) {
			m.Targets = append(m.Targets, t)
		}
		if err := addHistory(ctx, r, &m, mt, req, regions); err != nil {
			return Model{}, err
		}
	}
	m.Span = spanOf(m.Series, m.From, m.To)
	m.AsOf, m.Sources = asOfAndSources(m.Series, req.Lang)
	ev := <-eventsc
	if ev.err != nil {
		return Model{}, ev.err
	}
	m.Milestones = milestonesIn(ev.events, m.Span, req.Lang)
	return m, nil
}

// ForView is another view of an over-time model, without asking the store again: the same
// series by period (compare), or each series' newest complete figure (latest, progress), titled
// for the view; milestones belong to the time axis only. A view the chart does not have is a
// *FieldError.
func ForView(base Model, view string) (Model, error) {
	if view == "" || view == ViewOverTime {
		return base, nil
	}
	own := slices.ContainsFunc(base.Targets, func(t Target) bool { return t.Region == "" })
	if err := checkView(view, base.Named, base.Kind == data.KindPercent && own); err != nil {
		return Model{}, err
	}
	m := base
	m.View = view
	m.Title += " · " + Word(m.Lang, "view."+view)
	m.Milestones = nil
	if q, err := url.ParseQuery(base.Query); err == nil {
		q.Set("view", view)
		m.Query = q.Encode()
	}
	if view == ViewLatest || view == ViewProgress {
		m.Series = latestOnly(base.Series)
	}
	if view == ViewProgress { // against the metric's own target, not a place's plan of a year
		m.Targets = slices.DeleteFunc(slices.Clone(base.Targets), func(t Target) bool { return t.Region != "" })
	}
	m.Span = spanOf(m.Series, m.From, m.To)
	m.AsOf, m.Sources = asOfAndSources(m.Series, m.Lang)
	return m, nil
}

// checkView refuses a view the chart does not have.
func checkView(view string, named, hasProgress bool) error {
	switch {
	case named && view != ViewOverTime:
		return &FieldError{"view", "这张图只有 over_time / this chart has the over_time view only"}
	case view == ViewProgress && !hasProgress:
		return &FieldError{"view", "只有设定目标的百分比指标才有 progress 图 / progress is only for percent metrics with a target"}
	}
	return nil
}

// HasProgress says whether a metric has the progress view: a percent with a target.
func HasProgress(m data.Metric) bool { return m.Kind == data.KindPercent && m.Target != nil }

type regionSeries struct {
	Series
	obs  []data.Observation
	from int // where obs starts in the figures split, while it is a window of them
	next int // the index in them that would extend the window; -1 once obs is a copy
}

// seriesByRegion splits figures into one series per region, the places in their order, the
// joint figure last.
func seriesByRegion(obs []data.Observation, regions []data.Region, lang string) []regionSeries {
	byCode := map[string]*regionSeries{}
	var out []*regionSeries
	for i, o := range obs {
		s := byCode[o.Region]
		if s == nil {
			code := o.Region
			if code == "" {
				code = JointCode
			}
			name := RegionName(o.Region, regions, lang)
			s = &regionSeries{Series: Series{Region: code, Name: name, RegionName: name}, from: i, next: i}
			byCode[o.Region] = s
			out = append(out, s)
		}
		// The store gives a region's figures one after another: a series is a window of them,
		// not a copy. Figures out of that order are copied.
		if s.next == i {
			s.obs, s.next = obs[s.from:i+1], i+1
		} else {
			s.obs, s.next = append(slices.Clip(s.obs), o), -1
		}
	}
	order := map[string]int{JointCode: 1 << 30}
	for _, r := range regions {
		order[r.Code] = r.Sort
	}
	slices.SortStableFunc(out, func(a, b *regionSeries) int { return order[a.Region] - order[b.Region] })
	res := make([]regionSeries, len(out))
	for i, s := range out {
		res[i] = *s
	}
	return res
}

// RegionName is a region's name in lang; "" is the four places together.
func RegionName(code string, regions []data.Region, lang string) string {
	if code == "" || code == JointCode {
		return Word(lang, "joint")
	}
	for _, r := range regions {
		if r.Code == code {
			return Pick(lang, r.NameZh, r.NameEn)
		}
	}
	return code
}

func targetOf(m data.Metric, lang string) (Target, bool) {
	if m.Target == nil {
		return Target{}, false
	}
	unit := Pick(lang, m.UnitZh, m.UnitEn)
	t := Target{Metric: m.Code, Value: *m.Target, Text: FigureWithUnit(FigureText(*m.Target), lang, unit), Date: m.TargetDate}
	t.Label = Word(lang, "target") + " " + t.Text
	if t.Date != "" {
		t.Label += " (" + t.Date + ")"
	}
	return t, true
}

// latestOnly keeps each series' newest figure (complete when there is one), dropping series
// without any.
func latestOnly(series []Series) []Series {
	var out []Series
	for _, s := range series {
		if p, ok := latestPoint(s); ok {
			s.Points = []Point{p}
			out = append(out, s)
		}
	}
	return out
}

// spanOf is the stretch of the time axis: whole years around the points, or the range asked
// for where it is given, widened to every point (a quarter overlapping to=2026-08 sits at its
// end, 2026-09-30).
func spanOf(series []Series, from, to string) Span {
	first, last := "", ""
	for _, s := range series {
		for _, p := range s.Points {
			if first == "" || p.At < first {
				first = p.At
			}
			last = max(last, p.At)
		}
	}
	if first == "" {
		return Span{From: from, To: to}
	}
	sp := yearSpan(first, last)
	if from != "" {
		sp.From = min(from, first)
	}
	if to != "" {
		sp.To = max(to, last)
	}
	return atLeastTwoMonths(sp)
}

// atLeastTwoMonths widens a short span to whole months with one to spare on either side, so a
// lone point has dated ticks around it.
func atLeastTwoMonths(sp Span) Span {
	a, err1 := time.Parse(day, sp.From)
	b, err2 := time.Parse(day, sp.To)
	if err1 != nil || err2 != nil || b.Sub(a) >= 60*24*time.Hour {
		return sp
	}
	a = time.Date(a.Year(), a.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	b = time.Date(b.Year(), b.Month()+2, 1, 0, 0, 0, 0, time.UTC)
	return Span{From: a.Format(day), To: b.Format(day)}
}

// asOfAndSources is the label of the period that ends last among the figures (saying so when
// that period is partial), and their distinct sources in order of first use.
func asOfAndSources(series []Series, lang string) (string, []string) {
	newest, label := "", ""
	sources := []string{}
	for _, s := range series {
		for _, p := range s.Points {
			if p.Gap {
				continue
			}
			if p.End > newest {
				newest, label = p.End, p.Label
				if p.Partial {
					label += " (" + Word(lang, "partial") + ")"
				}
			}
			for _, src := range strings.Split(p.Source, "; ") {
				if src != "" && !slices.Contains(sources, src) {
					sources = append(sources, src)
				}
			}
		}
	}
	return label, sources
}

// milestonesIn numbers the events that fall within the span, in date order.
func milestonesIn(events []data.Event, sp Span, lang string) []Milestone {
	var out []Milestone
	for _, e := range events {
		end := data.PeriodEnd(e.Date, e.Precision)
		if (sp.From != "" && end < sp.From) || (sp.To != "" && e.Date > sp.To) {
			continue
		}
		at := e.Date
		if e.Precision != data.Day && e.Precision != "" {
			at = placeAt(e.Date, end, false)
		}
		label := data.FormatPeriod(e.Date, e.Precision)
		if e.OnOrBefore { // reported as having happened by then, its day unknown
			label = fmt.Sprintf(Word(lang, "on_or_before"), label)
		}
		out = append(out, Milestone{Date: e.Date, At: at, Label: label,
			Title: Pick(lang, e.TitleZh, e.TitleEn), Source: e.Source})
	}
	slices.SortStableFunc(out, func(a, b Milestone) int { return strings.Compare(a.Date, b.Date) })
	for i := range out {
		out[i].N = i + 1
	}
	return out
}

// String names a model in errors and logs.
func (m Model) String() string { return fmt.Sprintf("chart %s?%s", m.Chart, m.Query) }

// IsLevel says whether a metric's figures are states at the end of their period (a running
// total, or a share or ratio, which never add up over time) rather than amounts within it: a
// period takes its latest figure, and bars compare rather than stack.
func IsLevel(m data.Metric) bool {
	return m.Cumulative || m.Kind == data.KindPercent || m.Kind == data.KindRatio
}
