package chart

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"pjsx/data"
)

// Reader is what Build reads from the store.
type Reader interface {
	Metric(ctx context.Context, code string) (data.Metric, error)
	Regions(ctx context.Context) ([]data.Region, error)
	Series(ctx context.Context, q data.SeriesQuery) ([]data.Observation, error)
	Events(ctx context.Context, q data.EventQuery) ([]data.Event, error)
}

// Build makes the model of a request: a view of one metric, or a named chart of DefaultCatalog.
// An unknown chart is data.ErrNotFound; a view the chart does not have is a *FieldError.
func Build(ctx context.Context, r Reader, req Request) (Model, error) {
	return DefaultCatalog.Build(ctx, r, req)
}

// Build makes the model of a request with the named charts of c.
func (c Catalog) Build(ctx context.Context, r Reader, req Request) (Model, error) {
	if req.View == "" {
		req.View = ViewOverTime
	}
	if req.Lang != LangEn {
		req.Lang = LangZh
	}
	var metrics []data.Metric
	title := [2]string{}
	named, isNamed := c.Named(req.Chart)
	if isNamed {
		for _, code := range named.Metrics {
			m, err := r.Metric(ctx, code)
			if err == nil {
				metrics = append(metrics, m)
			}
		}
		if len(metrics) == 0 {
			return Model{}, data.ErrNotFound
		}
		title = [2]string{named.TitleZh, named.TitleEn}
	} else {
		m, err := r.Metric(ctx, req.Chart)
		if err != nil {
			return Model{}, err
		}
		metrics = []data.Metric{m}
	}
	first := metrics[0]
	if title[0] == "" {
		title = [2]string{first.NameZh, first.NameEn}
	}
	if err := checkView(req.View, isNamed, first); err != nil {
		return Model{}, err
	}
	regions, err := r.Regions(ctx)
	if err != nil {
		return Model{}, err
	}
	m := Model{Chart: req.Chart, Query: req.Query(), View: req.View, Lang: req.Lang,
		Title: Pick(req.Lang, title[0], title[1]), Unit: Pick(req.Lang, first.UnitZh, first.UnitEn),
		Metric: first.Code, Kind: first.Kind, Cumulative: first.Cumulative, Decimals: first.Decimals,
		Granularity: req.Granularity, From: req.From, To: req.To}
	if req.View != ViewOverTime {
		m.Title += " · " + Word(req.Lang, "view."+req.View)
	}
	for _, mt := range metrics {
		obs, err := r.Series(ctx, data.SeriesQuery{Metric: mt.Code, Regions: req.Regions, From: req.From, To: req.To})
		if err != nil {
			return Model{}, err
		}
		for _, s := range seriesByRegion(obs, regions, req.Lang) {
			s.Metric, s.MetricName = mt.Code, Pick(req.Lang, mt.NameZh, mt.NameEn)
			if len(metrics) > 1 {
				s.Name = s.MetricName + " · " + s.Name
			}
			s.Points = seriesPoints(s.obs, req.Granularity, mt.Cumulative, mt.Decimals)
			m.Series = append(m.Series, s.Series)
		}
		if t, ok := targetOf(mt, req.Lang); ok && !slices.ContainsFunc(m.Targets, func(x Target) bool { return x.Value == t.Value && x.Date == t.Date }) {
			m.Targets = append(m.Targets, t)
		}
	}
	if req.View == ViewLatest || req.View == ViewProgress {
		m.Series = latestOnly(m.Series)
	}
	m.Span = spanOf(m.Series, req)
	m.AsOf, m.Sources = asOfAndSources(m.Series)
	if req.View == ViewOverTime {
		events, err := r.Events(ctx, data.EventQuery{Category: first.Category})
		if err != nil {
			return Model{}, err
		}
		m.Milestones = milestonesIn(events, m.Span, req.Lang)
	}
	return m, nil
}

// checkView refuses a view the chart does not have.
func checkView(view string, named bool, m data.Metric) error {
	switch {
	case named && view != ViewOverTime:
		return &FieldError{"view", "这张图只有 over_time / this chart has the over_time view only"}
	case view == ViewProgress && !HasProgress(m):
		return &FieldError{"view", "只有设定目标的百分比指标才有 progress 图 / progress is only for percent metrics with a target"}
	}
	return nil
}

// HasProgress says whether a metric has the progress view: a percent with a target.
func HasProgress(m data.Metric) bool { return m.Kind == data.KindPercent && m.Target != nil }

type regionSeries struct {
	Series
	obs []data.Observation
}

// seriesByRegion splits figures into one series per region, the places in their order, the
// joint figure last.
func seriesByRegion(obs []data.Observation, regions []data.Region, lang string) []regionSeries {
	byCode := map[string]*regionSeries{}
	var out []*regionSeries
	for _, o := range obs {
		s := byCode[o.Region]
		if s == nil {
			code := o.Region
			if code == "" {
				code = JointCode
			}
			name := RegionName(o.Region, regions, lang)
			s = &regionSeries{Series: Series{Region: code, Name: name, RegionName: name}}
			byCode[o.Region] = s
			out = append(out, s)
		}
		s.obs = append(s.obs, o)
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
	t := Target{Metric: m.Code, Value: *m.Target, Text: FigureText(*m.Target) + unit, Date: m.TargetDate}
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

// spanOf is the stretch of the time axis: the range asked for where it is given, else whole
// years around the points.
func spanOf(series []Series, req Request) Span {
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
		return Span{From: req.From, To: req.To}
	}
	sp := yearSpan(first, last)
	if req.From != "" {
		sp.From = req.From
	}
	if req.To != "" {
		sp.To = req.To
	}
	return sp
}

// asOfAndSources is the label of the period that ends last among the figures, and their
// distinct sources in order of first use.
func asOfAndSources(series []Series) (string, []string) {
	newest, label := "", ""
	sources := []string{}
	for _, s := range series {
		for _, p := range s.Points {
			if p.Gap {
				continue
			}
			if p.End > newest {
				newest, label = p.End, p.Label
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
