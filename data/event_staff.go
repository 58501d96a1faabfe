package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

const eventColumns = `id, event_id, date, precision, title_zh, title_en, coalesce(category, ''), coalesce(region, ''),
	source, demo, deleted, entered_by, entered_at, on_or_before, source_outlet, source_title, source_date, source_url`

// eventCopyColumns are the columns a tombstone or a restore copies from an earlier revision.
const eventCopyColumns = `event_id, date, precision, title_zh, title_en, category, region, source, demo,
	on_or_before, source_outlet, source_title, source_date, source_url`

// EventRevision is one stored row of a milestone: the milestone plus who wrote it and whether
// it is a tombstone.
type EventRevision struct {
	Event
	Deleted   bool
	EnteredBy string
	EnteredAt string
	// Review is where an unpublished revision stands; only EventHistory fills it.
	Review ReviewNote `json:"-"`
}

func scanEventRevision(sc interface{ Scan(...any) error }) (EventRevision, error) {
	var e EventRevision
	err := sc.Scan(&e.ID, &e.EventID, &e.Date, &e.Precision, &e.TitleZh, &e.TitleEn, &e.Category, &e.Region,
		&e.Source, &e.Demo, &e.Deleted, &e.EnteredBy, &e.EnteredAt, &e.OnOrBefore, &e.Citation.Outlet, &e.Citation.Title,
		&e.Citation.Date, &e.Citation.URL)
	return e, err
}

// EventHistory lists every revision of one milestone, newest first, each with where it stands
// in review; ErrNotFound if none.
func (s *Store) EventHistory(ctx context.Context, eventID int64) ([]EventRevision, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+eventColumns+`, `+eventReviewColumns+` FROM events WHERE event_id = ? ORDER BY id DESC`, eventID)
	if err != nil {
		return nil, fmt.Errorf("data.EventHistory: %w", err)
	}
	defer rows.Close()
	var out []EventRevision
	for rows.Next() {
		var e EventRevision
		n := &e.Review
		if err := rows.Scan(&e.ID, &e.EventID, &e.Date, &e.Precision, &e.TitleZh, &e.TitleEn, &e.Category, &e.Region,
			&e.Source, &e.Demo, &e.Deleted, &e.EnteredBy, &e.EnteredAt, &e.OnOrBefore, &e.Citation.Outlet, &e.Citation.Title,
			&e.Citation.Date, &e.Citation.URL, &n.State, &n.Comment, &n.By, &n.At); err != nil {
			return nil, fmt.Errorf("data.EventHistory: %w", err)
		}
		noteFromAction(n)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data.EventHistory: %w", err)
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return out, nil
}

// checkEvent applies the milestone rules; messages Chinese first, then English.
func checkEvent(ctx context.Context, q querier, in *EventInput) error {
	verr := &ValidationError{}
	in.TitleZh, in.TitleEn = strings.TrimSpace(in.TitleZh), strings.TrimSpace(in.TitleEn)
	in.Source = strings.TrimSpace(in.Source)
	if _, gran, err := ParsePeriod(in.Date); err != nil || gran == Quarter {
		verr.Add("date", "日期应写作 YYYY、YYYY-MM 或 YYYY-MM-DD / write the date as YYYY, YYYY-MM or YYYY-MM-DD")
	}
	if in.TitleZh == "" {
		verr.Add("title_zh", "中文标题为必填项 / a Chinese title is required")
	}
	if in.Source == "" {
		verr.Add("source", "来源为必填项 / a source is required")
	}
	citationRules(in.Citation, verr)
	for _, f := range []struct {
		field, text string
		max         int
	}{{"title_zh", in.TitleZh, MaxTitleLen}, {"title_en", in.TitleEn, MaxTitleLen}, {"source", in.Source, MaxSourceLen}} {
		if msg := CheckText(f.text, f.max, false); msg != "" {
			verr.Add(f.field, msg)
		}
	}
	for _, c := range [][3]string{{"category", "categories", in.Category}, {"region", "regions", in.Region}} {
		if c[2] == "" {
			continue
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+c[1]+` WHERE code = ?`, c[2]).Scan(&n); err != nil {
			return fmt.Errorf("data.checkEvent: %w", err)
		}
		if n == 0 {
			verr.Add(c[0], "未知代码 / unknown code")
		}
	}
	return verr.Err()
}

