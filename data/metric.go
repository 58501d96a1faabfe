package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Metric kinds. A count is a whole number; a percent lies in 0–100.
const (
	KindCount   = "count"
	KindPercent = "percent"
	KindLength  = "length"
	KindAmount  = "amount"
	KindRatio   = "ratio"
)

// Metric is one figure the four places track, with how it is read and judged.
type Metric struct {
	Code          string   `json:"code"`
	Category      string   `json:"category"`
	NameZh        string   `json:"name_zh"`
	NameEn        string   `json:"name_en"`
	UnitZh        string   `json:"unit_zh"`
	UnitEn        string   `json:"unit_en"`
	Kind          string   `json:"kind"`
	Cumulative    bool     `json:"cumulative"`
	Min           *float64 `json:"min,omitempty"`
	Max           *float64 `json:"max,omitempty"`
	Target        *float64 `json:"target,omitempty"`
	TargetDate    string   `json:"target_date,omitempty"`
	Decimals      int      `json:"decimals"`
	DescriptionZh string   `json:"description_zh"`
	DescriptionEn string   `json:"description_en"`
	Headline      bool     `json:"headline"`
	Sort          int      `json:"sort"`
	Retired       bool     `json:"retired"`
	MetricInfo
}

// MetricInfo is what a metric means and who reports it: its definition (口径), how often it is
// reported, the reporting organisation, notes, and its scope in each place.
type MetricInfo struct {
	DefinitionZh string        `json:"definition_zh"`
	DefinitionEn string        `json:"definition_en"`
	Frequency    string        `json:"frequency"` // one of Frequencies; "" not known
	ReporterZh   string        `json:"reporter_zh"`
	ReporterEn   string        `json:"reporter_en"`
	NotesZh      string        `json:"notes_zh"`
	NotesEn      string        `json:"notes_en"`
	Scopes       []MetricScope `json:"scopes,omitempty"`
	// DueDays is how many days after a period ends its figure is due; nil means the frequency's
	// default (EffectiveDueDays says which applies).
	DueDays *int `json:"due_days,omitempty"`
}

// EffectiveDueDays is the metric's due days, or its frequency's default when the catalog says none.
func (i MetricInfo) EffectiveDueDays() int {
	if i.DueDays != nil {
		return *i.DueDays
	}
	return DefaultDueDays(i.Frequency)
}

// MetricScope says what one place's figure of a metric covers: for Line 22 the sanhe figure is
// the Hebei section and the joint figure the whole line. Region "" is the joint figure.
type MetricScope struct {
	Region  string `json:"region"`
	ScopeZh string `json:"scope_zh"`
	ScopeEn string `json:"scope_en"`
}

// Frequencies are how often a metric is reported, in the order forms offer them.
var Frequencies = []string{"", "once", "irregular", "year", "quarter", "month"}

// ScopeOf is the scope of region's figure, or a zero MetricScope.
func (m Metric) ScopeOf(region string) MetricScope {
	for _, s := range m.Scopes {
		if s.Region == region {
			return s
		}
	}
	return MetricScope{}
}

const metricColumns = `code, category, name_zh, name_en, unit_zh, unit_en, kind, cumulative, min_value, max_value,
	target_value, coalesce(target_date, ''), decimals, description_zh, description_en, headline, sort, retired_at IS NOT NULL,
	definition_zh, definition_en, frequency, reporter_zh, reporter_en, notes_zh, notes_en, due_days`

func scanMetric(sc interface{ Scan(...any) error }) (Metric, error) {
	var m Metric
	var lo, hi, target sql.NullFloat64
	var due sql.NullInt64
	err := sc.Scan(&m.Code, &m.Category, &m.NameZh, &m.NameEn, &m.UnitZh, &m.UnitEn, &m.Kind, &m.Cumulative,
		&lo, &hi, &target, &m.TargetDate, &m.Decimals, &m.DescriptionZh, &m.DescriptionEn, &m.Headline, &m.Sort, &m.Retired,
		&m.DefinitionZh, &m.DefinitionEn, &m.Frequency, &m.ReporterZh, &m.ReporterEn, &m.NotesZh, &m.NotesEn, &due)
	if due.Valid {
		d := int(due.Int64)
		m.DueDays = &d
	}
	m.Min, m.Max, m.Target = nullable(lo), nullable(hi), nullable(target)
	return m, err
}

func nullable(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

// Metrics lists every metric, retired ones too (their figures stay readable), in display order.
func (s *Store) Metrics(ctx context.Context) ([]Metric, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+metricColumns+` FROM metrics ORDER BY sort, code`)
	if err != nil {
		return nil, fmt.Errorf("data.Metrics: %w", err)
	}
	defer rows.Close()
	var out []Metric
	for rows.Next() {
		m, err := scanMetric(rows)
		if err != nil {
			return nil, fmt.Errorf("data.Metrics: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data.Metrics: %w", err)
	}
	scopes, err := metricScopes(ctx, s.r, "")
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Scopes = scopes[out[i].Code]
	}
	return out, nil
}

