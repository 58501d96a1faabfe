package data_test

import (
	"context"
	"errors"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// reviewWorld is a seeded store with the people of a review: two Sanhe editors, a reviewer of
// Sanhe, a reviewer of Pinggu and an admin.
func reviewWorld(t *testing.T) (*data.Store, map[string]data.User) {
	t.Helper()
	ctx := context.Background()
	s := datatest.NewStore(t)
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	users := map[string]data.User{}
	for _, u := range []data.UserInput{
		{Name: "author", Role: data.RoleEditor, Regions: []string{"sanhe"}},
		{Name: "other-editor", Role: data.RoleEditor, Regions: []string{"sanhe"}},
		{Name: "sanhe-reviewer", Role: data.RoleReviewer, Regions: []string{"sanhe"}},
		{Name: "pinggu-reviewer", Role: data.RoleReviewer, Regions: []string{"pinggu"}},
		{Name: "all-reviewer", Role: data.RoleReviewer},
		{Name: "boss", Role: data.RoleAdmin},
	} {
		u.Password = "correct-horse-battery"
		got, err := s.AddUser(ctx, data.Actor{Name: "test"}, u)
		if err != nil {
			t.Fatal(err)
		}
		users[u.Name] = got
	}
	return s, users
}

// as is the actor of a user's staff save while review is on.
func as(u data.User) data.Actor { return data.Actor{Name: u.Name, Addr: "192.0.2.1", Review: true} }

func figureRef(o data.Observation) []data.RevisionRef {
	return []data.RevisionRef{{Kind: data.KindFigure, ID: o.ID}}
}

func isForbidden(err error) bool {
	var f *data.ForbiddenError
	return errors.As(err, &f)
}

// TestWhoMayApproveOrReturn: the author, another editor, a reviewer of another place and the
// author as reviewer are refused, and nothing goes public; a reviewer of the place or an admin
// approves. A joint figure needs a reviewer of every place.
func TestWhoMayApproveOrReturn(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	pending, err := s.AddFigure(ctx, as(u["author"]), data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "sanhe", Period: "2021", Value: 3, Source: "三河市交通局"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("a pending figure is current: %v", err)
	}
	for _, who := range []string{"author", "other-editor", "pinggu-reviewer"} {
		if err := s.Approve(ctx, as(u[who]), u[who], figureRef(pending)); !isForbidden(err) {
			t.Errorf("%s approves: %v, want forbidden", who, err)
		}
		if err := s.Return(ctx, as(u[who]), u[who], figureRef(pending), "no"); !isForbidden(err) {
			t.Errorf("%s returns: %v, want forbidden", who, err)
		}
	}
	if _, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("a refused approval published the figure: %v", err)
	}
	if err := s.Approve(ctx, as(u["sanhe-reviewer"]), u["sanhe-reviewer"], figureRef(pending)); err != nil {
		t.Fatalf("the reviewer of the place: %v", err)
	}
	if o, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); err != nil || o.ID != pending.ID {
		t.Fatalf("after approval: %+v %v", o, err)
	}
	var verr *data.ValidationError
	if err := s.Approve(ctx, as(u["boss"]), u["boss"], figureRef(pending)); !errors.As(err, &verr) {
		t.Errorf("approving twice: %v, want a validation error", err)
	}

	// A reviewer's own revision: nobody approves their own, an admin may.
	own, err := s.ReviseFigure(ctx, as(u["sanhe-reviewer"]), pending.ID, data.FigureEdit{Value: 4, Source: "三河市交通局"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Approve(ctx, as(u["sanhe-reviewer"]), u["sanhe-reviewer"], figureRef(own)); !isForbidden(err) {
		t.Errorf("a reviewer approves their own: %v", err)
	}
	if err := s.Approve(ctx, as(u["boss"]), u["boss"], figureRef(own)); err != nil {
		t.Errorf("an admin approves another's: %v", err)
	}

	// The joint figures: only a reviewer of all places.
	joint, err := s.AddFigure(ctx, as(u["boss"]), data.FigureInput{Metric: "joint_meetings", Period: "2009", Value: 1, Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Approve(ctx, as(u["sanhe-reviewer"]), u["sanhe-reviewer"], figureRef(joint)); !isForbidden(err) {
		t.Errorf("a Sanhe reviewer approves a joint figure: %v", err)
	}
	if err := s.Approve(ctx, as(u["all-reviewer"]), u["all-reviewer"], figureRef(joint)); err != nil {
		t.Errorf("a reviewer of every place: %v", err)
	}
}

// TestReturnedRevisionReachesItsAuthor: a return needs a comment; the author finds the returned
// revision with it (the review list, the figure's history), it stays unpublished and can no
// longer be approved; a corrected revision takes its place in the queue.
func TestReturnedRevisionReachesItsAuthor(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	pending, err := s.AddFigure(ctx, as(u["author"]), data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "sanhe", Period: "2021", Value: 300, Source: "三河市交通局"})
	if err != nil {
		t.Fatal(err)
	}
	rev := u["sanhe-reviewer"]
	var verr *data.ValidationError
	if err := s.Return(ctx, as(rev), rev, figureRef(pending), "  "); !errors.As(err, &verr) || verr.Fields["comment"] == "" {
		t.Fatalf("a return without a comment: %v", err)
	}
	if err := s.Return(ctx, as(rev), rev, figureRef(pending), "300 条线路?应为 3"); err != nil {
		t.Fatal(err)
	}
	items, err := s.ReviewItems(ctx, data.ReviewQuery{Author: "author", State: data.ReviewReturned})
	if err != nil || len(items) != 1 || items[0].Note.Comment != "300 条线路?应为 3" || items[0].Note.By != "sanhe-reviewer" {
		t.Fatalf("returned to the author: %+v %v", items, err)
	}
	revs, err := s.Revisions(ctx, pending.Key())
	if err != nil || revs[0].Review.State != data.ReviewReturned || revs[0].Review.Comment == "" {
		t.Fatalf("the history of the figure: %+v %v", revs, err)
	}
	if err := s.Approve(ctx, as(rev), rev, figureRef(pending)); !errors.As(err, &verr) {
		t.Errorf("approving a returned revision: %v", err)
	}
	if _, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a returned figure is public: %v", err)
	}
	fixed, err := s.AddFigure(ctx, as(u["author"]), data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "sanhe", Period: "2021", Value: 3, Source: "三河市交通局"})
	if err != nil {
		t.Fatal(err)
	}
	items, err = s.ReviewItems(ctx, data.ReviewQuery{})
	if err != nil || len(items) != 1 || items[0].Ref.ID != fixed.ID || items[0].Note.State != data.ReviewPending {
		t.Fatalf("after the correction the queue is %+v %v", items, err)
	}
	if n, _ := s.PendingCount(ctx, rev); n != 1 {
		t.Errorf("the reviewer's count = %d, want 1", n)
	}
	if n, _ := s.PendingCount(ctx, u["author"]); n != 0 {
		t.Errorf("an editor's count = %d, want 0", n)
	}
}

