package dashboard

import (
	"cmp"
	"context"
	"strings"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// How overdue and current figures show on the overview's cards and a metric's page (issue 14):
// the templates draw them with the partials of _due.html.

// dueBadge is the 逾期 / overdue badge of a key-figure card: the most periods any reporting place
// owes, and which places owe.
type dueBadge struct {
	Text   string // 已逾期 2 期
	Places string // 三河市、兴隆县
}

// dueRow is one reporting place's standing with a metric: its newest figure, how many periods
// it owes, and the next due date.
type dueRow struct {
	Place, Last, Next, NextDue string
	Overdue                    int
	OverdueText                string
}

// dueStatusView is what the "due_status" partial draws on a metric page.
type dueStatusView struct {
	Page Page
	Rows []dueRow
}

// dueBadges are the badges of every metric with an overdue figure on today, by metric code.
func (s *Server) dueBadges(ctx context.Context, lang string, metrics []data.Metric, asOf string) (map[string]dueBadge, error) {
	items, regions, err := s.dueOf(ctx, metrics, asOf)
	if err != nil {
		return nil, err
	}
	most := map[string]int{}
	last := map[string]string{} // the newest figure of the place that owes most
	places := map[string][]string{}
	for _, it := range items {
		if n := len(it.Overdue); n > 0 {
			if n > most[it.Metric.Code] {
				most[it.Metric.Code], last[it.Metric.Code] = n, ""
				if it.HasLast {
					last[it.Metric.Code] = data.FormatPeriod(it.Last.Period, it.Last.Granularity)
				}
			}
			places[it.Metric.Code] = append(places[it.Metric.Code], chart.RegionName(it.Region, regions, lang))
		}
	}
	out := map[string]dueBadge{}
	sep := "、"
	if lang == langEn {
		sep = ", "
	}
	for code, n := range most {
		out[code] = dueBadge{Text: overdueText(lang, n, last[code]), Places: strings.Join(places[code], sep)}
	}
	return out, nil
}

// dueRows are the reporting places of metric code on today, in region order; nil when the metric
// is not reported by month, quarter or year.
func (s *Server) dueRows(ctx context.Context, lang string, m data.Metric, asOf string) ([]dueRow, error) {
	code := m.Code
	items, regions, err := s.dueOf(ctx, []data.Metric{m}, asOf)
	if err != nil {
		return nil, err
	}
	var out []dueRow
	for _, it := range items {
		if it.Metric.Code != code {
			continue
		}
		r := dueRow{Place: chart.RegionName(it.Region, regions, lang), Overdue: len(it.Overdue),
			Next: data.FormatPeriod(it.Next, it.Metric.Frequency), NextDue: it.NextDue}
		if it.HasLast {
			r.Last = data.FormatPeriod(it.Last.Period, it.Last.Granularity)
		}
		if r.Overdue > 0 {
			r.OverdueText = overdueText(lang, r.Overdue, r.Last)
		}
		out = append(out, r)
	}
	return out, nil
}

// dueToday is what is due on today, with the regions to name the places by.
func (s *Server) dueToday(ctx context.Context) ([]data.DueItem, []data.Region, error) {
	metrics, err := s.catalogMetrics(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	return s.dueOf(ctx, metrics, "")
}

// dueOn is what was due at the end of the asof day by the figures then public; "" is dueToday.
func (s *Server) dueOn(ctx context.Context, asOf string) ([]data.DueItem, []data.Region, error) {
	metrics, err := s.catalogMetrics(ctx, asOf)
	if err != nil {
		return nil, nil, err
	}
	return s.dueOf(ctx, metrics, asOf)
}

// dueOf is what is due on today for some metrics of the catalog: a page of one metric, or the
// overview's key figures, reads only their figures.
func (s *Server) dueOf(ctx context.Context, metrics []data.Metric, asOf string) ([]data.DueItem, []data.Region, error) {
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.store.DueItemsOf(ctx, cmp.Or(asOf, s.today()), asOf, metrics, regions)
	return items, regions, err
}
