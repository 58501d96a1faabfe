package data_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"pjsx/data"
)

// waitingFigures are the figure revisions waiting for a reviewer.
func waitingFigures(t *testing.T, s *data.Store) []data.ReviewItem {
	t.Helper()
	items, err := s.ReviewItems(context.Background(), data.ReviewQuery{State: data.ReviewPending})
	if err != nil {
		t.Fatal(err)
	}
	var out []data.ReviewItem
	for _, it := range items {
		if it.Ref.Kind == data.KindFigure {
			out = append(out, it)
		}
	}
	return out
}

// publishedThenRevised publishes Sanhe's bus lines of 2021 (3, by a trusted path) and has
// author revise them to 4, which waits for a reviewer.
func publishedThenRevised(t *testing.T, s *data.Store, author data.User) (pub, pending data.Observation) {
	t.Helper()
	ctx := context.Background()
	pub, err := s.AddFigure(ctx, data.Actor{Name: "boss"}, data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "sanhe", Period: "2021", Value: 3, Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if pending, err = s.ReviseFigure(ctx, as(author), pub.ID, data.FigureEdit{Value: 4, Source: "s"}); err != nil {
		t.Fatal(err)
	}
	return pub, pending
}

// refusedOn says whether err is a validation error on field whose message holds want.
func refusedOn(err error, field, want string) bool {
	var verr *data.ValidationError
	return errors.As(err, &verr) && strings.Contains(verr.Fields[field], want)
}

// TestNewerSubmissionSupersedesTheWaitingOne: a second pending edit of a figure takes the first
// out of the queue (a 'supersede' action, audited); approving or returning the first is refused
// naming the revision, nothing is published; the newer one says it replaces an earlier one.
func TestNewerSubmissionSupersedesTheWaitingOne(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	pub, first := publishedThenRevised(t, s, u["author"])
	if w := waitingFigures(t, s); len(w) != 1 || w[0].Replaces {
		t.Fatalf("after the first edit: %+v", w)
	}
	second, err := s.ReviseFigure(ctx, as(u["other-editor"]), pub.ID, data.FigureEdit{Value: 5, Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	w := waitingFigures(t, s)
	if len(w) != 1 || w[0].Ref.ID != second.ID || !w[0].Replaces {
		t.Fatalf("the queue after a second edit: %+v, want only %d, replacing", w, second.ID)
	}
	rv := u["sanhe-reviewer"]
	if err := s.Approve(ctx, as(rv), rv, figureRef(first)); !refusedOn(err, "revision", "superseded") {
		t.Errorf("approving the superseded revision: %v", err)
	}
	if err := s.Return(ctx, as(rv), rv, figureRef(first), "no"); !refusedOn(err, "revision", "superseded") {
		t.Errorf("returning the superseded revision: %v", err)
	}
	if o, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); err != nil || o.ID != pub.ID {
		t.Fatalf("public after the refusals: %+v %v", o, err)
	}
	revs, err := s.Revisions(ctx, first.Key())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range revs {
		if r.ID == first.ID && r.Review.State != data.ReviewSuperseded {
			t.Errorf("the first edit in the history: %q, want superseded", r.Review.State)
		}
	}
	log, err := s.AuditLog(ctx, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log {
		found = found || e.Action == "review.supersede" && e.Actor == "other-editor" &&
			strings.Contains(e.Before, fmt.Sprintf(`"revisions":[%d]`, first.ID)) && strings.Contains(e.Target, "cross_border_bus_lines/sanhe/2021")
	}
	if !found {
		t.Errorf("no review.supersede audit entry: %+v", log)
	}
	if err := s.Approve(ctx, as(rv), rv, figureRef(second)); err != nil {
		t.Fatalf("approving the newer: %v", err)
	}
	if o, _ := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); o.Value != 5 {
		t.Errorf("public after approving the newer: %+v", o)
	}
}

// TestSecondAddSupersedesTheFirst: two editors add the same new figure while the first waits;
// the second supersedes the first instead of waiting beside it as a duplicate.
func TestSecondAddSupersedesTheFirst(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	in := data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2021", Value: 3, Source: "s"}
	first, err := s.AddFigure(ctx, as(u["author"]), in)
	if err != nil {
		t.Fatal(err)
	}
	in.Value = 30
	second, err := s.AddFigure(ctx, as(u["other-editor"]), in)
	if err != nil {
		t.Fatal(err)
	}
	if w := waitingFigures(t, s); len(w) != 1 || w[0].Ref.ID != second.ID || !w[0].Replaces {
		t.Fatalf("the queue after two adds: %+v, want only %d", w, second.ID)
	}
	rv := u["sanhe-reviewer"]
	if err := s.Approve(ctx, as(rv), rv, figureRef(first)); !refusedOn(err, "revision", "superseded") {
		t.Errorf("approving the first add: %v", err)
	}
	if _, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", "2021"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a refused approval published: %v", err)
	}
}

