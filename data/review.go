package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Review before publishing (issue 14, DECISIONS "Publishing"). A staff save while review is on
// (Actor.Review) is written pending and submitted; a reviewer who may edit its place and is not
// its author approves it (its publication row: from then on it is public) or returns it with a
// comment for the author, who may submit a corrected revision. review_actions (migration 0052)
// keeps every submit, approve and return, append-only; a revision's newest action is its state.

// Kinds of revision that go through review.
const (
	KindFigure = "figure"
	KindEvent  = "event"
)

// States of a revision in review, as staff pages mark it. A published revision has none.
const (
	ReviewPending  = "pending"  // submitted, waiting for a reviewer (待审核)
	ReviewReturned = "returned" // sent back to its author with a comment (已退回)
)

// ReviewNote is where an unpublished revision stands: waiting, or returned with a comment.
// State "" is a published revision.
type ReviewNote struct {
	State   string
	Comment string // the return's reason
	By, At  string // who returned it, and when (UTC)
}

// reviewNoteColumns select a ReviewNote for the revision whose id is the expression idExpr,
// of kind, written pending when pendingExpr is 1, published once pubTable has its row.
func reviewNoteColumns(kind, idExpr, pendingExpr, pubTable, pubColumn string) string {
	last := `(SELECT %s FROM review_actions ra WHERE ra.kind = '` + kind + `' AND ra.revision_id = ` + idExpr +
		` ORDER BY ra.id DESC LIMIT 1)`
	published := `(` + pendingExpr + ` = 0 OR EXISTS (SELECT 1 FROM ` + pubTable + ` pb WHERE pb.` + pubColumn + ` = ` + idExpr + `))`
	return `CASE WHEN ` + published + ` THEN '' ELSE coalesce(` + fmt.Sprintf(last, "ra.action") + `, 'submit') END, ` +
		`coalesce(` + fmt.Sprintf(last, "CASE WHEN ra.action = 'return' THEN ra.comment ELSE '' END") + `, ''), ` +
		`coalesce(` + fmt.Sprintf(last, "CASE WHEN ra.action = 'return' THEN ra.actor ELSE '' END") + `, ''), ` +
		`coalesce(` + fmt.Sprintf(last, "CASE WHEN ra.action = 'return' THEN ra.at ELSE '' END") + `, '')`
}

var (
	figureReviewColumns = reviewNoteColumns(KindFigure, "o.id", "o.pending", "publications", "observation_id")
	eventReviewColumns  = reviewNoteColumns(KindEvent, "events.id", "events.pending", "event_publications", "event_revision_id")
)

// noteFromAction turns the newest action's name into a state.
func noteFromAction(n *ReviewNote) {
	switch n.State {
	case "submit":
		n.State = ReviewPending
	case "return":
		n.State = ReviewReturned
	default: // "" or "approve": published
		n.State = ""
	}
}

// RevisionRef names one revision in review.
type RevisionRef struct {
	Kind string // KindFigure or KindEvent
	ID   int64
}

// ForbiddenError is a review action the user may not take: their own revision, another
// place's, or a role below reviewer. Handlers answer 403 with its message.
type ForbiddenError struct{ Message string }

func (e *ForbiddenError) Error() string { return e.Message }

// submitForReview records a's pending revisions ids of kind as one submission (one batch, one
// audit entry naming target), waiting for a reviewer.
func submitForReview(ctx context.Context, tx *sql.Tx, a Actor, kind string, ids []int64, target string) error {
	if len(ids) == 0 {
		return nil
	}
	var batch int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(batch), 0) + 1 FROM review_actions`).Scan(&batch); err != nil {
		return fmt.Errorf("data.submitForReview: %w", err)
	}
	at := now()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_actions (kind, revision_id, batch, action, actor, at)
			VALUES (?, ?, ?, 'submit', ?, ?)`, kind, id, batch, a.Name, at); err != nil {
			return fmt.Errorf("data.submitForReview: %w", err)
		}
	}
	return writeAudit(ctx, tx, a, "review.submit", target, nil,
		map[string]any{"kind": kind, "revisions": ids, "batch": batch})
}

