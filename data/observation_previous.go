package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// PreviousFigure is the current figure of the same metric and region just before o's period.
func (s *Store) PreviousFigure(ctx context.Context, o Observation) (Observation, error) {
	p, err := scanObservation(s.r.QueryRowContext(ctx, `SELECT `+observationColumns+` FROM current_figures c
		JOIN observations o ON o.id = c.observation_id
		WHERE c.metric = ? AND c.region = ? AND c.period < ? AND c.deleted = 0
		ORDER BY c.period DESC LIMIT 1`, o.Metric, o.Region, o.Period))
	if errors.Is(err, sql.ErrNoRows) {
		return Observation{}, ErrNotFound
	}
	if err != nil {
		return Observation{}, fmt.Errorf("data.PreviousFigure: %w", err)
	}
	return p, nil
}