// TestApprovingAnOlderRevisionKeepsTheNewerPublicOne: a pending revision approved after a newer
// one was published is published too, but the public figure stays the newer one.
func TestApprovingAnOlderRevisionKeepsTheNewerPublicOne(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	first, err := datatest.SaveFigure(ctx, s, data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe",
		Period: "2021", Value: 1, Source: "s", By: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	older, err := s.ReviseFigure(ctx, as(u["author"]), first.ID, data.FigureEdit{Value: 2, Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	newer, err := s.ReviseFigure(ctx, data.Actor{Name: "boss"}, first.ID, data.FigureEdit{Value: 5, Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Approve(ctx, as(u["sanhe-reviewer"]), u["sanhe-reviewer"], figureRef(older)); err != nil {
		t.Fatal(err)
	}
	if o, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); err != nil || o.ID != newer.ID || o.Value != 5 {
		t.Errorf("public after approving the older revision: %+v %v, want %d = 5", o, err, newer.ID)
	}
}

// TestDeleteRoundAndImportWaitForReview: a delete, a round of new figures and an import are
// pending until approved; the round and the import are one submission each, approved whole.
func TestDeleteRoundAndImportWaitForReview(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	author, rev := as(u["author"]), u["sanhe-reviewer"]
	base, err := datatest.SaveFigure(ctx, s, data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe",
		Period: "2021", Value: 1, Source: "s", By: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFigure(ctx, author, base.ID, "重复录入"); err != nil {
		t.Fatal(err)
	}
	if o, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); err != nil || o.Deleted {
		t.Fatalf("a pending delete took the figure away: %+v %v", o, err)
	}
	round, err := s.AddFigureRound(ctx, author, []data.FigureInput{
		{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2020", Value: 2, Source: "s"},
		{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2019", Value: 2, Source: "s"},
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.ImportFigures(ctx, author, []data.ImportRow{
		{Line: 2, Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2018", Value: "9", Source: "导入"},
		{Line: 3, Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2017", Value: "8", Source: "导入"},
	}, func(string) bool { return true }, true)
	if err != nil || !rep.Committed {
		t.Fatal(rep, err)
	}
	items, err := s.ReviewItems(ctx, data.ReviewQuery{State: data.ReviewPending})
	if err != nil || len(items) != 5 {
		t.Fatalf("waiting: %d items, %v; want the delete, 2 round figures and 2 imported", len(items), err)
	}
	batches := map[int64]int{}
	for _, it := range items {
		batches[it.Batch]++
	}
	if len(batches) != 3 {
		t.Errorf("submissions %v: want the delete, the round and the import", batches)
	}
	for _, p := range []string{"2020", "2019", "2018", "2017"} {
		if _, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", p); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("%s is public before approval: %v", p, err)
		}
	}
	importBatch := items[len(items)-1].Batch
	whole, err := s.ReviewItems(ctx, data.ReviewQuery{Batch: importBatch})
	if err != nil || len(whole) != 2 {
		t.Fatalf("the import's submission: %+v %v", whole, err)
	}
	var refs []data.RevisionRef
	for _, it := range append(whole, items[0]) {
		refs = append(refs, it.Ref)
	}
	refs = append(refs, figureRef(round[0])...)
	if err := s.Approve(ctx, as(rev), rev, refs); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]float64{"2018": 9, "2017": 8, "2020": 2} {
		if o, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", p); err != nil || o.Value != want {
			t.Errorf("%s after approval: %+v %v", p, o, err)
		}
	}
	if o, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); err != nil || !o.Deleted {
		t.Errorf("the approved delete: %+v %v", o, err)
	}
	if _, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2019"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("2019 was not approved but is public: %v", err)
	}
	// A batch is all or nothing: one refused revision approves none.
	left, _ := s.ReviewItems(ctx, data.ReviewQuery{State: data.ReviewPending})
	if len(left) != 1 {
		t.Fatalf("left: %+v", left)
	}
	mixed := append(figureRef(round[1]), data.RevisionRef{Kind: data.KindFigure, ID: base.ID})
	if err := s.Approve(ctx, as(rev), rev, mixed); err == nil {
		t.Fatal("a batch with a published revision in it was approved")
	}
	if _, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2019"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a refused batch published part of itself: %v", err)
	}
}

// TestMilestonesWaitForReview: a pending milestone, edit or delete changes no public list until
// approved.
func TestMilestonesWaitForReview(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	author, rev := as(u["author"]), u["sanhe-reviewer"]
	count := func() int {
		evs, err := s.Events(ctx, data.EventQuery{Region: "sanhe"})
		if err != nil {
			t.Fatal(err)
		}
		return len(evs)
	}
	before := count()
	id, err := s.AddEvent(ctx, author, data.EventInput{Date: "2024-05", TitleZh: "三河新站开通", Region: "sanhe", Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before {
		t.Fatalf("a pending milestone is listed: %d → %d", before, n)
	}
	hist, err := s.EventHistory(ctx, id)
	if err != nil || hist[0].Review.State != data.ReviewPending {
		t.Fatalf("history: %+v %v", hist, err)
	}
	ref := []data.RevisionRef{{Kind: data.KindEvent, ID: hist[0].ID}}
	for who, want := range map[string]int{"sanhe-reviewer": 1, "pinggu-reviewer": 0, "boss": 1, "author": 0} {
		if n, err := s.PendingCount(ctx, u[who]); err != nil || n != want {
			t.Errorf("%s counts %d waiting (%v), want %d", who, n, err, want)
		}
	}
	if err := s.Approve(ctx, as(u["pinggu-reviewer"]), u["pinggu-reviewer"], ref); !isForbidden(err) {
		t.Errorf("a Pinggu reviewer approves a Sanhe milestone: %v", err)
	}
	if err := s.Approve(ctx, as(rev), rev, ref); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before+1 {
		t.Fatalf("an approved milestone is not listed: %d → %d", before, n)
	}
	if err := s.RemoveEvent(ctx, author, id, hist[0].ID); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before+1 {
		t.Errorf("a pending delete took the milestone away")
	}
	hist, _ = s.EventHistory(ctx, id)
	if err := s.Approve(ctx, as(rev), rev, []data.RevisionRef{{Kind: data.KindEvent, ID: hist[0].ID}}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before {
		t.Errorf("the approved delete left the milestone listed")
	}
}

// TestReviewIsAudited: submit, approve and return each leave an audit entry with who, from
// where, and the revision before and after (the return with its comment).
func TestReviewIsAudited(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	rev := u["sanhe-reviewer"]
	a, err := s.AddFigure(ctx, as(u["author"]), data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe",
		Period: "2021", Value: 3, Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.AddFigure(ctx, as(u["author"]), data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe",
		Period: "2020", Value: 3, Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Approve(ctx, as(rev), rev, figureRef(a)); err != nil {
		t.Fatal(err)
	}
	if err := s.Return(ctx, as(rev), rev, figureRef(b), "来源不全"); err != nil {
		t.Fatal(err)
	}
	submit := auditOf(t, s, "review.submit")
	if submit.Actor != "author" || submit.Addr != "192.0.2.1" || submit.Target != "figure:cross_border_bus_lines/sanhe/2020" {
		t.Errorf("submit: %+v", submit)
	}
	approve := auditOf(t, s, "review.approve")
	if approve.Actor != "sanhe-reviewer" || decode(t, approve.After)["value"] != 3.0 {
		t.Errorf("approve: %+v", approve)
	}
	ret := auditOf(t, s, "review.return")
	if ret.Actor != "sanhe-reviewer" || decode(t, ret.After)["comment"] != "来源不全" || decode(t, ret.Before)["id"] != float64(b.ID) {
		t.Errorf("return: %+v", ret)
	}
}

// TestReviewSetting: review is on until an admin turns it off, audited.
func TestReviewSetting(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	if off, err := s.ReviewSettingOff(ctx); err != nil || off {
		t.Fatalf("a new database: review off = %v, %v", off, err)
	}
	if err := s.SetReviewSetting(ctx, data.Actor{Name: "boss"}, false); err != nil {
		t.Fatal(err)
	}
	if off, err := s.ReviewSettingOff(ctx); err != nil || !off {
		t.Fatalf("after turning it off: %v, %v", off, err)
	}
	if e := auditOf(t, s, "setting.review"); e.Actor != "boss" || decode(t, e.After)["review"] != "off" {
		t.Errorf("audit: %+v", e)
	}
}
