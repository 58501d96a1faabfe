package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
}

const metricColumns = `code, category, name_zh, name_en, unit_zh, unit_en, kind, cumulative, min_value, max_value,
	target_value, coalesce(target_date, ''), decimals, description_zh, description_en, headline, sort, retired_at IS NOT NULL`

func scanMetric(sc interface{ Scan(...any) error }) (Metric, error) {
	var m Metric
	var lo, hi, target sql.NullFloat64
	err := sc.Scan(&m.Code, &m.Category, &m.NameZh, &m.NameEn, &m.UnitZh, &m.UnitEn, &m.Kind, &m.Cumulative,
		&lo, &hi, &target, &m.TargetDate, &m.Decimals, &m.DescriptionZh, &m.DescriptionEn, &m.Headline, &m.Sort, &m.Retired)
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
	return out, rows.Err()
}

// Metric returns one metric by code, or ErrNotFound.
func (s *Store) Metric(ctx context.Context, code string) (Metric, error) {
	m, err := scanMetric(s.r.QueryRowContext(ctx, `SELECT `+metricColumns+` FROM metrics WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Metric{}, ErrNotFound
	}
	if err != nil {
		return Metric{}, fmt.Errorf("data.Metric %s: %w", code, err)
	}
	return m, nil
}
