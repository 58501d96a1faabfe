package dashboard

import (
	"context"
	"errors"
	"fmt"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

type overviewPage struct {
	Page
	Cards      []keyCard
	Charts     []chartCard
	Categories []categoryBlock
	Milestones []milestoneView
}

// keyCard is the latest figure of a headline metric.
type keyCard struct {
	Code, Name, Value, Unit, AsOf, Region, Source string
	Change                                        string // since the previous figure of the same region, or ""
	Up, Down                                      bool
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
	p, err := cachedView(ctx, s, "overview|"+lang, func(ctx context.Context) (overviewPage, error) { return s.buildOverview(ctx, lang) })
	if err != nil {
		return err
	}
	p.Page = s.newPage(c, lang, tr(lang, "overview.title"))
	return s.okPage(c, "overview", p)
}

func (s *Server) buildOverview(ctx context.Context, lang string) (overviewPage, error) {
	var p overviewPage
	metrics, err := s.store.Metrics(ctx)
	if err != nil {
		return p, err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return p, err
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return p, err
	}
	// The overview lists the first few metrics of each category (a large catalog stays one click
	// away on the category page) and asks for the latest figures of those and the headline ones.
	listed := map[string][]data.Metric{}
	var wanted []string
	for _, m := range metrics {
		if m.Retired {
			continue
		}
		if len(listed[m.Category]) < overviewPerCategory {
			listed[m.Category] = append(listed[m.Category], m)
			wanted = append(wanted, m.Code)
		} else if m.Headline {
			wanted = append(wanted, m.Code)
		}
	}
	latest, err := s.store.LatestFigures(ctx, wanted)
	if err != nil {
		return p, err
	}
	noteMetrics(ctx, wanted...) // the overview changes with their figures (and its charts')
	events, err := s.store.Events(ctx, data.EventQuery{})
	if err != nil {
		return p, err
	}

	byCode := map[string]data.Metric{}
	counts := map[string]int{}
	for _, m := range metrics {
		byCode[m.Code] = m
		o, ok := latest[m.Code]
		if !m.Headline || !ok {
			continue
		}
		card := keyCard{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn),
			Value: chart.FigureText(o.Value), Unit: pick(lang, m.UnitZh, m.UnitEn),
			AsOf: data.FormatPeriod(o.Period, o.Granularity), Region: chart.RegionName(o.Region, regions, lang), Source: o.Source}
		prev, err := s.store.PreviousFigure(ctx, o)
		switch {
		case err == nil:
			card.Change, card.Up, card.Down = describeChange(prev.Value, o.Value, m.Decimals, card.Unit)
			card.Change = tr(lang, "view.change") + " " + data.FormatPeriod(prev.Period, prev.Granularity) + ": " + card.Change
		case errors.Is(err, data.ErrNotFound):
			card.Change = tr(lang, "view.first")
		default:
			return p, err
		}
		p.Cards = append(p.Cards, card)
	}
	for _, m := range metrics {
		if m.Category != "" && !m.Retired {
			counts[m.Category]++
		}
	}
	for _, cat := range cats {
		b := categoryBlock{Code: cat.Code, Name: pick(lang, cat.NameZh, cat.NameEn), More: counts[cat.Code] - len(listed[cat.Code])}
		for _, m := range listed[cat.Code] {
			l := overviewMetric{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn), Unit: pick(lang, m.UnitZh, m.UnitEn)}
			if o, ok := latest[m.Code]; ok {
				l.Latest = chart.FigureText(o.Value)
				l.AsOf = data.FormatPeriod(o.Period, o.Granularity)
				l.Source = o.Source
			}
			b.Metrics = append(b.Metrics, l)
		}
		if len(b.Metrics) > 0 {
			p.Categories = append(p.Categories, b)
		}
	}

	// The headline charts are catalog data: each is the chart its image and data links serve. A
	// chart whose metrics are not in the catalog is left out.
	headline, err := s.store.OverviewCharts(ctx)
	if err != nil {
		return p, err
	}
	for _, oc := range headline {
		card, err := s.chartCardOf(ctx, chart.Request{Chart: oc.Chart, Lang: lang, View: chart.ViewOverTime}, oc.ElementID)
		switch {
		case err == nil:
			p.Charts = append(p.Charts, card)
		case !errors.Is(err, data.ErrNotFound):
			return p, err
		}
	}

	p.Milestones = milestoneViews(events, cats, regions, lang)
	return p, nil
}

// describeChange writes the change from prev to cur as "+2 条 (+33.3%)".
func describeChange(prev, cur float64, decimals int, unit string) (string, bool, bool) {
	d := cur - prev
	sign := "+"
	if d < 0 {
		sign = "-"
	}
	// A change is computed: the metric's decimals cap it, and the figures' own decimals too.
	places := min(decimals, max(chart.DecimalsOf(prev), chart.DecimalsOf(cur)))
	out := sign + chart.FormatNumber(max(d, -d), places) + " " + unit
	if prev != 0 {
		out += fmt.Sprintf(" (%s%.1f%%)", sign, max(d, -d)/max(prev, -prev)*100)
	}
	return out, d > 0, d < 0
}
