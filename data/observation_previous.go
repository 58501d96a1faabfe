package data

import (
	"context"
	"database/sql"
	"fmt"
)

// PreviousFigure is the current figure of the same metric and region just before o's period.
func (s *Store) PreviousFigure(ctx context.Context, o Observation) (Observation, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT id, period, granularity, value, deleted, source FROM observations
		WHERE metric = ? AND region IS ? AND period < ?
		ORDER BY period DESC, id DESC`, o.Metric, nullRegion(o.Region), o.Period)
	if err != nil {
		return Observation{}, fmt.Errorf("data.PreviousFigure: %w", err)
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		p := Observation{Metric: o.Metric, Region: o.Region}
		var value sql.NullFloat64
		if err := rows.Scan(&p.ID, &p.Period, &p.Granularity, &value, &p.Deleted, &p.Source); err != nil {
			return Observation{}, fmt.Errorf("data.PreviousFigure: %w", err)
		}
		if done[p.Period] {
			continue // an older revision of a period already decided
		}
		done[p.Period] = true
		if !p.Deleted {
			p.Value = value.Float64
			return p, nil
		}
	}
	if err := rows.Err(); err != nil {
		return Observation{}, fmt.Errorf("data.PreviousFigure: %w", err)
	}
	return Observation{}, ErrNotFound
}