// metricScopes loads the scopes of one metric (or of all, code ""), keyed by metric, in region
// display order with the joint figure first.
func metricScopes(ctx context.Context, q querier, code string) (map[string][]MetricScope, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.metric, s.region, s.scope_zh, s.scope_en FROM metric_scopes s
		LEFT JOIN regions r ON r.code = s.region
		WHERE ? = '' OR s.metric = ? ORDER BY s.metric, coalesce(r.sort, 0)`, code, code)
	if err != nil {
		return nil, fmt.Errorf("data.metricScopes: %w", err)
	}
	defer rows.Close()
	out := map[string][]MetricScope{}
	for rows.Next() {
		var metric string
		var sc MetricScope
		if err := rows.Scan(&metric, &sc.Region, &sc.ScopeZh, &sc.ScopeEn); err != nil {
			return nil, fmt.Errorf("data.metricScopes: %w", err)
		}
		out[metric] = append(out[metric], sc)
	}
	return out, rows.Err()
}

// Metric returns one metric by code, or ErrNotFound.
func (s *Store) Metric(ctx context.Context, code string) (Metric, error) {
	// Kept while the catalog is unchanged: a metric page, its chart and its images each ask, and
	// after a save of a figure the reader waits for every query (issue 16).
	at, err := s.VersionOf(ctx, Shows{})
	if err != nil {
		return Metric{}, err
	}
	c := &s.metrics
	c.mu.Lock()
	m, ok := c.byCode[code]
	ok = ok && c.at == at
	c.mu.Unlock()
	if ok {
		m.Scopes = slices.Clone(m.Scopes)
		return m, nil
	}
	if m, err = s.readMetric(ctx, code); err != nil {
		return Metric{}, err
	}
	c.mu.Lock()
	if at > c.at || c.byCode == nil {
		c.byCode, c.at = map[string]Metric{}, at
	}
	if at == c.at { // read after at: never older than the catalog at at
		c.byCode[code] = m
	}
	c.mu.Unlock()
	m.Scopes = slices.Clone(m.Scopes)
	return m, nil
}

// metricsRead is the metrics Metric has read at a catalog version.
type metricsRead struct {
	mu     sync.Mutex
	at     int64
	byCode map[string]Metric
}

func (s *Store) readMetric(ctx context.Context, code string) (Metric, error) {
	m, err := scanMetric(s.r.QueryRowContext(ctx, `SELECT `+metricColumns+` FROM metrics WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Metric{}, ErrNotFound
	}
	if err != nil {
		return Metric{}, fmt.Errorf("data.Metric %s: %w", code, err)
	}
	scopes, err := metricScopes(ctx, s.r, code)
	if err != nil {
		return Metric{}, err
	}
	m.Scopes = scopes[code]
	return m, nil
}

// insertMetric adds m to the catalog unless its code is taken, and reports whether it did.
func insertMetric(ctx context.Context, tx *sql.Tx, m Metric) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO metrics (code, category, name_zh, name_en, unit_zh, unit_en, kind,
		cumulative, min_value, max_value, target_value, target_date, decimals, description_zh, description_en, headline, sort,
		definition_zh, definition_en, frequency, reporter_zh, reporter_en, notes_zh, notes_en)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING`,
		m.Code, m.Category, m.NameZh, m.NameEn, m.UnitZh, m.UnitEn, m.Kind, m.Cumulative, m.Min, m.Max, m.Target,
		nullIfEmpty(m.TargetDate), m.Decimals, m.DescriptionZh, m.DescriptionEn, m.Headline, m.Sort,
		m.DefinitionZh, m.DefinitionEn, m.Frequency, m.ReporterZh, m.ReporterEn, m.NotesZh, m.NotesEn)
	if err != nil {
		return false, fmt.Errorf("data.insertMetric %s: %w", m.Code, err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return false, nil
	}
	if err := writeScopes(ctx, tx, m.Code, m.Scopes); err != nil {
		return false, err
	}
	return true, recordMetricRevision(ctx, tx, m.Code)
}

// writeScopes replaces the scopes of metric code.
func writeScopes(ctx context.Context, tx *sql.Tx, code string, scopes []MetricScope) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM metric_scopes WHERE metric = ?`, code); err != nil {
		return fmt.Errorf("data.writeScopes: %w", err)
	}
	for _, sc := range scopes {
		if sc.ScopeZh == "" && sc.ScopeEn == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO metric_scopes (metric, region, scope_zh, scope_en) VALUES (?, ?, ?, ?)`,
			code, sc.Region, sc.ScopeZh, sc.ScopeEn); err != nil {
			return fmt.Errorf("data.writeScopes %s/%s: %w", code, sc.Region, err)
		}
	}
	return nil
}
