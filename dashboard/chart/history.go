package chart

import (
	"context"
	"slices"

	"pjsx/data"
)

// history is what the model draws beside a metric's figures: its targets by place and period,
// the breaks of its series' definition, the other reports of its figures.
type history struct {
	targets []data.Target
	breaks  []data.SeriesBreak
	others  []data.AlternativeReport
}

func historyOf(ctx context.Context, r Reader, metric string) (history, error) {
	var h history
	var err error
	if h.targets, err = r.Targets(ctx, metric); err != nil {
		return h, err
	}
	if h.breaks, err = r.Breaks(ctx, metric); err != nil {
		return h, err
	}
	h.others, err = r.AlternativeReports(ctx, metric)
	return h, err
}

func regionCode(code string) string {
	if code == "" {
		return JointCode
	}
	return code
}

// annotate marks a series' breaks (a gap at the date, so the line does not join figures of two
// definitions, and the note) and names other reports beside the figures they go with.
func (h history) annotate(m *Model, s *Series, lang string) {
	for _, b := range h.breaks {
		if regionCode(b.Region) != s.Region {
			continue
		}
		before := slices.ContainsFunc(s.Points, func(p Point) bool { return !p.Gap && p.At < b.Date })
		after := slices.ContainsFunc(s.Points, func(p Point) bool { return !p.Gap && p.At >= b.Date })
		if before && after {
			s.Points = append(s.Points, Point{Start: b.Date, End: b.Date, Granularity: data.Day, Label: b.Date, At: b.Date, Gap: true})
			sortPoints(s.Points)
		}
		m.Breaks = append(m.Breaks, Break{Metric: b.Metric, Series: s.Name, Date: b.Date, Note: Pick(lang, b.NoteZh, b.NoteEn)})
	}
	for _, o := range h.others {
		if regionCode(o.Region) != s.Region {
			continue
		}
		for i := range s.Points {
			p := &s.Points[i]
			if p.Gap || p.Aggregate || p.Start != o.Period || p.Granularity != o.Granularity {
				continue
			}
			shown := Qualified(Point{Text: FigureText(o.Value), LowerBound: o.Qualifier == data.QualifierLowerBound,
				Approximate: o.Qualifier == data.QualifierApprox}, lang)
			p.Others = append(p.Others, OtherReport{Display: shown, Reported: o.Reported, Source: o.Source})
		}
	}
}

// addTargets adds the targets of one metric by place and period: of the places shown, each over
// the period it plans.
func (h history) addTargets(m *Model, mt data.Metric, regions []data.Region, req Request) {
	unit := Pick(req.Lang, mt.UnitZh, mt.UnitEn)
	for _, t := range h.targets {
		if req.Regions != nil && !slices.Contains(req.Regions, t.Region) {
			continue
		}
		end := data.PeriodEnd(t.Period, t.Granularity)
		tg := Target{Metric: mt.Code, Region: regionCode(t.Region), Value: t.Value, Text: FigureText(t.Value) + unit,
			Start: t.Period, Date: end, Source: t.Source}
		tg.Label = Word(req.Lang, "target") + " " + tg.Text + " (" + data.FormatPeriod(t.Period, t.Granularity) +
			" · " + RegionName(t.Region, regions, req.Lang) + ")"
		if t.Granularity == data.Day {
			tg.Start = ""
			tg.Label = Word(req.Lang, "target") + " " + tg.Text + " (" + end + " · " + RegionName(t.Region, regions, req.Lang) + ")"
		}
		m.Targets = append(m.Targets, tg)
	}
}

// OtherTexts names the other reports of a figure: "39 (2024-02-22, source)".
func OtherTexts(p Point) []string {
	var out []string
	for _, o := range p.Others {
		out = append(out, o.Display+" ("+o.Reported+", "+o.Source+")")
	}
	return out
}