// AddEvent enters a new milestone and returns its event id.
func (s *Store) AddEvent(ctx context.Context, a Actor, in EventInput) (int64, error) {
	in.By = a.Name
	var id int64
	err := s.eventTx(a)(ctx, func(tx *sql.Tx) error {
		if err := checkEvent(ctx, tx, &in); err != nil {
			return err
		}
		var err error
		if id, err = addEvent(ctx, tx, in, a.Review); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "event.add", fmt.Sprintf("event:%d", id), nil, in); err != nil {
			return err
		}
		return submitEvent(ctx, tx, s.dialect, a, id)
	})
	return id, err
}

// latestEvent loads the base of a change of a milestone in tx: its newest published revision
// (a tombstone too), as the public sees it; for a milestone never published yet (new, waiting
// for review or returned), its newest revision, so its author can correct it.
func latestEvent(ctx context.Context, tx *sql.Tx, eventID int64) (EventRevision, error) {
	e, err := publishedEventIn(ctx, tx, eventID)
	if !errors.Is(err, ErrNotFound) {
		return e, err
	}
	e, err = scanEventRevision(tx.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events
		WHERE event_id = ? ORDER BY id DESC LIMIT 1`, eventID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	if err != nil {
		return e, fmt.Errorf("data.latestEvent: %w", err)
	}
	return e, nil
}

// publishedEventIn loads the newest published revision of a milestone through q.
func publishedEventIn(ctx context.Context, q querier, eventID int64) (EventRevision, error) {
	e, err := scanEventRevision(q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events
		WHERE event_id = ? AND id IN (SELECT event_revision_id FROM event_publications)
		ORDER BY id DESC LIMIT 1`, eventID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	if err != nil {
		return e, fmt.Errorf("data.latestEvent: %w", err)
	}
	return e, nil
}

// submitEvent submits the newest revision of milestone eventID for review when a's saves wait
// for a reviewer.
func submitEvent(ctx context.Context, tx *sql.Tx, d Dialect, a Actor, eventID int64) error {
	if !a.Review {
		return nil
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM events WHERE event_id = ?`, eventID).Scan(&id); err != nil {
		return fmt.Errorf("data.submitEvent: %w", err)
	}
	return submitForReview(ctx, tx, d, a, KindEvent, []int64{id}, fmt.Sprintf("event:%d", eventID))
}

// currentEvent loads the newest revision of a milestone in tx and checks it is base.
func currentEvent(ctx context.Context, tx *sql.Tx, eventID, base int64) (EventRevision, error) {
	e, err := latestEvent(ctx, tx, eventID)
	if err != nil {
		return e, err
	}
	if e.ID != base || e.Deleted {
		return e, ErrConflict
	}
	return e, nil
}

// ReviseEvent writes a new revision of milestone eventID, whose current revision must be base.
func (s *Store) ReviseEvent(ctx context.Context, a Actor, eventID, base int64, in EventInput) error {
	in.By = a.Name
	return s.eventTx(a)(ctx, func(tx *sql.Tx) error {
		before, err := currentEvent(ctx, tx, eventID, base)
		if err != nil {
			return err
		}
		if err := checkEvent(ctx, tx, &in); err != nil {
			return err
		}
		day, gran, _ := ParsePeriod(in.Date)
		if day == before.Date && gran == before.Precision {
			in.OnOrBefore = in.OnOrBefore || before.OnOrBefore
		}
		if in.Source == before.Source && in.Citation.IsZero() {
			in.Citation = before.Citation
		}
		in.Demo = false
		if _, err := insertEventRevision(ctx, tx, eventID, day, gran, in, a.Review); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "event.edit", fmt.Sprintf("event:%d", eventID), before, in); err != nil {
			return err
		}
		return submitEvent(ctx, tx, s.dialect, a, eventID)
	})
}

// RemoveEvent writes a tombstone revision of milestone eventID, whose current revision must be base.
func (s *Store) RemoveEvent(ctx context.Context, a Actor, eventID, base int64) error {
	return s.eventTx(a)(ctx, func(tx *sql.Tx) error {
		before, err := currentEvent(ctx, tx, eventID, base)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (`+eventCopyColumns+`, deleted, entered_by, entered_at, pending)
			SELECT `+eventCopyColumns+`, 1, ?, ?, ? FROM events WHERE id = ?`,
			a.Name, now(), a.Review, before.ID); err != nil {
			return fmt.Errorf("data.RemoveEvent: %w", err)
		}
		if err := writeAudit(ctx, tx, a, "event.delete", fmt.Sprintf("event:%d", eventID), before, map[string]any{"deleted": true}); err != nil {
			return err
		}
		return submitEvent(ctx, tx, s.dialect, a, eventID)
	})
}