// ReviewItem is one unpublished revision: waiting for a reviewer, or returned to its author.
type ReviewItem struct {
	Ref         RevisionRef
	Batch       int64
	Note        ReviewNote
	Author      string
	SubmittedAt string
	Region      string // "" the joint figures (or a milestone of no place)
	// Kind figure: the pending revision and the figure's public revision now (nil: none yet).
	Figure Observation
	Public *Observation
	// Kind event: the pending milestone revision and its public revision now (nil: none yet).
	Event       EventRevision
	PublicEvent *EventRevision
}

// ReviewQuery narrows ReviewItems: empty fields select everything.
type ReviewQuery struct {
	State  string // ReviewPending or ReviewReturned
	Author string
	Batch  int64
}

// ReviewItems lists the unpublished revisions in submission order. A returned revision drops
// out once its figure (milestone) has a newer revision: its author has answered it.
func (s *Store) ReviewItems(ctx context.Context, q ReviewQuery) ([]ReviewItem, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT l.kind, l.revision_id, l.batch, l.action, l.comment, l.actor, l.at,
			sub.actor, sub.at
		FROM review_actions l
		JOIN review_actions sub ON sub.kind = l.kind AND sub.revision_id = l.revision_id AND sub.action = 'submit'
		WHERE l.action IN ('submit', 'return')
		  AND l.id = (SELECT max(id) FROM review_actions x WHERE x.kind = l.kind AND x.revision_id = l.revision_id)
		  AND (? = 0 OR l.batch = ?)
		  AND (? = '' OR sub.actor = ?)
		ORDER BY l.batch, l.revision_id`, q.Batch, q.Batch, q.Author, q.Author)
	if err != nil {
		return nil, fmt.Errorf("data.ReviewItems: %w", err)
	}
	var items []ReviewItem
	for rows.Next() {
		var it ReviewItem
		var by, at string
		if err := rows.Scan(&it.Ref.Kind, &it.Ref.ID, &it.Batch, &it.Note.State, &it.Note.Comment, &by, &at,
			&it.Author, &it.SubmittedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("data.ReviewItems: %w", err)
		}
		noteFromAction(&it.Note)
		if it.Note.State == ReviewReturned {
			it.Note.By, it.Note.At = by, at
		} else {
			it.Note.Comment = ""
		}
		if q.State == "" || q.State == it.Note.State {
			items = append(items, it)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data.ReviewItems: %w", err)
	}
	out := items[:0]
	for _, it := range items {
		newer, err := s.fillReviewItem(ctx, s.r, &it)
		if err != nil {
			return nil, err
		}
		if it.Note.State == ReviewReturned && newer {
			continue
		}
		out = append(out, it)
	}
	return out, nil
}

// fillReviewItem loads the revision of it and the public one beside it; newer says whether the
// figure (milestone) has a revision written after it.
func (s *Store) fillReviewItem(ctx context.Context, q querier, it *ReviewItem) (newer bool, err error) {
	switch it.Ref.Kind {
	case KindFigure:
		if it.Figure, err = observationIn(ctx, q, it.Ref.ID); err != nil {
			return false, err
		}
		it.Region = it.Figure.Region
		k := it.Figure.Key()
		var pub sql.NullInt64
		if err := q.QueryRowContext(ctx, `SELECT (SELECT observation_id FROM current_figures
				WHERE metric = ? AND region = ? AND period = ? AND granularity = ?),
				EXISTS (SELECT 1 FROM observations WHERE metric = ? AND region IS ? AND period = ? AND granularity = ? AND id > ?)`,
			k.Metric, k.Region, k.Period, k.Granularity,
			k.Metric, nullRegion(k.Region), k.Period, k.Granularity, it.Ref.ID).Scan(&pub, &newer); err != nil {
			return false, fmt.Errorf("data.ReviewItems: %w", err)
		}
		if pub.Valid {
			o, err := observationIn(ctx, q, pub.Int64)
			if err != nil {
				return false, err
			}
			it.Public = &o
		}
	case KindEvent:
		e, err := scanEventRevision(q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = ?`, it.Ref.ID))
		if err != nil {
			return false, fmt.Errorf("data.ReviewItems: event %d: %w", it.Ref.ID, err)
		}
		it.Event, it.Region = e, e.Region
		if pub, err := publishedEventIn(ctx, q, e.EventID); err == nil {
			it.PublicEvent = &pub
		} else if !errors.Is(err, ErrNotFound) {
			return false, err
		}
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE event_id = ? AND id > ?)`,
			e.EventID, e.ID).Scan(&newer); err != nil {
			return false, fmt.Errorf("data.ReviewItems: %w", err)
		}
	default:
		return false, fmt.Errorf("data.ReviewItems: unknown kind %q", it.Ref.Kind)
	}
	return newer, nil
}

// reviewItemIn loads, in tx, the review state of one revision; ErrNotFound when it was never
// submitted.
func (s *Store) reviewItemIn(ctx context.Context, tx *sql.Tx, ref RevisionRef) (ReviewItem, error) {
	it := ReviewItem{Ref: ref}
	err := tx.QueryRowContext(ctx, `SELECT l.batch, l.action, sub.actor, sub.at
		FROM review_actions l
		JOIN review_actions sub ON sub.kind = l.kind AND sub.revision_id = l.revision_id AND sub.action = 'submit'
		WHERE l.kind = ? AND l.revision_id = ?
		ORDER BY l.id DESC LIMIT 1`, ref.Kind, ref.ID).Scan(&it.Batch, &it.Note.State, &it.Author, &it.SubmittedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return it, ErrNotFound
	}
	if err != nil {
		return it, fmt.Errorf("data.reviewItemIn: %w", err)
	}
	noteFromAction(&it.Note)
	_, err = s.fillReviewItem(ctx, tx, &it)
	return it, err
}

// checkReviewer says why u may not approve or return it, or nil.
func checkReviewer(u User, a Actor, it ReviewItem) error {
	switch {
	case !u.Can(RoleReviewer):
		return &ForbiddenError{"需要审核员权限 / this needs the reviewer role"}
	case it.Author == a.Name || it.Author == u.Name:
		return &ForbiddenError{"不能审核自己提交的修改 / nobody approves or returns their own revision"}
	case !u.CanReview(it.Region):
		return &ForbiddenError{"只能审核你可编辑地区的数据 / you may review only what you may edit"}
	}
	return nil
}

// notWaiting is the refusal of an action on a revision no longer waiting for review.
func notWaiting(ref RevisionRef) error {
	return &ValidationError{Fields: map[string]string{"revision": fmt.Sprintf(
		"修改 %d 已不在待审核状态 / revision %d is no longer waiting for review", ref.ID, ref.ID)}}
}

// reviewTarget names the figure or milestone of it in the audit.
func reviewTarget(it ReviewItem) string {
	if it.Ref.Kind == KindEvent {
		return fmt.Sprintf("event:%d", it.Event.EventID)
	}
	return figureTarget(it.Figure)
}

// Approve publishes the waiting revisions refs, all or none, in one transaction; u (acting as
// a) must be a reviewer who may edit each one's place and is not its author. Each approval is
// audited with the public revision before it and the approved one. An approved revision older
// than the figure's public one is published but does not hide the newer one.
func (s *Store) Approve(ctx context.Context, a Actor, u User, refs []RevisionRef) error {
	if len(refs) == 0 {
		return &ValidationError{Fields: map[string]string{"revision": "请选择要批准的修改 / choose the revisions to approve"}}
	}
	run := s.TxFigures
	for _, r := range refs {
		if r.Kind == KindEvent {
			run = s.Tx // milestones are in every view: the catalog version moves
		}
	}
	return run(ctx, func(tx *sql.Tx) error {
		at := now()
		for _, ref := range refs {
			it, err := s.reviewItemIn(ctx, tx, ref)
			if errors.Is(err, ErrNotFound) {
				return notWaiting(ref)
			}
			if err != nil {
				return err
			}
			if err := checkReviewer(u, a, it); err != nil {
				return err
			}
			if it.Note.State != ReviewPending {
				return notWaiting(ref)
			}
			var before, after any
			switch ref.Kind {
			case KindFigure:
				_, err = tx.ExecContext(ctx, `INSERT INTO publications (observation_id, published_at, published_by) VALUES (?, ?, ?)`,
					ref.ID, at, a.Name)
				if it.Public != nil {
					before = *it.Public
				}
				after = it.Figure
			case KindEvent:
				_, err = tx.ExecContext(ctx, `INSERT INTO event_publications (event_revision_id, published_at, published_by) VALUES (?, ?, ?)`,
					ref.ID, at, a.Name)
				if it.PublicEvent != nil {
					before = *it.PublicEvent
				}
				after = it.Event
			}
			if err != nil {
				return fmt.Errorf("data.Approve: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_actions (kind, revision_id, batch, action, actor, at)
				VALUES (?, ?, ?, 'approve', ?, ?)`, ref.Kind, ref.ID, it.Batch, a.Name, at); err != nil {
				return fmt.Errorf("data.Approve: %w", err)
			}
			if err := writeAudit(ctx, tx, a, "review.approve", reviewTarget(it), before, after); err != nil {
				return err
			}
		}
		return nil
	})
}

