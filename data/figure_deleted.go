package data

import (
	"context"
	"fmt"
)

// DeletedFigure is a figure whose current revision is a tombstone: who deleted it, when and why,
// and the revision it deleted, which a restore brings back.
type DeletedFigure struct {
	Tombstone Observation // its Source is the reason given
	Last      Observation // the revision deleted
}

// DeletedFigures lists the deleted figures of a metric, for the staff list's deleted filter:
// without it a deleted figure could be found again only by typing its URL.
func (s *Store) DeletedFigures(ctx context.Context, metric string) ([]DeletedFigure, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT t.id, t.metric, coalesce(t.region, ''), t.period, t.granularity, t.source, t.entered_by, t.entered_at,
		       p.id, coalesce(p.value, 0), p.source, p.note, p.entered_by, p.entered_at
		FROM current_figures c
		JOIN observations t ON t.id = c.observation_id
		JOIN observations p ON p.id = t.supersedes
		WHERE c.metric = ? AND c.deleted = 1
		ORDER BY c.region, c.period`, metric)
	if err != nil {
		return nil, fmt.Errorf("data.DeletedFigures: %w", err)
	}
	defer rows.Close()
	var out []DeletedFigure
	for rows.Next() {
		var d DeletedFigure
		t, p := &d.Tombstone, &d.Last
		if err := rows.Scan(&t.ID, &t.Metric, &t.Region, &t.Period, &t.Granularity, &t.Source, &t.EnteredBy, &t.EnteredAt,
			&p.ID, &p.Value, &p.Source, &p.Note, &p.EnteredBy, &p.EnteredAt); err != nil {
			return nil, fmt.Errorf("data.DeletedFigures: %w", err)
		}
		t.Deleted = true
		p.Metric, p.Region, p.Period, p.Granularity = t.Metric, t.Region, t.Period, t.Granularity
		out = append(out, d)
	}
	return out, rows.Err()
}
