package dashboard

import (
	"strings"
	"time"

	"pjsx/dashboard/chart/summary"
	"pjsx/data"
)

// chartSentences are the summary sentences of a chart, one per series with figures, in lang.
// It is the thin layer between today's chart code and package summary: the chart model will
// fill summary.Input itself.
func chartSentences(nc namedChart, regions []data.Region, lang string, asOf time.Time) []string {
	var out []string
	for _, cg := range nc.Data {
		if len(cg.Group.Obs) == 0 {
			continue
		}
		in := summaryInput(cg.Metric, cg.Group, regions, asOf)
		// The metric's target is the four places' own (targets per region are not stored yet):
		// it goes with the joint series, or with the only series shown.
		if cg.Metric.Target != nil && (cg.Group.Region == "" || len(nc.Data) == 1) {
			due, _ := time.Parse("2006-01-02", cg.Metric.TargetDate) // none: a target without a date
			in.Target = &summary.Target{Value: *cg.Metric.Target, Date: due}
		}
		if s := summary.Sentence(in, lang); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// summaryInput is one series as package summary reads it.
func summaryInput(m data.Metric, g seriesGroup, regions []data.Region, asOf time.Time) summary.Input {
	in := summary.Input{NameZh: m.NameZh, NameEn: m.NameEn, UnitZh: m.UnitZh, UnitEn: m.UnitEn,
		Decimals: m.Decimals, Kind: summaryKind(m), AsOf: asOf,
		ScopeZh: regionName(g.Region, regions, langZh), ScopeEn: regionName(g.Region, regions, langEn)}
	if g.Region == "" {
		in.ScopeZh, in.ScopeEn = tr(langZh, "briefing.scope_joint"), tr(langEn, "briefing.scope_joint")
	}
	today := ""
	if !asOf.IsZero() {
		today = asOf.Format("2006-01-02")
	}
	for _, o := range g.Obs {
		last := data.PeriodEnd(o.Period, o.Granularity)
		end, _ := time.Parse("2006-01-02", last)
		in.Points = append(in.Points, summary.Point{Period: data.FormatPeriod(o.Period, o.Granularity), End: end,
			Value: o.Value, Text: enteredText(o.Value, m.Decimals), Source: o.Source,
			Partial: today != "" && last >= today}) // the period is not over on the day the sentence speaks of
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

// enteredText is a stored value with no more decimals than it has (60 stays 60, 38.3 stays 38.3),
// capped by the metric's, with digit grouping.
func enteredText(v float64, decimals int) string {
	s := formatValue(v, decimals)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
