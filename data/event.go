package data

import (
	"context"
	"database/sql"
	"fmt"
)

// Event is a dated milestone. Date is YYYY-MM-DD; Precision says how much of it is known
// (a "2014" milestone is stored as 2014-01-01 with precision year).
type Event struct {
	ID        int64  `json:"id"`
	EventID   int64  `json:"event_id"`
	Date      string `json:"date"`
	Precision string `json:"precision"`
	TitleZh   string `json:"title_zh"`
	TitleEn   string `json:"title_en"`
	Category  string `json:"category,omitempty"`
	Region    string `json:"region,omitempty"`
	Source    string `json:"source"`
	Demo      bool   `json:"demo,omitempty"`
	// OnOrBefore: the report says it had happened by Date, without its day ("2016年11月3日前").
	OnOrBefore bool     `json:"on_or_before,omitempty"`
	Citation   Citation `json:"citation,omitzero"`
}

// EventQuery narrows the milestone list; empty fields select everything.
type EventQuery struct {
	Category string
	Region   string
	// AsOf (YYYY-MM-DD) lists the milestones as they stood at the end of that Shanghai day: a
	// milestone revision counts from its publication. "" is now.
	AsOf string
}

// Events lists the current milestones by date: each one's newest published revision.
func (s *Store) Events(ctx context.Context, q EventQuery) ([]Event, error) {
	cutoff := "" // no cutoff: every revision counts
	if q.AsOf != "" {
		var err error
		if cutoff, err = AsOfCutoff(q.AsOf); err != nil {
			return nil, err
		}
	}
	current := `(SELECT e.*, max(e.id) FROM events e JOIN event_publications p ON p.event_revision_id = e.id
			WHERE (? = '' OR p.published_at < ?) GROUP BY e.event_id)`
	if s.dialect == Postgres { // no bare columns beside max(): the newest published row of each event_id
		current = `(SELECT DISTINCT ON (e.event_id) e.* FROM events e JOIN event_publications p ON p.event_revision_id = e.id
			WHERE (? = '' OR p.published_at < ?) ORDER BY e.event_id, e.id DESC) AS e`
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+eventColumns+`
		FROM `+current+`
		WHERE deleted = 0
		  AND (? = '' OR category = ?)
		  AND (? = '' OR region = ?)
		ORDER BY date, event_id`, cutoff, cutoff, q.Category, q.Category, q.Region, q.Region)
	if err != nil {
		return nil, fmt.Errorf("data.Events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEventRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("data.Events: %w", err)
		}
		out = append(out, e.Event)
	}
	return out, rows.Err()
}

// EventInput is a milestone as staff enter it; Date is written as ParsePeriod reads it, but
// quarters are not allowed.
type EventInput struct {
	Date     string
	TitleZh  string
	TitleEn  string
	Category string
	Region   string
	Source   string
	By       string
	Demo     bool
	// OnOrBefore and Citation: see Event. An edit that keeps the date (the source text) keeps
	// OnOrBefore (the citation) of the revision it follows.
	OnOrBefore bool
	Citation   Citation
}

// addEvent writes a new milestone, published at once or pending (waiting for review).
func addEvent(ctx context.Context, tx *sql.Tx, in EventInput, pending bool) (int64, error) {
	day, gran, err := ParsePeriod(in.Date)
	if err != nil || gran == Quarter {
		return 0, &ValidationError{Fields: map[string]string{"date": "use YYYY, YYYY-MM or YYYY-MM-DD"}}
	}
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(event_id), 0) + 1 FROM events`).Scan(&next); err != nil {
		return 0, fmt.Errorf("data.addEvent: %w", err)
	}
	if _, err := insertEventRevision(ctx, tx, next, day, gran, in, pending); err != nil {
		return 0, err
	}
	return next, nil
}

// insertEventRevision writes in as the newest revision of milestone eventID, published at once
// or pending (waiting for review), and returns its row id.
func insertEventRevision(ctx context.Context, tx *sql.Tx, eventID int64, day, gran string, in EventInput, pending bool) (int64, error) {
	c := in.Citation
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO events
		(event_id, date, precision, title_zh, title_en, category, region, source, entered_by, entered_at, demo,
		 on_or_before, source_outlet, source_title, source_date, source_url, pending)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		eventID, day, gran, in.TitleZh, in.TitleEn, nullIfEmpty(in.Category), nullIfEmpty(in.Region), in.Source,
		in.By, now(), in.Demo, in.OnOrBefore, c.Outlet, c.Title, c.Date, c.URL, pending).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("data.insertEventRevision: %w", err)
	}
	return id, nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
