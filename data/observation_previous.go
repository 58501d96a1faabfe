package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var (
	previousFigureSQL = `SELECT ` + observationColumns + ` FROM current_figures c
		JOIN observations o ON o.id = c.observation_id
		WHERE c.metric = :metric AND c.region = :region AND c.period < :period AND c.deleted = 0
		ORDER BY c.period DESC LIMIT 1`
	previousFigureAsOfSQL         = asOfQuery(previousFigureSQL)
	previousFigurePostgresAsOfSQL = asOfPostgresQuery(previousFigureSQL)
)

// PreviousFigure is the current figure of the same metric and region just before o's period;
// asOf (YYYY-MM-DD) reads the figures public at the end of that day, "" today's.
func (s *Store) PreviousFigure(ctx context.Context, o Observation, asOf string) (Observation, error) {
	query, args, err := asOfArgs(previousFigureSQL, s.pick(previousFigureAsOfSQL, previousFigurePostgresAsOfSQL), asOf, []string{o.Metric},
		sql.Named("metric", o.Metric), sql.Named("region", o.Region), sql.Named("period", o.Period))
	if err != nil {
		return Observation{}, err
	}
	p, err := scanObservation(s.r.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Observation{}, ErrNotFound
	}
	if err != nil {
		return Observation{}, fmt.Errorf("data.PreviousFigure: %w", err)
	}
	return p, nil
}
