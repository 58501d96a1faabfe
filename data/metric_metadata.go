package data

import (
	"context"
	"strings"
)

// MetricMetadataTable is the metadata sheet of an XLSX download: one row per metric of codes
// (unknown codes are skipped) with its definition, scope per place, frequency, reporter, notes,
// targets and series breaks. Headers are bilingual: the sheet travels on its own.
func (s *Store) MetricMetadataTable(ctx context.Context, codes []string, asOf string) (Table, error) {
	t := Table{Sheet: "指标说明 metadata",
		Header: []string{"指标代码 code", "指标 name", "name", "单位 unit", "口径 definition (zh)", "definition (en)",
			"范围 scope", "报送频率 frequency", "报送单位 reporter", "备注 notes", "目标 targets", "口径断点 breaks"},
		Widths: []float64{28, 24, 28, 10, 50, 50, 40, 12, 30, 40, 30, 40}}
	regions, err := s.Regions(ctx)
	if err != nil {
		return t, err
	}
	regionName := map[string]string{"": "四地合计 joint"}
	for _, r := range regions {
		regionName[r.Code] = r.NameZh + " " + r.NameEn
	}
	for _, code := range codes {
		m, err := s.MetricAsOf(ctx, code, asOf)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return t, err
		}
		var scopes, targets, breaks []string
		for _, sc := range m.Scopes {
			scopes = append(scopes, regionName[sc.Region]+": "+joinNonEmpty(" / ", sc.ScopeZh, sc.ScopeEn))
		}
		ts, err := s.Targets(ctx, code)
		if err != nil {
			return t, err
		}
		for _, x := range ts {
			targets = append(targets, regionName[x.Region]+" "+FormatPeriod(x.Period, x.Granularity)+": "+FormatNumber(x.Value))
		}
		bs, err := s.Breaks(ctx, code)
		if err != nil {
			return t, err
		}
		for _, b := range bs {
			breaks = append(breaks, regionName[b.Region]+" "+b.Date+": "+joinNonEmpty(" / ", b.NoteZh, b.NoteEn))
		}
		t.Rows = append(t.Rows, []any{m.Code, m.NameZh, m.NameEn, joinNonEmpty(" / ", m.UnitZh, m.UnitEn),
			m.DefinitionZh, m.DefinitionEn, strings.Join(scopes, "\n"), m.Frequency,
			joinNonEmpty(" / ", m.ReporterZh, m.ReporterEn), joinNonEmpty("\n", m.NotesZh, m.NotesEn),
			strings.Join(targets, "\n"), strings.Join(breaks, "\n")})
	}
	return t, nil
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
