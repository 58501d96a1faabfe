package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// RoundError refuses a round of figures (待填报): the messages of each refused row, by its index
// in the round. Nothing of the round was written.
type RoundError struct {
	Rows map[int]*ValidationError
}

func (e *RoundError) Error() string {
	parts := make([]string, 0, len(e.Rows))
	for i, v := range e.Rows {
		parts = append(parts, fmt.Sprintf("row %d: %v", i, v))
	}
	return "invalid round: " + strings.Join(parts, "; ")
}

// AddFigureRound enters a round of new figures, as AddFigure does each, in one transaction: every
// row is checked, and one refused row writes none of them. Each figure is audited on its own.
func (s *Store) AddFigureRound(ctx context.Context, a Actor, round []FigureInput) ([]Observation, error) {
	var saved []Observation
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		saved = saved[:0]
		refused := &RoundError{Rows: map[int]*ValidationError{}}
		for i, in := range round {
			in.By = a.Name
			cf, err := checkStaffFigure(ctx, tx, in)
			var verr *ValidationError
			if errors.As(err, &verr) {
				refused.Rows[i] = verr
				continue
			}
			if err != nil {
				return err
			}
			if cur, err := currentID(ctx, tx, cf.key()); err == nil && !cur.deleted {
				refused.Rows[i] = &ValidationError{Fields: map[string]string{"period": duplicateMessage}}
				continue
			}
			o, err := insertFigure(ctx, tx, cf, a.Review)
			if err != nil {
				return err
			}
			if err := writeAudit(ctx, tx, a, "figure.add", figureTarget(o), nil, o); err != nil {
				return err
			}
			saved = append(saved, o)
		}
		if len(refused.Rows) > 0 {
			return refused // rolls the round back
		}
		return submitFigures(ctx, tx, s.dialect, a, saved...) // one submission: approvable as a whole
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}
