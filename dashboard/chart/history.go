package chart

import (
	"context"
	"slices"

	"pjsx/data"
)

// HistoryReader is what Build reads besides the figures: targets by region and year, changes of
// definition, and other reports of the same figures.
type HistoryReader interface {
	Targets(ctx context.Context, metric string) ([]data.Target, error)
	Breaks(ctx context.Context, metric string) ([]data.SeriesBreak, error)
	AlternativeReports(ctx context.Context, metric string) ([]data.AlternativeReport, error)
}

// Break is a change of a series' definition (口径): the line stops there and a marker says why,
// since figures on either side are not comparable.
type Break struct {
	Metric     string `json:"metric"`
	Region     string `json:"region"` // a region code, or JointCode
	RegionName string `json:"region_name"`
	Date       string `json:"date"` // YYYY-MM-DD
	Label      string `json:"label"`
	Note       string `json:"note"`
}

// OtherReport is another source's value for a figure: never drawn, named beside it in the
// table and tooltip (DECISIONS: an alternative report is a linked record, not a revision).
type OtherReport struct {
	Text     string        `json:"text"` // the value as shown, with its qualifier and unit
	Reported string        `json:"reported,omitempty"`
	Source   string        `json:"source"`
	Citation data.Citation `json:"citation,omitzero"`
	Note     string        `json:"note,omitempty"`
}

// addHistory puts a metric's stored targets, breaks and other reports on the model. It runs
// after the metric's series are built, before views trim them.
func addHistory(ctx context.Context, r Reader, m *Model, mt data.Metric, req Request, regions []data.Region) error {
	wanted := func(region string) bool {
		return req.Regions == nil || slices.Contains(req.Regions, region)
	}
	targets, err := r.Targets(ctx, mt.Code)
	if err != nil {
		return err
	}
	unit := Pick(req.Lang, mt.UnitZh, mt.UnitEn)
	for _, t := range targets {
		if !wanted(t.Region) {
			continue
		}
		x := Target{Metric: mt.Code, Region: seriesCode(t.Region), Value: t.Value, Text: FigureWithUnit(FigureText(t.Value), req.Lang, unit),
			Date: data.PeriodEnd(t.Period, t.Granularity)}
		if t.Granularity != data.Day { // a plan of a year (quarter, month) is drawn over that period
			x.Start = t.Period
		}
		// "目标 38% (2023)"; a place's own target names the place: "目标 60% (2025, 三河市)".
		when := data.FormatPeriod(t.Period, t.Granularity)
		if t.Region != "" {
			when += ", " + RegionName(t.Region, regions, req.Lang)
		}
		x.Label = Word(req.Lang, "target") + " " + x.Text + " (" + when + ")"
		if !slices.ContainsFunc(m.Targets, func(y Target) bool { return y.Value == x.Value && y.Date == x.Date && y.Region == x.Region }) {
			m.Targets = append(m.Targets, x)
		}
	}
	breaks, err := r.Breaks(ctx, mt.Code)
	if err != nil {
		return err
	}
	for _, b := range breaks {
		if !wanted(b.Region) {
			continue
		}
		code := seriesCode(b.Region)
		m.Breaks = append(m.Breaks, Break{Metric: mt.Code, Region: code, RegionName: RegionName(b.Region, regions, req.Lang),
			Date: b.Date, Label: Word(req.Lang, "break") + " " + b.Date, Note: Pick(req.Lang, b.NoteZh, b.NoteEn)})
		for i := range m.Series {
			s := &m.Series[i]
			if s.Metric == mt.Code && s.Region == code {
				s.Points = withBreakAt(s.Points, b.Date)
			}
		}
	}
	others, err := r.AlternativeReports(ctx, mt.Code)
	if err != nil {
		return err
	}
	for _, o := range others {
		code := seriesCode(o.Region)
		for i := range m.Series {
			s := &m.Series[i]
			if s.Metric != mt.Code || s.Region != code {
				continue
			}
			for j := range s.Points {
				p := &s.Points[j]
				if !p.Gap && !p.Aggregate && p.Start == o.Period && p.Granularity == o.Granularity {
					shown := Point{Text: Worded(FigureText(o.Value), req.Lang, unit), LowerBound: o.Qualifier == data.QualifierLowerBound,
						Approximate: o.Qualifier == data.QualifierApprox}
					p.Others = append(p.Others, OtherReport{Text: Qualified(shown, req.Lang) + unitAfter(ShownUnit(unit, req.Lang)),
						Reported: o.Reported, Source: o.Source, Citation: o.Citation, Note: o.Note})
				}
			}
		}
	}
	return nil
}

// withBreakAt puts a gap at date in points (kept in time order), so the line stops there; a
// series whose points all lie on one side needs none.
func withBreakAt(points []Point, date string) []Point {
	i := slices.IndexFunc(points, func(p Point) bool { return p.At >= date })
	if i <= 0 {
		return points
	}
	gap := Point{Start: date, End: date, Granularity: data.Day, Label: date, At: date, Gap: true}
	return slices.Insert(points, i, gap)
}

// unitAfter is a unit as written after a number: "%" close, a word after a space.
func unitAfter(unit string) string {
	if unit == "" || unit == "%" {
		return unit
	}
	return " " + unit
}

// seriesCode is a stored region ("" for the four together) as the series name it.
func seriesCode(region string) string {
	if region == "" {
		return JointCode
	}
	return region
}

// OtherReportTexts are a point's other reports as one line each: "39 (2024-02-22) source".
func OtherReportTexts(p Point) []string {
	var out []string
	for _, o := range p.Others {
		line := o.Text
		if o.Reported != "" {
			line += " (" + o.Reported + ")"
		}
		out = append(out, line+" "+o.Source)
	}
	return out
}
