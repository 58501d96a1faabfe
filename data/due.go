package data

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"fmt"
)

// DueItem is where one place stands with one scheduled metric on a day: its newest figure at the
// metric's frequency and the periods due after it.
type DueItem struct {
	Metric  Metric
	Region  string // "" for the four places together
	DueDays int
	// Last is the newest current figure at the metric's frequency; HasLast is false when none is.
	Last    Observation
	HasLast bool
	DueStatus
}

// Key is the figure of period (a first day) this item expects.
func (d DueItem) Key(period string) FigureKey {
	return FigureKey{Metric: d.Metric.Code, Region: d.Region, Period: period, Granularity: d.Metric.Frequency}
}

// ReportingPlaces are the places that may report metric m: the places its scopes name, or, when it
// names none, the four together and each place (regions in display order). DueItems narrows the
// second case to the places that have reported it, where any has.
func ReportingPlaces(m Metric, regions []Region) []string {
	if len(m.Scopes) > 0 {
		out := make([]string, 0, len(m.Scopes))
		for _, sc := range m.Scopes {
			out = append(out, sc.Region)
		}
		return out
	}
	out := []string{""}
	for _, r := range regions {
		out = append(out, r.Code)
	}
	return out
}

//go:embed queries/NewestReported.sql
var newestReportedFile string

var (
	newestReportedSQL     = withObservationColumns(newestReportedFile)
	newestReportedAsOfSQL = asOfQuery(newestReportedSQL)
)

//go:embed queries/postgres/NewestReported.sql
var newestReportedPostgresFile string

var (
	newestReportedPostgresSQL     = withObservationColumns(newestReportedPostgresFile)
	newestReportedPostgresAsOfSQL = asOfPostgresQuery(newestReportedPostgresSQL)
)

// DueItems lists, for every metric in use reported by month, quarter or year and every place that
// reports it, what is due on today (YYYY-MM-DD, a Shanghai day), in catalog and region order.
// asOf (YYYY-MM-DD, or "" for now) reads the figures public at the end of that day.
func (s *Store) DueItems(ctx context.Context, today, asOf string) ([]DueItem, error) {
	metrics, err := s.MetricsAsOf(ctx, asOf)
	if err != nil {
		return nil, err
	}
	regions, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	return s.DueItemsOf(ctx, today, asOf, metrics, regions)
}

// DueItemsOf is DueItems for some metrics of the catalog (as Metrics reads them) and the
// regions: a page about one metric, or the overview's key figures, reads only their figures
// instead of every scheduled metric's (issue 16).
func (s *Store) DueItemsOf(ctx context.Context, today, asOf string, metrics []Metric, regions []Region) ([]DueItem, error) {
	var items []DueItem
	var wanted [][3]string
	for _, m := range metrics {
		if m.Retired || !Scheduled(m.Frequency) {
			continue
		}
		for _, r := range ReportingPlaces(m, regions) {
			items = append(items, DueItem{Metric: m, Region: r, DueDays: m.EffectiveDueDays()})
			wanted = append(wanted, [3]string{m.Code, r, m.Frequency})
		}
	}
	if len(items) == 0 {
		return nil, nil
	}
	js, _ := json.Marshal(wanted)
	var codes []string
	for _, w := range wanted {
		codes = append(codes, w[0])
	}
	query, args, err := asOfArgs(s.pick(newestReportedSQL, newestReportedPostgresSQL),
		s.pick(newestReportedAsOfSQL, newestReportedPostgresAsOfSQL), asOf, codes, sql.Named("wanted", string(js)))
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("data.DueItems: %w", err)
	}
	newest, err := scanObservations(rows, "data.DueItems")
	if err != nil {
		return nil, err
	}
	last := map[[2]string]Observation{}
	for _, o := range newest {
		last[[2]string{o.Metric, o.Region}] = o
	}
	reported := map[string]bool{} // metrics some place has reported at their frequency
	for i := range items {
		it := &items[i]
		it.Last, it.HasLast = last[[2]string{it.Metric.Code, it.Region}]
		period := ""
		if it.HasLast {
			period = it.Last.Period
			reported[it.Metric.Code] = true
		}
		it.DueStatus = Due(it.Metric.Frequency, it.DueDays, period, today)
	}
	// A metric without scopes that only Jizhou reports is Jizhou's to report, not every place's.
	out := items[:0]
	for _, it := range items {
		if it.HasLast || len(it.Metric.Scopes) > 0 || !reported[it.Metric.Code] {
			out = append(out, it)
		}
	}
	return out, nil
}
