package data

import (
	"context"
	"database/sql"
	"fmt"
)

// Superseded is an author's figure revision that another editor's newer submission took out of
// the queue (supersedeOlder), with the newer revision that waits in its place.
type Superseded struct {
	Revision Observation // the author's, superseded
	By       string      // who submitted the newer one
	Newer    Observation // the newer revision, waiting for review
}

// SupersededFor lists author's figure revisions superseded by someone else's submission that
// still waits for a reviewer, so the author learns their figure was replaced before anyone
// judged it. Once the newer one is approved or returned, the figure's history tells the rest.
func (s *Store) SupersededFor(ctx context.Context, author string) ([]Superseded, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+observationColumns+`, n.id, n.entered_by, coalesce(n.value, 0), n.deleted
		FROM review_actions l
		JOIN observations o ON o.id = l.revision_id
		JOIN observations n ON n.metric = o.metric AND n.region IS o.region AND n.period = o.period
			AND n.granularity = o.granularity AND n.id > o.id AND n.pending = 1 AND n.entered_by <> :author
		JOIN review_actions w ON w.kind = 'figure' AND w.revision_id = n.id
		WHERE l.kind = 'figure' AND l.action = 'supersede' AND o.entered_by = :author
		  AND l.id = (SELECT max(x.id) FROM review_actions x WHERE x.kind = 'figure' AND x.revision_id = o.id)
		  AND w.action = 'submit'
		  AND w.id = (SELECT max(x.id) FROM review_actions x WHERE x.kind = 'figure' AND x.revision_id = n.id)
		ORDER BY o.id`, sql.Named("author", author))
	if err != nil {
		return nil, fmt.Errorf("data.SupersededFor: %w", err)
	}
	defer rows.Close()
	var out []Superseded
	for rows.Next() {
		var it Superseded
		o, n := &it.Revision, &it.Newer
		if err := rows.Scan(&o.ID, &o.Metric, &o.Region, &o.Period, &o.Granularity, &o.Value, &o.Qualifier, &o.Deleted,
			&o.Source, &o.Citation.Outlet, &o.Citation.Title, &o.Citation.Date, &o.Citation.URL, &o.Note, &o.Supersedes,
			&o.EnteredBy, &o.EnteredAt, &o.Demo, &n.ID, &n.EnteredBy, &n.Value, &n.Deleted); err != nil {
			return nil, fmt.Errorf("data.SupersededFor: %w", err)
		}
		o.Review.State = ReviewSuperseded
		n.Metric, n.Region, n.Period, n.Granularity = o.Metric, o.Region, o.Period, o.Granularity
		it.By = n.EnteredBy
		out = append(out, it)
	}
	return out, rows.Err()
}
