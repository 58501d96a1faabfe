package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// MaxInfoLen bounds a definition or a note: a few paragraphs.
const MaxInfoLen = 4000

// metricInfoRules trims info and says what is wrong with it, field by field (scope fields are
// named scope_zh.REGION and scope_en.REGION, "joint" for the four together). Messages are
// Chinese first, then English.
func metricInfoRules(info *MetricInfo, regions map[string]bool, verr *ValidationError) {
	for _, f := range []struct {
		field string
		text  *string
		max   int
	}{
		{"definition_zh", &info.DefinitionZh, MaxInfoLen}, {"definition_en", &info.DefinitionEn, MaxInfoLen},
		{"reporter_zh", &info.ReporterZh, MaxTitleLen}, {"reporter_en", &info.ReporterEn, MaxTitleLen},
		{"notes_zh", &info.NotesZh, MaxInfoLen}, {"notes_en", &info.NotesEn, MaxInfoLen},
	} {
		*f.text = strings.TrimSpace(strings.ReplaceAll(*f.text, "\r\n", "\n"))
		if msg := CheckText(*f.text, f.max, strings.HasPrefix(f.field, "definition") || strings.HasPrefix(f.field, "notes")); msg != "" {
			verr.Add(f.field, msg)
		}
	}
	if !slices.Contains(Frequencies, info.Frequency) {
		verr.Add("frequency", "报送频率应为 once、irregular、year、quarter、month 之一或留空 / the frequency is once, irregular, year, quarter, month or empty")
	}
	if info.DueDays != nil && (*info.DueDays < 0 || *info.DueDays > MaxDueDays) {
		verr.Add("due_days", fmt.Sprintf("报送期限应为 0 到 %d 天 / the due days are 0 to %d", MaxDueDays, MaxDueDays))
	}
	seen := map[string]bool{}
	for i := range info.Scopes {
		sc := &info.Scopes[i]
		name := sc.Region
		if name == "" {
			name = "joint"
		}
		if sc.Region != "" && !regions[sc.Region] {
			verr.Add("scope_zh."+name, "地区不存在 / unknown region")
		}
		if seen[sc.Region] {
			verr.Add("scope_zh."+name, "同一地区的范围写了两次 / the scope of this place is given twice")
		}
		seen[sc.Region] = true
		sc.ScopeZh, sc.ScopeEn = strings.TrimSpace(sc.ScopeZh), strings.TrimSpace(sc.ScopeEn)
		if msg := CheckText(sc.ScopeZh, MaxTitleLen, false); msg != "" {
			verr.Add("scope_zh."+name, msg)
		}
		if msg := CheckText(sc.ScopeEn, MaxTitleLen, false); msg != "" {
			verr.Add("scope_en."+name, msg)
		}
	}
}

func regionSet(ctx context.Context, q querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT code FROM regions`)
	if err != nil {
		return nil, fmt.Errorf("data.regionSet: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("data.regionSet: %w", err)
		}
		out[c] = true
	}
	return out, rows.Err()
}

// UpdateMetricInfo replaces the definition, frequency, reporter, notes and scopes of metric code
// (admin), audited with the metric before and after. Nothing else of the metric changes.
func (s *Store) UpdateMetricInfo(ctx context.Context, a Actor, code string, info MetricInfo) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		before, err := scanMetric(tx.QueryRowContext(ctx, `SELECT `+metricColumns+` FROM metrics WHERE code = ?`, code))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("data.UpdateMetricInfo: %w", err)
		}
		scopes, err := metricScopes(ctx, tx, code)
		if err != nil {
			return err
		}
		before.Scopes = scopes[code]
		regions, err := regionSet(ctx, tx)
		if err != nil {
			return err
		}
		verr := &ValidationError{}
		metricInfoRules(&info, regions, verr)
		if err := verr.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE metrics SET definition_zh = ?, definition_en = ?, frequency = ?,
			reporter_zh = ?, reporter_en = ?, notes_zh = ?, notes_en = ?, due_days = ? WHERE code = ?`,
			info.DefinitionZh, info.DefinitionEn, info.Frequency, info.ReporterZh, info.ReporterEn, info.NotesZh,
			info.NotesEn, info.DueDays, code); err != nil {
			return fmt.Errorf("data.UpdateMetricInfo: %w", err)
		}
		if err := writeScopes(ctx, tx, code, info.Scopes); err != nil {
			return err
		}
		if err := recordMetricRevision(ctx, tx, code); err != nil {
			return err
		}
		after := before
		after.MetricInfo = info
		return writeAudit(ctx, tx, a, "metric.info", "metric:"+code, before, after)
	})
}
