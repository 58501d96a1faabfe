package chart

import (
	"time"

	"pjsx/dashboard/chart/summary"
	"pjsx/data"
)

// Sentences are a model's summary sentences, one per series with figures, in the model's
// language: the chart's caption, alt text and the text of every briefing. metric looks up the
// catalog entry of a series' metric (names and units in both languages, kind). day is the day
// the sentences speak of (asof, else today): pacing is measured on it and a period not over on
// it is partial.
func Sentences(m Model, metric func(code string) (data.Metric, bool), day time.Time) []string {
	var out []string
	for _, s := range m.Series {
		mt, ok := metric(s.Metric)
		if !ok {
			continue
		}
		in := SummaryInput(m, s, mt, day)
		if sentence := summary.Sentence(in, m.Lang); sentence != "" {
			out = append(out, sentence)
		}
	}
	return out
}

// SummaryInput is one series of a model as package summary reads it.
func SummaryInput(m Model, s Series, mt data.Metric, day time.Time) summary.Input {
	in := summary.Input{NameZh: mt.NameZh, NameEn: mt.NameEn, UnitZh: mt.UnitZh, UnitEn: mt.UnitEn,
		Decimals: mt.Decimals, Kind: summaryKind(mt), AsOf: day,
		// The sentence is written in the model's language only, so the one scope name serves both.
		ScopeZh: s.RegionName, ScopeEn: s.RegionName}
	if s.Region == JointCode {
		in.ScopeZh, in.ScopeEn = "平蓟三兴四地", "the four places together" // reads better in a sentence than 四地合计
	}
	today := ""
	if !day.IsZero() {
		today = day.Format("2006-01-02")
	}
	in.Points = make([]summary.Point, 0, s.FigureCount())
	for _, p := range s.Figures() {
		end, _ := time.Parse("2006-01-02", p.End)
		q := summary.Exact
		switch {
		case p.LowerBound:
			q = summary.LowerBound
		case p.Approximate:
			q = summary.Approx
		}
		in.Points = append(in.Points, summary.Point{Period: p.Label, End: end, Value: p.Value, Text: p.Text,
			Qualifier: q, Source: p.Source,
			Partial: p.Partial || today != "" && p.End >= today}) // not over on the day spoken of
	}
	// A metric's target belongs to the four places together: it goes with the joint series, or
	// with the only series shown.
	for _, t := range m.Targets {
		if t.Metric == s.Metric && (s.Region == JointCode || len(m.Series) == 1) {
			due, _ := time.Parse("2006-01-02", t.Date) // none: a target without a date
			in.Target = &summary.Target{Value: t.Value, Date: due}
			break
		}
	}
	return in
}

// summaryKind: a percent or ratio is a level (a share done is not a total); another cumulative
// metric is a running total; any other figure counts what happened within its period.
func summaryKind(m data.Metric) summary.Kind {
	switch {
	case m.Kind == data.KindPercent || m.Kind == data.KindRatio:
		return summary.Level
	case m.Cumulative:
		return summary.Cumulative
	}
	return summary.Flow
}
