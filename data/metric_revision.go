package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// The catalog as of a date: every change to a metric appends its whole row to metric_revisions
// (migration 0053), so a page asked as of a day shows the names, units, definitions and scopes of
// that day.

// metricRevisionColumns are the catalog's columns, the same in metrics and metric_revisions.
const metricRevisionColumns = `category, name_zh, name_en, unit_zh, unit_en, kind, cumulative, min_value, max_value,
	target_value, target_date, decimals, description_zh, description_en, headline, sort, retired_at,
	definition_zh, definition_en, frequency, reporter_zh, reporter_en, notes_zh, notes_en, due_days`

// recordMetricRevision appends metric code as it now stands, scopes included, to
// metric_revisions. Every write to metrics or metric_scopes calls it in the same transaction.
//
// The scopes' JSON is made here rather than by SQLite's json_group_array, so that both stores
// write the same text: the same keys in the same order, compact, UTF-8 unescaped.
func recordMetricRevision(ctx context.Context, tx *sql.Tx, code string) error {
	scopes, err := scopesJSON(ctx, tx, code)
	if err != nil {
		return fmt.Errorf("data.recordMetricRevision %s: %w", code, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO metric_revisions (code, changed_at, `+metricRevisionColumns+`, scopes)
		SELECT m.code, ?, `+metricRevisionColumns+`, ?
		FROM metrics m WHERE m.code = ?`, now(), scopes, code)
	if err != nil {
		return fmt.Errorf("data.recordMetricRevision %s: %w", code, err)
	}
	return nil
}

// revisionScope is one scope in metric_revisions.scopes.
type revisionScope struct {
	Region  string `json:"region"`
	ScopeZh string `json:"scope_zh"`
	ScopeEn string `json:"scope_en"`
}

// scopesJSON is a metric's scopes as metric_revisions keeps them, joint first, then by region.
func scopesJSON(ctx context.Context, tx *sql.Tx, code string) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.region, s.scope_zh, s.scope_en FROM metric_scopes s
		LEFT JOIN regions r ON r.code = s.region WHERE s.metric = ? ORDER BY coalesce(r.sort, 0), s.region`, code)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	out := []revisionScope{}
	for rows.Next() {
		var sc revisionScope
		if err := rows.Scan(&sc.Region, &sc.ScopeZh, &sc.ScopeEn); err != nil {
			return "", err
		}
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// metricAsOfSQL reads revisions as scanMetric reads metrics, plus their scopes.
const metricAsOfSQL = `SELECT ` + metricColumns + `, scopes FROM metric_revisions`

func scanMetricRevision(sc scanner) (Metric, error) {
	var scopes string
	var m Metric
	var lo, hi, target sql.NullFloat64
	var due sql.NullInt64
	err := sc.Scan(&m.Code, &m.Category, &m.NameZh, &m.NameEn, &m.UnitZh, &m.UnitEn, &m.Kind, &m.Cumulative,
		&lo, &hi, &target, &m.TargetDate, &m.Decimals, &m.DescriptionZh, &m.DescriptionEn, &m.Headline, &m.Sort, &m.Retired,
		&m.DefinitionZh, &m.DefinitionEn, &m.Frequency, &m.ReporterZh, &m.ReporterEn, &m.NotesZh, &m.NotesEn, &due, &scopes)
	if err != nil {
		return m, err
	}
	if due.Valid {
		d := int(due.Int64)
		m.DueDays = &d
	}
	m.Min, m.Max, m.Target = nullable(lo), nullable(hi), nullable(target)
	if err := json.Unmarshal([]byte(scopes), &m.Scopes); err != nil {
		return m, fmt.Errorf("scopes of %s: %w", m.Code, err)
	}
	if len(m.Scopes) == 0 {
		m.Scopes = nil
	}
	return m, nil
}

// MetricAsOf is metric code as the catalog had it at the end of day (YYYY-MM-DD, Shanghai); ""
// is Metric. A metric catalogued after that day is shown as first catalogued (its figures of
// that day are none, so its page is an honest empty one); an unknown code is ErrNotFound.
func (s *Store) MetricAsOf(ctx context.Context, code, day string) (Metric, error) {
	if day == "" {
		return s.Metric(ctx, code)
	}
	cutoff, err := AsOfCutoff(day)
	if err != nil {
		return Metric{}, err
	}
	m, err := scanMetricRevision(s.r.QueryRowContext(ctx, metricAsOfSQL+` WHERE id = coalesce(
		(SELECT max(id) FROM metric_revisions WHERE code = ? AND changed_at < ?),
		(SELECT min(id) FROM metric_revisions WHERE code = ?))`, code, cutoff, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Metric{}, ErrNotFound
	}
	if err != nil {
		return Metric{}, fmt.Errorf("data.MetricAsOf %s: %w", code, err)
	}
	return m, nil
}

// MetricsAsOf is the catalog at the end of day (YYYY-MM-DD, Shanghai), in display order, each
// metric as it then stood, or as first catalogued when that came later (as MetricAsOf: a
// database seeded today still shows yesterday's empty figures under their names); "" is Metrics.
func (s *Store) MetricsAsOf(ctx context.Context, day string) ([]Metric, error) {
	if day == "" {
		return s.Metrics(ctx)
	}
	cutoff, err := AsOfCutoff(day)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, metricAsOfSQL+` WHERE id IN
		(SELECT coalesce(max(CASE WHEN changed_at < ? THEN id END), min(id)) FROM metric_revisions GROUP BY code)
		ORDER BY sort, code`, cutoff)
	if err != nil {
		return nil, fmt.Errorf("data.MetricsAsOf: %w", err)
	}
	defer rows.Close()
	var out []Metric
	for rows.Next() {
		m, err := scanMetricRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("data.MetricsAsOf: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
