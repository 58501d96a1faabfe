package data

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	// ReviewSuperseded: a newer pending revision of the same figure (milestone) took it out of
	// the queue before anyone approved it (已被取代); it can be neither approved nor restored.
	ReviewSuperseded = "superseded"
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
	case "supersede":
		n.State = ReviewSuperseded
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
func submitForReview(ctx context.Context, tx *sql.Tx, d Dialect, a Actor, kind string, ids []int64, target string) error {
	if len(ids) == 0 {
		return nil
	}
	// The first action draws the submission's number (one statement: on PostgreSQL each is a
	// round trip of a staff save), the others carry it.
	at := now()
	var batch int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO review_actions (kind, revision_id, batch, action, actor, at)
		VALUES (?, ?, (SELECT coalesce(max(batch), 0) + 1 FROM review_actions), 'submit', ?, ?) RETURNING batch`,
		kind, ids[0], a.Name, at).Scan(&batch); err != nil {
		return fmt.Errorf("data.submitForReview: %w", err)
	}
	for _, id := range ids[1:] {
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_actions (kind, revision_id, batch, action, actor, at)
			VALUES (?, ?, ?, 'submit', ?, ?)`, kind, id, batch, a.Name, at); err != nil {
			return fmt.Errorf("data.submitForReview: %w", err)
		}
	}
	if err := writeAudit(ctx, tx, a, "review.submit", target, nil,
		map[string]any{"kind": kind, "revisions": ids, "batch": batch}); err != nil {
		return err
	}
	return supersedeOlder(ctx, tx, d, a, kind, batch, target)
}

// supersededSQL selects, for a submission (:batch) of revisions of one kind, the older revisions
// of the same figures (milestones) still waiting for a reviewer, with the submission each
// belongs to. /*same*/ is what makes two revisions of one figure or one milestone.
const supersededSQL = `SELECT DISTINCT o.id, l.batch
	FROM review_actions s
	JOIN /*table*/ n ON n.id = s.revision_id
	JOIN /*table*/ o ON /*same*/ AND o.id < n.id AND o.pending = 1
	JOIN review_actions l ON l.kind = s.kind AND l.revision_id = o.id
	WHERE s.kind = :kind AND s.batch = :batch AND s.action = 'submit'
	  AND l.id = (SELECT max(x.id) FROM review_actions x WHERE x.kind = s.kind AND x.revision_id = o.id)
	  AND l.action = 'submit'`

var supersededSQLOf = map[string]string{
	KindFigure: strings.NewReplacer("/*table*/", "observations", "/*same*/",
		"o.metric = n.metric AND o.region IS n.region AND o.period = n.period AND o.granularity = n.granularity").Replace(supersededSQL),
	KindEvent: strings.NewReplacer("/*table*/", "events", "/*same*/", "o.event_id = n.event_id").Replace(supersededSQL),
}

// supersededFiguresPostgresSQL is supersededSQLOf[KindFigure] for PostgreSQL: a place's figures
// and the joint ones (no region) asked apart, each by plain equalities. PostgreSQL reads
// "o.region IS n.region" as IS NOT DISTINCT FROM, which no index serves: a save scanned every
// revision of its metric (12 ms with 900 waiting, 3.2 ms this way). SQLite serves IS from its
// index, and plans the union badly for a 100,000-row import: it keeps IS.
var supersededFiguresPostgresSQL = strings.NewReplacer("/*table*/", "observations", "/*same*/",
	"o.metric = n.metric AND o.region = n.region AND o.period = n.period AND o.granularity = n.granularity").Replace(supersededSQL) +
	"\nUNION\n" + strings.NewReplacer("/*table*/", "observations", "/*same*/",
	"o.metric = n.metric AND o.region IS NULL AND n.region IS NULL AND o.period = n.period AND o.granularity = n.granularity").Replace(supersededSQL)

// supersededSQLFor is the superseded query of kind in d's SQL.
func supersededSQLFor(kind string, d Dialect) string {
	if kind == KindFigure && d == Postgres {
		return supersededFiguresPostgresSQL
	}
	return supersededSQLOf[kind]
}