// RestoreEventRevision makes revision id of milestone eventID current again by writing it as a
// new revision; a restored tombstone deletes the milestone again. The current revision, or one
// of another milestone, is a validation error on "revision".
func (s *Store) RestoreEventRevision(ctx context.Context, a Actor, eventID, id int64) (EventRevision, error) {
	var saved EventRevision
	err := s.eventTx(a)(ctx, func(tx *sql.Tx) error {
		rev, err := scanEventRevision(tx.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) || err == nil && rev.EventID != eventID {
			return &ValidationError{Fields: map[string]string{"revision": "没有这个版本 / no such revision of this milestone"}}
		}
		if err != nil {
			return fmt.Errorf("data.RestoreEventRevision: %w", err)
		}
		before, err := latestEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		switch {
		case before.ID == id:
			return &ValidationError{Fields: map[string]string{"revision": "这已是当前版本 / this is the current revision already"}}
		case rev.Deleted && before.Deleted:
			return &ValidationError{Fields: map[string]string{"revision": "该大事记已是删除状态 / the milestone is deleted already"}}
		}
		if err := checkPublished(ctx, tx, "event_publications", "event_revision_id", id); err != nil {
			return err
		}
		if !rev.Deleted {
			in := EventInput{Date: FormatPeriod(rev.Date, rev.Precision), TitleZh: rev.TitleZh, TitleEn: rev.TitleEn,
				Category: rev.Category, Region: rev.Region, Source: rev.Source}
			// Rules may have tightened since the revision was written: say which, beside the history.
			verr := &ValidationError{}
			if err := checkEvent(ctx, tx, &in); errors.As(err, &verr) {
				msgs := make([]string, 0, len(verr.Fields))
				for _, f := range slices.Sorted(maps.Keys(verr.Fields)) {
					msgs = append(msgs, f+": "+verr.Fields[f])
				}
				return &ValidationError{Fields: map[string]string{"revision": "该版本不符合现行规则,请改用修改表单 / " +
					"this revision breaks today's rules: use the edit form instead (" + strings.Join(msgs, "; ") + ")"}}
			} else if err != nil {
				return err
			}
		}
		var newID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO events (`+eventCopyColumns+`, deleted, entered_by, entered_at, pending)
			SELECT `+eventCopyColumns+`, deleted, ?, ?, ? FROM events WHERE id = ? RETURNING id`,
			a.Name, now(), a.Review, id).Scan(&newID); err != nil {
			return fmt.Errorf("data.RestoreEventRevision: %w", err)
		}
		if saved, err = scanEventRevision(tx.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = ?`, newID)); err != nil {
			return fmt.Errorf("data.RestoreEventRevision: %w", err)
		}
		if err := writeAudit(ctx, tx, a, "event.restore", fmt.Sprintf("event:%d", eventID), before,
			restoredEvent{EventRevision: saved, RestoredRevision: id}); err != nil {
			return err
		}
		return submitEvent(ctx, tx, s.dialect, a, eventID)
	})
	return saved, err
}

// restoredEvent is the audit's "after" of a restore: the new revision and the one it copies.
type restoredEvent struct {
	EventRevision
	RestoredRevision int64 `json:"restored_revision"`
}

// eventTx is the transaction of a milestone change by a. One published at once moves the catalog
// version, since every view shows milestones; a pending one changes nothing public, so it leaves
// the catalog version, and every cached view, alone.
func (s *Store) eventTx(a Actor) func(context.Context, func(*sql.Tx) error) error {
	if a.Review {
		return s.TxFigures
	}
	return s.Tx
}
