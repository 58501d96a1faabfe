package dashboard

import (
	"context"
	"strconv"
	"strings"
	"time"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// progressBlock is a named chart of several percent measures with a target (Line 22) read at a
// glance (issue 13, item 2): one bar per measure and scope with its newest value, date and
// source; the over-time chart only of the places whose measures have two or more dates; and how
// the planned opening date moved, report by report.
type progressBlock struct {
	ID, Title string
	Rows      []progressRow
	OverTime  *chartCard // nil when no measure has two dates
	Plans     []planView
}

// progressRow is one measure in one scope: its newest figure as a bar to the target.
type progressRow struct {
	Code, Measure, Scope, Value, Unit, Date, Source string
	Bar                                             string // the bar's width, "60%"
	Target                                          string // "100%"
	Share                                           string // "60%" of the target, for the bar's label
}

// planView is one plan of dates: each report's planned date on a common time axis.
type planView struct {
	Name, Definition string
	Axis             []planTick
	Reports          []planReport
	Actual           string // the day it happened, "" not yet
}

type planTick struct{ Label, Left string }

// planReport is one report: when it was made and the date it planned, as positions on the axis.
type planReport struct {
	Reported, Planned, Source, Note string
	Left, Width                     string // of the span from the report to the planned date, in percent of the axis
}

// isProgressChart says whether a model is a named chart of several measures against a target:
// the charts a progress block shows.
func isProgressChart(m chart.Model, metric func(string) (data.Metric, bool)) bool {
	if !m.Named || m.Kind != data.KindPercent {
		return false
	}
	mt, ok := metric(m.Metric)
	return ok && chart.HasProgress(mt)
}

// progressBlockOf builds the block of a progress chart's over-time model.
func (s *Server) progressBlockOf(ctx context.Context, m chart.Model, id, lang string) (progressBlock, error) {
	b := progressBlock{ID: id, Title: m.Title}
	for _, sr := range m.Series {
		p, ok := chart.Latest(sr)
		if !ok {
			continue
		}
		mt, err := s.store.Metric(ctx, sr.Metric)
		if err != nil {
			return b, err
		}
		region := sr.Region
		if region == chart.JointCode {
			region = ""
		}
		row := progressRow{Code: sr.Metric, Measure: sr.MetricName, Scope: sr.RegionName, Value: p.Display,
			Unit: pick(lang, mt.UnitZh, mt.UnitEn), Date: p.Label, Source: p.Source}
		if sc := mt.ScopeOf(region); sc.ScopeZh != "" || sc.ScopeEn != "" {
			row.Scope = pick(lang, sc.ScopeZh, sc.ScopeEn)
		}
		if mt.Target != nil && *mt.Target > 0 {
			row.Bar, row.Share = barTo(p.Value, *mt.Target)
			row.Target = chart.FigureText(*mt.Target) + row.Unit
		}
		b.Rows = append(b.Rows, row)
	}
	if req, ok := overTimeOf(m); ok {
		card, err := s.chartCardOf(ctx, req, id)
		if err != nil {
			return b, err
		}
		b.OverTime = &card
	}
	plans, err := s.store.DatePlans(ctx)
	if err != nil {
		return b, err
	}
	// A chart's plans of dates share its name's first word (rail22_progress, rail22_planned_opening).
	prefix, _, _ := strings.Cut(m.Chart, "_")
	for _, pl := range plans {
		if strings.HasPrefix(pl.Code, prefix+"_") && len(pl.Reports) > 0 {
			b.Plans = append(b.Plans, planViewOf(pl, lang))
		}
	}
	return b, nil
}

// maxOverTimeSeries is the most lines the block's over-time chart draws; with more (every measure
// in every place, as demo data has), it draws the chart's first measure alone.
const maxOverTimeSeries = 6

// overTimeOf is the over-time chart of a progress block: the places where a measure has two or
// more dates (a single report is a bar, not a dot on an axis); false when none has.
func overTimeOf(m chart.Model) (chart.Request, bool) {
	regionsOf := func(metric string) (regions []string, lines int) {
		twice := map[string]bool{}
		for _, sr := range m.Series {
			if (metric == "" || sr.Metric == metric) && len(sr.Figures()) >= 2 {
				twice[sr.Region] = true
			}
		}
		for _, sr := range m.Series {
			if metric != "" && sr.Metric != metric || !twice[sr.Region] {
				continue
			}
			lines++
			code := sr.Region
			if code == chart.JointCode {
				code = ""
			}
			if !containsString(regions, code) {
				regions = append(regions, code)
			}
		}
		return regions, lines
	}
	req := chart.Request{Chart: m.Chart, Lang: m.Lang, View: chart.ViewOverTime, AsOf: m.Published}
	regions, lines := regionsOf("")
	if lines > maxOverTimeSeries {
		req.Chart = m.Metric
		regions, _ = regionsOf(m.Metric)
	}
	req.Regions = regions
	return req, len(regions) > 0
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// planViewOf places each report of a plan on one axis of whole years, from the first report to
// the latest planned date.
func planViewOf(pl data.DatePlan, lang string) planView {
	v := planView{Name: pick(lang, pl.NameZh, pl.NameEn), Definition: pick(lang, pl.DefinitionZh, pl.DefinitionEn),
		Actual: datePrecise(pl.Actual, pl.ActualPrecision)}
	first, last := 9999, 0
	for _, r := range pl.Reports {
		first = min(first, yearOf(r.Reported), yearOf(r.Planned))
		last = max(last, yearOf(r.Reported), yearOf(r.Planned))
	}
	if pl.Actual != "" {
		last = max(last, yearOf(pl.Actual))
	}
	from := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC)
	pos := func(d string) float64 {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return 0
		}
		return float64(t.Sub(from)) / float64(to.Sub(from)) * 100
	}
	pct := func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) + "%" }
	for y := first; y <= last+1; y++ {
		if (y-first)%2 == 0 || y == last+1 {
			v.Axis = append(v.Axis, planTick{Label: strconv.Itoa(y), Left: pct(pos(strconv.Itoa(y) + "-01-01"))})
		}
	}
	for _, r := range pl.Reports {
		planned := r.Planned
		if r.PlannedPrecision == data.Year { // "within that year": the span reaches the year's end
			planned = r.Planned[:4] + "-12-31"
		}
		left := pos(r.Reported)
		v.Reports = append(v.Reports, planReport{Reported: datePrecise(r.Reported, r.ReportedPrecision),
			Planned: datePrecise(r.Planned, r.PlannedPrecision), Source: r.Source, Note: r.Note,
			Left: pct(left), Width: pct(max(pos(planned)-left, 0.5))})
	}
	return v
}

func yearOf(d string) int {
	y, _ := strconv.Atoi(d[:min(4, len(d))])
	return y
}

// datePrecise writes a date to its precision: 2020 for a year, 2015-12 for a month.
func datePrecise(d, precision string) string {
	switch {
	case d == "":
		return ""
	case precision == data.Year:
		return d[:4]
	case precision == data.Month:
		return d[:7]
	}
	return d
}