// TestNewerMilestoneSubmissionSupersedes: the same for a milestone's pending revisions.
func TestNewerMilestoneSubmissionSupersedes(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	id, err := s.AddEvent(ctx, data.Actor{Name: "boss"}, data.EventInput{Date: "2024-05", TitleZh: "三河新站开通", Region: "sanhe", Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := s.EventHistory(ctx, id)
	base := hist[0].ID
	for _, title := range []string{"初稿", "二稿"} {
		if err := s.ReviseEvent(ctx, as(u["author"]), id, base, data.EventInput{Date: "2024-05", TitleZh: title,
			Region: "sanhe", Source: "s"}); err != nil {
			t.Fatal(err)
		}
	}
	hist, _ = s.EventHistory(ctx, id)
	newer, older := hist[0], hist[1]
	if newer.Review.State != data.ReviewPending || older.Review.State != data.ReviewSuperseded {
		t.Fatalf("history states %q, %q: want pending, superseded", newer.Review.State, older.Review.State)
	}
	rv := u["sanhe-reviewer"]
	ref := []data.RevisionRef{{Kind: data.KindEvent, ID: older.ID}}
	if err := s.Approve(ctx, as(rv), rv, ref); !refusedOn(err, "revision", "superseded") {
		t.Errorf("approving the superseded milestone revision: %v", err)
	}
	items, err := s.ReviewItems(ctx, data.ReviewQuery{State: data.ReviewPending})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Ref.ID != newer.ID || !items[0].Replaces {
		t.Errorf("the queue: %+v, want only %d, replacing", items, newer.ID)
	}
}

// TestRestoringAnUnpublishedRevisionIsRefused: a revision that waits for review (or was never
// approved) cannot be restored, for a figure or a milestone; nothing is written.
func TestRestoringAnUnpublishedRevisionIsRefused(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	pub, pending := publishedThenRevised(t, s, u["author"])
	before, _ := s.Revisions(ctx, pub.Key())
	if _, err := s.RestoreRevision(ctx, data.Actor{Name: "boss"}, pending.ID); !refusedOn(err, "revision", "never published") {
		t.Errorf("restoring a pending figure revision: %v", err)
	}
	if after, _ := s.Revisions(ctx, pub.Key()); len(after) != len(before) {
		t.Errorf("a refused restore wrote: %d → %d revisions", len(before), len(after))
	}

	id, err := s.AddEvent(ctx, data.Actor{Name: "boss"}, data.EventInput{Date: "2024-05", TitleZh: "开通", Region: "sanhe", Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := s.EventHistory(ctx, id)
	if err := s.ReviseEvent(ctx, as(u["author"]), id, hist[0].ID, data.EventInput{Date: "2024-05", TitleZh: "二稿",
		Region: "sanhe", Source: "s"}); err != nil {
		t.Fatal(err)
	}
	hist, _ = s.EventHistory(ctx, id)
	if _, err := s.RestoreEventRevision(ctx, data.Actor{Name: "boss"}, id, hist[0].ID); !refusedOn(err, "revision", "never published") {
		t.Errorf("restoring a pending milestone revision: %v", err)
	}
	if again, _ := s.EventHistory(ctx, id); len(again) != len(hist) {
		t.Errorf("a refused milestone restore wrote: %d → %d revisions", len(hist), len(again))
	}
}

// TestSecondAddOfAJointFigureSupersedesTheFirst: the joint figure (no region) is superseded by
// a newer submission of itself, never by a place's figure of the same period, nor does it
// supersede one.
func TestSecondAddOfAJointFigureSupersedesTheFirst(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	joint := data.FigureInput{Metric: "cross_border_bus_lines", Region: "", Period: "2021", Value: 3, Source: "s"}
	place := data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2021", Value: 4, Source: "s"}
	if _, err := s.AddFigure(ctx, as(u["all-reviewer"]), joint); err != nil {
		t.Fatal(err)
	}
	sanhe, err := s.AddFigure(ctx, as(u["all-reviewer"]), place)
	if err != nil {
		t.Fatal(err)
	}
	if w := waitingFigures(t, s); len(w) != 2 {
		t.Fatalf("a place's figure superseded the joint one, or the other way: %+v", w)
	}
	joint.Value = 30
	second, err := s.AddFigure(ctx, as(u["all-reviewer"]), joint)
	if err != nil {
		t.Fatal(err)
	}
	w := waitingFigures(t, s)
	ids := map[int64]bool{}
	for _, it := range w {
		ids[it.Ref.ID] = true
	}
	if len(w) != 2 || !ids[second.ID] || !ids[sanhe.ID] {
		t.Fatalf("the queue after a second joint add: %+v, want %d and %d", w, second.ID, sanhe.ID)
	}
}
