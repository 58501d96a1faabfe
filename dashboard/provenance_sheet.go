package dashboard

import (
	"slices"
	"strings"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// provenanceSheet is the "Provenance" sheet of an XLSX download (出处 in Chinese): for each chart its
// metric, definition, unit, sources, as-of date and permalink, so a spreadsheet that leaves the
// dashboard still says what its numbers are and where they come from. metric looks up the
// catalog entry of a series' metric.
func (s *Server) provenanceSheet(lang string, models []chart.Model, metric func(string) (data.Metric, bool)) data.Table {
	t := data.Table{Sheet: tr(lang, "about.sheet"),
		Header: []string{tr(lang, "export.metric"), tr(lang, "export.metric_name"), tr(lang, "briefing.definition"),
			tr(lang, "export.unit"), tr(lang, "export.source"), tr(lang, "briefing.as_of"), tr(lang, "briefing.link")},
		Widths: []float64{28, 24, 50, 8, 60, 12, 60}}
	for _, m := range models {
		// A named chart shows several metrics: each one's definition, in the order of its series.
		var definitions []string
		for _, sr := range m.Series {
			if mt, ok := metric(sr.Metric); ok {
				if d := pick(lang, mt.DescriptionZh, mt.DescriptionEn); d != "" && !slices.Contains(definitions, d) {
					definitions = append(definitions, d)
				}
			}
		}
		t.Rows = append(t.Rows, []any{m.Chart, m.Title, strings.Join(definitions, "\n"), m.ValueUnit(),
			strings.Join(m.Sources, "\n"), strings.TrimPrefix(m.AsOf+chart.PublishedSuffix(m), " · "), s.permalink(viewPath(m))})
	}
	return t
}