// Return sends the waiting revisions refs back to their authors with comment (required), all or
// none; the same rights as Approve. Nothing public changes.
func (s *Store) Return(ctx context.Context, a Actor, u User, refs []RevisionRef, comment string) error {
	comment = strings.TrimSpace(comment)
	verr := &ValidationError{}
	if comment == "" {
		verr.Add("comment", "退回须写明原因 / a return needs a comment saying why")
	} else if msg := CheckText(comment, MaxNoteLen, true); msg != "" {
		verr.Add("comment", msg)
	}
	if len(refs) == 0 {
		verr.Add("revision", "请选择要退回的修改 / choose the revisions to return")
	}
	if err := verr.Err(); err != nil {
		return err
	}
	return s.TxQuiet(ctx, func(tx *sql.Tx) error {
		at := now()
		for _, ref := range refs {
			it, err := s.reviewItemIn(ctx, tx, ref)
			if errors.Is(err, ErrNotFound) {
				return notWaiting(ref)
			}
			if err != nil {
				return err
			}
			if err := checkReviewer(u, a, it); err != nil {
				return err
			}
			if it.Note.State != ReviewPending {
				return notWaiting(ref)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_actions (kind, revision_id, batch, action, actor, at, comment)
				VALUES (?, ?, ?, 'return', ?, ?, ?)`, ref.Kind, ref.ID, it.Batch, a.Name, at, comment); err != nil {
				return fmt.Errorf("data.Return: %w", err)
			}
			var rev any = it.Figure
			if ref.Kind == KindEvent {
				rev = it.Event
			}
			if err := writeAudit(ctx, tx, a, "review.return", reviewTarget(it), rev,
				map[string]any{"returned": true, "comment": comment, "author": it.Author}); err != nil {
				return err
			}
		}
		return nil
	})
}

// PendingCount is how many revisions wait for a reviewer that u may act on (not their own,
// places they may edit), for the staff menu.
func (s *Store) PendingCount(ctx context.Context, u User) (int, error) {
	if !u.Can(RoleReviewer) {
		return 0, nil
	}
	items, err := s.ReviewItems(ctx, ReviewQuery{State: ReviewPending})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range items {
		if it.Author != u.Name && u.CanReview(it.Region) {
			n++
		}
	}
	return n, nil
}

// ReviewSettingOff reports whether an admin turned review off (the page under /admin): staff
// saves then publish at once. Review is on unless this says otherwise.
func (s *Store) ReviewSettingOff(ctx context.Context) (bool, error) {
	v, err := s.meta(ctx, "review")
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return v == "off", err
}

// SetReviewSetting turns review on or off for every later staff save, audited.
func (s *Store) SetReviewSetting(ctx context.Context, a Actor, on bool) error {
	before, err := s.ReviewSettingOff(ctx)
	if err != nil {
		return err
	}
	value := map[bool]string{true: "on", false: "off"}
	return s.TxQuiet(ctx, func(tx *sql.Tx) error {
		if err := setMeta(ctx, tx, "review", value[on]); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "setting.review", "setting:review",
			map[string]string{"review": value[!before]}, map[string]string{"review": value[on]})
	})
}
