package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pjsx/data"
)

// TestEventHistoryRestore: the milestone page lists every revision with a restore button; a
// restore (of an older revision, or undoing a delete) is a new revision shown on the next page,
// the current revision cannot be restored, and a clerk cannot restore another region's revision.
func TestEventHistoryRestore(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ctx := context.Background()
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	sanheClerk := loginAs(t, ts, store, "sanhe-clerk", data.RoleEditor, "sanhe")
	id, err := store.AddEvent(ctx, data.Actor{Name: "t"}, data.EventInput{Date: "2024-05", TitleZh: "平谷旧标题",
		Region: "pinggu", Source: "first"})
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := store.EventHistory(ctx, id)
	first := hist[0]
	path := fmt.Sprintf("/edit/events/%d", id)
	if r := ed.post(path, url.Values{"base": {fmt.Sprint(first.ID)}, "date": {"2024-06"}, "title_zh": {"三河新标题"},
		"region": {"sanhe"}, "source": {"second"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("edit = %d: %s", r.Code, r.Body)
	}
	page := ed.get(path)
	contains(t, "event history", page.Body, `action="`+path+`/restore"`, fmt.Sprintf(`name="revision" value="%d"`, first.ID))

	// A Sanhe clerk may open the (now Sanhe) milestone but not bring back its Pinggu revision.
	if r := sanheClerk.post(path+"/restore", url.Values{"revision": {fmt.Sprint(first.ID)}}); r.Code != http.StatusForbidden {
		t.Errorf("a Sanhe clerk restores a Pinggu revision = %d, want 403", r.Code)
	}
	// The current revision, or nonsense, is refused beside the history; nothing is written.
	hist, _ = store.EventHistory(ctx, id)
	for _, rev := range []string{fmt.Sprint(hist[0].ID), "x", "999999"} {
		r := ed.post(path+"/restore", url.Values{"revision": {rev}})
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `class="field-error"`) {
			t.Errorf("restore revision %q = %d, want 422 with a message", rev, r.Code)
		}
	}
	if h, _ := store.EventHistory(ctx, id); len(h) != 2 {
		t.Fatalf("refused restores wrote: %d revisions", len(h))
	}

	if r := ed.post(path+"/restore", url.Values{"revision": {fmt.Sprint(first.ID)}}); r.Code != http.StatusSeeOther ||
		r.Header.Get("Location") != path {
		t.Fatalf("restore = %d %q: %s", r.Code, r.Header.Get("Location"), r.Body)
	}
	if page := get(t, ts, "/milestones"); !strings.Contains(page.Body, "平谷旧标题") || strings.Contains(page.Body, "三河新标题") {
		t.Error("the milestones page does not show the restored revision")
	}

	// Deleting lands on the history, which offers to undo it.
	hist, _ = store.EventHistory(ctx, id)
	if r := ed.post(path+"/delete", url.Values{"base": {fmt.Sprint(hist[0].ID)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("delete = %d", r.Code)
	}
	page = ed.get(path)
	if page.Code != http.StatusOK || strings.Contains(page.Body, `name="title_zh"`) {
		t.Errorf("a deleted milestone's page = %d, want its history without the edit form", page.Code)
	}
	contains(t, "deleted milestone", page.Body, "此大事记已删除", fmt.Sprintf(`name="revision" value="%d"`, hist[0].ID))
	if r := ed.post(path+"/restore", url.Values{"revision": {fmt.Sprint(hist[0].ID)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("undo delete = %d: %s", r.Code, r.Body)
	}
	if page := get(t, ts, "/milestones"); !strings.Contains(page.Body, "平谷旧标题") {
		t.Error("an undeleted milestone is not shown")
	}
	admin := loginAs(t, ts, store, "root", data.RoleAdmin)
	contains(t, "audit", admin.get("/admin/audit").Body, "event.restore", "restored_revision")
}
