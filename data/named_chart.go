package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// NamedChart is a chart of the catalog under its own name rather than a metric's code: several
// metrics on one time axis, each its own series (the Line 22 chart).
type NamedChart struct {
	Name    string   `json:"name"`
	TitleZh string   `json:"title_zh"`
	TitleEn string   `json:"title_en"`
	Metrics []string `json:"metrics"` // in series order
}

// OverviewChart is one headline chart of the overview: a metric code or a named chart, and the
// id of its card on the page.
type OverviewChart struct {
	Chart     string `json:"chart"`
	ElementID string `json:"element_id"`
}

// NamedChart returns the named chart called name; ErrNotFound when there is none (the name may
// then be a metric's code).
func (s *Store) NamedChart(ctx context.Context, name string) (NamedChart, error) {
	c := NamedChart{Name: name}
	err := s.r.QueryRowContext(ctx, `SELECT title_zh, title_en FROM named_charts WHERE name = ?`, name).
		Scan(&c.TitleZh, &c.TitleEn)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("data.NamedChart %s: %w", name, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT metric FROM named_chart_metrics WHERE chart = ? ORDER BY sort`, name)
	if err != nil {
		return c, fmt.Errorf("data.NamedChart %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return c, fmt.Errorf("data.NamedChart %s: %w", name, err)
		}
		c.Metrics = append(c.Metrics, m)
	}
	return c, rows.Err()
}

// OverviewCharts lists the overview's headline charts in order.
func (s *Store) OverviewCharts(ctx context.Context) ([]OverviewChart, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT chart, element_id FROM overview_charts ORDER BY sort`)
	if err != nil {
		return nil, fmt.Errorf("data.OverviewCharts: %w", err)
	}
	defer rows.Close()
	var out []OverviewChart
	for rows.Next() {
		var c OverviewChart
		if err := rows.Scan(&c.Chart, &c.ElementID); err != nil {
			return nil, fmt.Errorf("data.OverviewCharts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
