package data_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"pjsx/data"
)

// auditOf is the newest audit entry of action.
func auditOf(t *testing.T, s *data.Store, action string) data.AuditEntry {
	t.Helper()
	entries, err := s.AuditLog(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action {
			return e
		}
	}
	t.Fatalf("no audit entry %s", action)
	return data.AuditEntry{}
}

func decode(t *testing.T, raw string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("audit JSON %q: %v", raw, err)
	}
	return m
}

// TestRestoreFigureAuditsTheWholeFigureBeforeAndAfter: the audit of a restore, like that of an
// edit, holds the figure that was current before (value, source, note) and the new revision.
func TestRestoreFigureAuditsTheWholeFigureBeforeAndAfter(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	a := data.Actor{Name: "clerk", Addr: "10.0.0.9"}
	first, err := s.CurrentFigure(ctx, "joint_meetings", "", "2024")
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.ReviseFigure(ctx, a, first.ID, data.FigureEdit{Value: first.Value + 1, Source: "second source", Note: "second note"})
	if err != nil {
		t.Fatal(err)
	}
	restored, err := s.RestoreRevision(ctx, a, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	e := auditOf(t, s, "figure.restore")
	before, after := decode(t, e.Before), decode(t, e.After)
	if before["id"] != float64(second.ID) || before["value"] != second.Value || before["source"] != "second source" ||
		before["note"] != "second note" {
		t.Errorf("restore audit before = %s, want the revision that was current (%d)", e.Before, second.ID)
	}
	if after["id"] != float64(restored.ID) || after["value"] != first.Value || after["source"] != first.Source ||
		after["restored_revision"] != float64(first.ID) {
		t.Errorf("restore audit after = %s, want the new revision %d copying %d", e.After, restored.ID, first.ID)
	}
}

// TestRestoreEventRevision: any revision of a milestone becomes current again as a new revision,
// a tombstone too; the current one and another milestone's are refused; each restore is audited.
func TestRestoreEventRevision(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	a := data.Actor{Name: "clerk", Addr: "10.0.0.9"}
	id, err := s.AddEvent(ctx, a, data.EventInput{Date: "2024-05", TitleZh: "初稿", Region: "sanhe", Source: "first"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.AddEvent(ctx, a, data.EventInput{Date: "2023", TitleZh: "另一事件", Source: "x"})
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := s.EventHistory(ctx, id)
	v1 := hist[0]
	if err := s.ReviseEvent(ctx, a, id, v1.ID, data.EventInput{Date: "2024-06", TitleZh: "二稿", Region: "sanhe", Source: "second"}); err != nil {
		t.Fatal(err)
	}
	hist, _ = s.EventHistory(ctx, id)
	if err := s.RemoveEvent(ctx, a, id, hist[0].ID); err != nil {
		t.Fatal(err)
	}
	hist, _ = s.EventHistory(ctx, id)
	tomb := hist[0]

	// Undelete by restoring the first revision.
	v0, _ := s.Version(ctx)
	got, err := s.RestoreEventRevision(ctx, a, id, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.TitleZh != "初稿" || got.Source != "first" || got.Date != v1.Date || got.Deleted || got.ID <= tomb.ID ||
		got.EnteredBy != "clerk" {
		t.Errorf("restored %+v", got)
	}
	if v, _ := s.Version(ctx); v == v0 {
		t.Error("a restore did not bump the data version: charts would show the old milestone")
	}
	events, _ := s.Events(ctx, data.EventQuery{Region: "sanhe"})
	shown := 0
	for _, e := range events {
		if e.EventID == id && e.TitleZh == "初稿" {
			shown++
		}
	}
	if shown != 1 {
		t.Errorf("the restored milestone is shown %d times among %+v", shown, events)
	}
	e := auditOf(t, s, "event.restore")
	if before, after := decode(t, e.Before), decode(t, e.After); before["id"] != float64(tomb.ID) ||
		before["Deleted"] != true || after["id"] != float64(got.ID) || after["title_zh"] != "初稿" ||
		after["restored_revision"] != float64(v1.ID) || e.Actor != "clerk" || e.Addr != "10.0.0.9" {
		t.Errorf("event.restore audit: %+v", e)
	}

	// Restoring the tombstone deletes it again; the revisions only ever grow.
	if _, err := s.RestoreEventRevision(ctx, a, id, tomb.ID); err != nil {
		t.Fatal(err)
	}
	hist, _ = s.EventHistory(ctx, id)
	if len(hist) != 5 || !hist[0].Deleted {
		t.Errorf("after restoring the tombstone: %d revisions, newest %+v", len(hist), hist[0])
	}
	var verr *data.ValidationError
	for name, rev := range map[string]int64{"the current revision": hist[0].ID, "another milestone's": other, "no revision": 999999} {
		if rev == other {
			oh, _ := s.EventHistory(ctx, other)
			rev = oh[0].ID
		}
		_, err := s.RestoreEventRevision(ctx, a, id, rev)
		if !errors.As(err, &verr) || verr.Fields["revision"] == "" {
			t.Errorf("restoring %s: %v, want a refusal on revision", name, err)
		}
	}
	if n, _ := s.EventHistory(ctx, id); len(n) != 5 {
		t.Errorf("refused restores wrote: %d revisions", len(n))
	}
	if !strings.Contains(verr.Fields["revision"], " / ") {
		t.Errorf("message %q is not Chinese / English", verr.Fields["revision"])
	}
}