// supersedeOlder takes out of the queue the older pending revisions of what submission batch
// revises: a newer submission of a figure (a second "add" of it too) replaces the one waiting,
// so a reviewer never approves a value its own author has since changed. Each gets a
// 'supersede' action, one audit entry names them all; a returned revision is answered already.
func supersedeOlder(ctx context.Context, tx *sql.Tx, d Dialect, a Actor, kind string, batch int64, target string) error {
	// The search runs once (on a 100,000-row import it is the costly part): the actions are
	// written from it and hand back what they wrote, in one statement.
	rows, err := tx.QueryContext(ctx, `INSERT INTO review_actions (kind, revision_id, batch, action, actor, at)
		SELECT :kind, q.id, q.batch, 'supersede', :actor, :at FROM (`+supersededSQLFor(kind, d)+`) q ORDER BY q.id
		RETURNING revision_id, batch`,
		sql.Named("kind", kind), sql.Named("batch", batch), sql.Named("actor", a.Name), sql.Named("at", now()))
	if err != nil {
		return fmt.Errorf("data.supersedeOlder: %w", err)
	}
	type superseded struct{ id, batch int64 }
	var got []superseded
	for rows.Next() {
		var x superseded
		if err := rows.Scan(&x.id, &x.batch); err != nil {
			rows.Close()
			return fmt.Errorf("data.supersedeOlder: %w", err)
		}
		got = append(got, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(got) == 0 {
		return err
	}
	// RETURNING promises no order: the audit entry lists them by revision.
	slices.SortFunc(got, func(a, b superseded) int { return cmp.Compare(a.id, b.id) })
	old, batches := make([]int64, len(got)), make([]int64, len(got))
	for i, x := range got {
		old[i], batches[i] = x.id, x.batch
	}
	return writeAudit(ctx, tx, a, "review.supersede", target, map[string]any{"kind": kind, "revisions": old, "batches": batches},
		map[string]any{"superseded_by_batch": batch})
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
	// Replaces: this revision took an earlier pending submission of the same figure (milestone)
	// out of the queue.
	Replaces bool
}

// ReviewQuery narrows ReviewItems: empty fields select everything.
type ReviewQuery struct {
	State  string // ReviewPending or ReviewReturned
	Author string
	Batch  int64
	Metric string // figures of this metric only (no milestones)
}

// reviewItemsSQL lists the unpublished revisions of one kind by their newest action, with their
// submission; joined with the revision itself where the caller puts /*revision*/.
const reviewItemsSQL = `SELECT l.revision_id, l.batch, l.action, l.comment, l.actor, l.at, sub.actor, sub.at /*columns*/
	FROM review_actions l
	JOIN review_actions sub ON sub.kind = l.kind AND sub.revision_id = l.revision_id AND sub.action = 'submit'
	/*revision*/
	WHERE l.kind = :kind AND l.action IN ('submit', 'return')
	  AND l.id = (SELECT max(id) FROM review_actions x WHERE x.kind = l.kind AND x.revision_id = l.revision_id)
	  AND (:batch = 0 OR l.batch = :batch)
	  AND (:author = '' OR sub.actor = :author)
	  AND (:ids = '' OR l.revision_id IN (SELECT value FROM json_each(:ids)))
	  /*filter*/
	ORDER BY l.batch, l.revision_id`

var (
	// figureItemsSQL: each revision whole, the id of its figure's public revision (0: none) and
	// whether a newer revision of the figure was written, and whether it superseded a pending one
	// (a superseded revision newer than the public one).
	figureItemsSQL = strings.NewReplacer(
		"/*columns*/", `, `+observationColumns+`, coalesce(c.observation_id, 0),
		`+sameFigureExists(`SELECT 1 FROM observations n WHERE /*same*/ AND n.id > o.id`, "n")+`,
		`+sameFigureExists(`SELECT 1 FROM observations p JOIN review_actions ra ON ra.kind = 'figure' AND ra.revision_id = p.id
			AND ra.action = 'supersede'
			WHERE /*same*/ AND p.id < o.id AND p.id > coalesce(c.observation_id, 0)`, "p"),
		"/*revision*/", `JOIN observations o ON o.id = l.revision_id
	LEFT JOIN current_figures c ON c.metric = o.metric AND c.region = coalesce(o.region, '') AND c.period = o.period
		AND c.granularity = o.granularity`,
		"/*filter*/", `AND (:metric = '' OR o.metric = :metric)`).Replace(reviewItemsSQL)
	eventItemsSQL = strings.NewReplacer("/*columns*/", "", "/*revision*/", "", "/*filter*/", "AND :metric = ''").Replace(reviewItemsSQL)

	// PostgreSQL reads the id list with json_array_elements_text.
	postgresIDList         = strings.NewReplacer(`SELECT value FROM json_each(:ids)`, `SELECT json_array_elements_text(nullif(:ids, '')::json)::bigint`)
	figureItemsPostgresSQL = postgresIDList.Replace(figureItemsSQL)
	eventItemsPostgresSQL  = postgresIDList.Replace(eventItemsSQL)
)

// sameFigureExists is EXISTS (query) where /*same*/ says that the revision called alias is of
// o's figure: a place's figure and the joint one (no region) asked apart, each by plain
// equalities. "alias.region IS o.region" would serve both, but PostgreSQL reads IS as IS NOT
// DISTINCT FROM, which no index serves: listing a 100,000-row import's revisions scanned every
// revision of their metrics for each of them.
func sameFigureExists(query, alias string) string {
	same := alias + ".metric = o.metric AND " + alias + ".period = o.period AND " + alias + ".granularity = o.granularity"
	place := strings.Replace(query, "/*same*/", same+" AND "+alias+".region = o.region", 1)
	joint := strings.Replace(query, "/*same*/", same+" AND "+alias+".region IS NULL AND o.region IS NULL", 1)
	return "(EXISTS (" + place + ") OR EXISTS (" + joint + "))"
}

// ReviewItems lists the unpublished revisions in submission order, figures first. A returned
// revision drops out once its figure (milestone) has a newer revision: its author has answered
// it. Figures load in two queries however many wait (an import may hold thousands).
func (s *Store) ReviewItems(ctx context.Context, q ReviewQuery) ([]ReviewItem, error) {
	out, err := s.figureItemsIn(ctx, s.r, q, nil)
	if err != nil || q.Metric != "" {
		return out, err
	}
	rows, err := s.r.QueryContext(ctx, s.pick(eventItemsSQL, eventItemsPostgresSQL), sql.Named("batch", q.Batch), sql.Named("author", q.Author),
		sql.Named("metric", q.Metric), sql.Named("ids", ""), sql.Named("kind", KindEvent))
	if err != nil {
		return nil, fmt.Errorf("data.ReviewItems: %w", err)
	}
	var events []ReviewItem
	var bys, ats []string
	for rows.Next() {
		it := ReviewItem{Ref: RevisionRef{Kind: KindEvent}}
		var by, at string
		if err := rows.Scan(&it.Ref.ID, &it.Batch, &it.Note.State, &it.Note.Comment, &by, &at, &it.Author, &it.SubmittedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("data.ReviewItems: %w", err)
		}
		events, bys, ats = append(events, it), append(bys, by), append(ats, at)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data.ReviewItems: %w", err)
	}
	for i := range events { // milestones are few: one at a time
		it := &events[i]
		newer, err := fillEventItem(ctx, s.r, it)
		if err != nil {
			return nil, err
		}
		if keepItem(q, it, bys[i], ats[i], newer) {
			out = append(out, *it)
		}
	}
	return out, nil
}

// keepItem turns the newest action of it into its state and says whether q lists it: a returned
// revision whose figure has a newer one is answered, and no longer listed.
func keepItem(q ReviewQuery, it *ReviewItem, by, at string, newer bool) bool {
	noteFromAction(&it.Note)
	if it.Note.State == ReviewReturned {
		it.Note.By, it.Note.At = by, at
	} else {
		it.Note.Comment = ""
	}
	return (q.State == "" || q.State == it.Note.State) && !(it.Note.State == ReviewReturned && newer)
}

// figureItemsIn loads the unpublished figure revisions q selects (only ids, when given) through
// db (the reader pool, or the transaction that acts on them) in two queries.
func (s *Store) figureItemsIn(ctx context.Context, db querier, q ReviewQuery, ids []int64) ([]ReviewItem, error) {
	idList := ""
	if ids != nil {
		b, _ := json.Marshal(ids)
		idList = string(b)
	}
	rows, err := db.QueryContext(ctx, s.pick(figureItemsSQL, figureItemsPostgresSQL), sql.Named("batch", q.Batch), sql.Named("author", q.Author),
		sql.Named("metric", q.Metric), sql.Named("ids", idList), sql.Named("kind", KindFigure))
	if err != nil {
		return nil, fmt.Errorf("data.ReviewItems: %w", err)
	}
	var out []ReviewItem
	public := map[int64][]int{} // public revision id → the items beside it
	for rows.Next() {
		it := ReviewItem{Ref: RevisionRef{Kind: KindFigure}}
		o := &it.Figure
		var by, at string
		var pub int64
		var newer bool
		if err := rows.Scan(&it.Ref.ID, &it.Batch, &it.Note.State, &it.Note.Comment, &by, &at, &it.Author, &it.SubmittedAt,
			&o.ID, &o.Metric, &o.Region, &o.Period, &o.Granularity, &o.Value, &o.Qualifier, &o.Deleted,
			&o.Source, &o.Citation.Outlet, &o.Citation.Title, &o.Citation.Date, &o.Citation.URL, &o.Note, &o.Supersedes,
			&o.EnteredBy, &o.EnteredAt, &o.Demo, &pub, &newer, &it.Replaces); err != nil {
			rows.Close()
			return nil, fmt.Errorf("data.ReviewItems: %w", err)
		}
		if !keepItem(q, &it, by, at, newer) {
			continue
		}
		it.Region = o.Region
		o.Review = it.Note
		if pub != 0 {
			public[pub] = append(public[pub], len(out))
		}
		out = append(out, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data.ReviewItems: %w", err)
	}
	return out, s.publicBeside(ctx, db, out, public)
}

// publicBeside loads the public revisions the items of out are shown beside, in one query.
func (s *Store) publicBeside(ctx context.Context, db querier, out []ReviewItem, public map[int64][]int) error {
	if len(public) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(public))
	for id := range public {
		ids = append(ids, id)
	}
	list, _ := json.Marshal(ids)
	rows, err := db.QueryContext(ctx, `SELECT `+observationColumns+` FROM observations o
		WHERE o.id IN `+s.pick(`(SELECT value FROM json_each(?))`, `(SELECT json_array_elements_text(?::json)::bigint)`), string(list))
	if err != nil {
		return fmt.Errorf("data.ReviewItems: %w", err)
	}
	pubs, err := scanObservations(rows, "data.ReviewItems")
	if err != nil {
		return err
	}
	for _, p := range pubs {
		for _, i := range public[p.ID] {
			out[i].Public = &p
		}
	}
	return nil
}

// fillEventItem loads the milestone revision of it and the public one beside it; newer says
// whether the milestone has a revision written after it. (Figures load in bulk: figureItemsIn.)
func fillEventItem(ctx context.Context, q querier, it *ReviewItem) (newer bool, err error) {
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
	var public int64
	if it.PublicEvent != nil {
		public = it.PublicEvent.ID
	}
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM events p JOIN review_actions ra ON ra.kind = 'event'
		AND ra.revision_id = p.id AND ra.action = 'supersede' WHERE p.event_id = ? AND p.id < ? AND p.id > ?)`,
		e.EventID, e.ID, public).Scan(&it.Replaces); err != nil {
		return false, fmt.Errorf("data.ReviewItems: %w", err)
	}
	return newer, nil
}

// eventItemIn loads, in tx, the review state of one milestone revision; ErrNotFound when it was
// never submitted.
func eventItemIn(ctx context.Context, tx *sql.Tx, ref RevisionRef) (ReviewItem, error) {
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
		return it, fmt.Errorf("data.eventItemIn: %w", err)
	}
	noteFromAction(&it.Note)
	_, err = fillEventItem(ctx, tx, &it)
	return it, err
}

// reviewItemsIn loads, in tx, the state of each of refs, in their order and each once: figures
// in two queries, milestones one at a time. A revision not waiting (or returned) is refused.
func (s *Store) reviewItemsIn(ctx context.Context, tx *sql.Tx, refs []RevisionRef) ([]ReviewItem, error) {
	var ids []int64
	for _, r := range refs {
		if r.Kind == KindFigure {
			ids = append(ids, r.ID)
		}
	}
	figures := map[int64]ReviewItem{}
	if len(ids) > 0 {
		items, err := s.figureItemsIn(ctx, tx, ReviewQuery{}, ids)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			figures[it.Ref.ID] = it
		}
	}
	out := make([]ReviewItem, 0, len(refs))
	seen := map[RevisionRef]bool{}
	for _, r := range refs {
		if seen[r] {
			continue
		}
		seen[r] = true
		if r.Kind == KindFigure {
			it, ok := figures[r.ID]
			if !ok {
				return nil, notWaitingIn(ctx, tx, r)
			}
			out = append(out, it)
			continue
		}
		it, err := eventItemIn(ctx, tx, r)
		if errors.Is(err, ErrNotFound) {
			return nil, notWaiting(r)
		}
		if err == nil && it.Note.State == ReviewSuperseded {
			return nil, supersededError(r)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
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

// notWaitingIn is the refusal of an action on ref, not waiting for review: superseded by a
// newer submission, or simply no longer waiting.
func notWaitingIn(ctx context.Context, tx *sql.Tx, ref RevisionRef) error {
	var action string
	err := tx.QueryRowContext(ctx, `SELECT action FROM review_actions WHERE kind = ? AND revision_id = ?
		ORDER BY id DESC LIMIT 1`, ref.Kind, ref.ID).Scan(&action)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("data.notWaitingIn: %w", err)
	}
	if action == "supersede" {
		return supersededError(ref)
	}
	return notWaiting(ref)
}

// supersededError refuses an action on a revision a newer submission replaced.
func supersededError(ref RevisionRef) error {
	return &ValidationError{Fields: map[string]string{"revision": fmt.Sprintf(
		"修改 %d 已被同一数据较新的提交取代,请审核那一条 / revision %d was superseded by a newer submission of the same figure: review that one instead",
		ref.ID, ref.ID)}}
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
	if err := run(ctx, func(tx *sql.Tx) error {
		items, err := s.reviewItemsIn(ctx, tx, refs)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := checkReviewer(u, a, it); err != nil {
				return err
			}
			if it.Note.State != ReviewPending {
				return notWaiting(it.Ref)
			}
		}
		return s.approveIn(ctx, tx, a, items)
	}); err != nil {
		return err
	}
	return s.analyzeAfterBulk(ctx, len(refs))
}

// approveIn publishes items, checked, with their approve actions and audit entries. Figures go in
// three statements however many there are (an import approved whole may hold 100,000);
// milestones, few, one at a time.
func (s *Store) approveIn(ctx context.Context, tx *sql.Tx, a Actor, items []ReviewItem) error {
	at := now()
	var figures, actions, audits []any // JSON arrays: ids, [id, batch], [target, before, after]
	for _, it := range items {
		var before, after any
		if it.Ref.Kind == KindEvent {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_publications (event_revision_id, published_at, published_by)
				VALUES (?, ?, ?)`, it.Ref.ID, at, a.Name); err != nil {
				return fmt.Errorf("data.Approve: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_actions (kind, revision_id, batch, action, actor, at)
				VALUES ('event', ?, ?, 'approve', ?, ?)`, it.Ref.ID, it.Batch, a.Name, at); err != nil {
				return fmt.Errorf("data.Approve: %w", err)
			}
			if it.PublicEvent != nil {
				before = *it.PublicEvent
			}
			if err := writeAudit(ctx, tx, a, "review.approve", reviewTarget(it), before, it.Event); err != nil {
				return err
			}
			continue
		}
		if it.Public != nil {
			before = *it.Public
		}
		after = it.Figure
		b, err := auditJSON(before)
		if err != nil {
			return err
		}
		aft, err := auditJSON(after)
		if err != nil {
			return err
		}
		figures = append(figures, it.Ref.ID)
		actions = append(actions, []any{it.Ref.ID, it.Batch})
		audits = append(audits, []string{reviewTarget(it), b, aft})
	}
	if len(figures) == 0 {
		return nil
	}
	ids, _ := json.Marshal(figures)
	acts, _ := json.Marshal(actions)
	auds, _ := json.Marshal(audits)
	// The triggers on publications move each figure's current revision (a newer public one stays)
	// and its metric's version, row by row.
	for _, st := range []struct {
		query string
		args  []any
	}{
		{s.pick(`INSERT INTO publications (observation_id, published_at, published_by)
			SELECT value, ?, ? FROM json_each(?)`, `INSERT INTO publications (observation_id, published_at, published_by)
			SELECT value::bigint, ?, ? FROM json_array_elements_text(?::json) AS t(value)`), []any{at, a.Name, string(ids)}},
		{s.pick(`INSERT INTO review_actions (kind, revision_id, batch, action, actor, at)
			SELECT 'figure', value ->> 0, value ->> 1, 'approve', ?, ? FROM json_each(?)`, `INSERT INTO review_actions (kind, revision_id, batch, action, actor, at)
			SELECT 'figure', (value ->> 0)::bigint, (value ->> 1)::bigint, 'approve', ?, ? FROM json_array_elements(?::json) AS t(value)`),
			[]any{a.Name, at, string(acts)}},
		{s.pick(`INSERT INTO audit (at, actor, addr, action, target, before, after)
			SELECT ?, ?, ?, 'review.approve', value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`, `INSERT INTO audit (at, actor, addr, action, target, before, after)
			SELECT ?, ?, ?, 'review.approve', value ->> 0, value ->> 1, value ->> 2 FROM json_array_elements(?::json) AS t(value)`),
			[]any{at, a.Name, a.Addr, string(auds)}},
	} {
		if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
			return fmt.Errorf("data.Approve: %w", err)
		}
	}
	return nil
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
		items, err := s.reviewItemsIn(ctx, tx, refs)
		if err != nil {
			return err
		}
		for _, it := range items {
			ref := it.Ref
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
// places they may edit), for the staff menu: one query, counted by place and author.
func (s *Store) PendingCount(ctx context.Context, u User) (int, error) {
	if !u.Can(RoleReviewer) {
		return 0, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT CASE l.kind WHEN 'figure' THEN coalesce(o.region, '') ELSE coalesce(e.region, '') END,
			l.actor, count(*)
		FROM review_actions l
		LEFT JOIN observations o ON l.kind = 'figure' AND o.id = l.revision_id
		LEFT JOIN events e ON l.kind = 'event' AND e.id = l.revision_id
		WHERE l.action = 'submit'
		  AND l.id = (SELECT max(id) FROM review_actions x WHERE x.kind = l.kind AND x.revision_id = l.revision_id)
		GROUP BY 1, 2`)
	if err != nil {
		return 0, fmt.Errorf("data.PendingCount: %w", err)
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var region, author string
		var n int
		if err := rows.Scan(&region, &author, &n); err != nil {
			return 0, fmt.Errorf("data.PendingCount: %w", err)
		}
		if author != u.Name && u.CanReview(region) {
			total += n
		}
	}
	return total, rows.Err()
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
