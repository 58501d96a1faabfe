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

// TestAdminChangesARoleAndTheDemotedEditorStopsEditing: an admin changes a role and regions
// from /admin/users; a refused change answers 422 with the message beside that account's fields
// and its input kept, writing nothing; a demoted editor's open session ends at once.
func TestAdminChangesARoleAndTheDemotedEditorStopsEditing(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ctx := context.Background()
	admin := loginAs(t, ts, store, "root", data.RoleAdmin)
	clerk := loginAs(t, ts, store, "clerk", data.RoleEditor)
	fig := current(t, store, "joint_meetings", "", "2024")
	editPath := fmt.Sprintf("/edit/figures/%d", fig.ID)
	if r := clerk.get(editPath); r.Code != http.StatusOK {
		t.Fatalf("editor opens the form = %d", r.Code)
	}
	page := admin.get("/admin/users")
	contains(t, "users page", page.Body, `action="/admin/users/clerk/role"`, `id="role-clerk"`)
	if strings.Contains(page.Body, `action="/admin/users/root/role"`) {
		t.Error("an admin is offered to change their own role")
	}

	// Refused: an unknown role and region; the row keeps the input and shows the messages.
	r := admin.post("/admin/users/clerk/role", url.Values{"role": {"boss"}, "regions": {"sanhe", "atlantis"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad role = %d", r.Code)
	}
	contains(t, "bad role", r.Body, "角色须为 viewer、editor、reviewer 或 admin", `未知地区 &#34;atlantis&#34;`,
		`name="regions" value="sanhe" checked`)
	if r := admin.post("/admin/users/root/role", url.Values{"role": {"viewer"}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "不能修改自己的角色") {
		t.Errorf("an admin demotes themself = %d", r.Code)
	}
	if r := admin.post("/admin/users/nobody/role", url.Values{"role": {"viewer"}}); r.Code != http.StatusNotFound {
		t.Errorf("unknown account = %d", r.Code)
	}
	if u, _ := store.UserByName(ctx, "clerk"); u.Role != data.RoleEditor || len(u.Regions) != 0 {
		t.Fatalf("refused changes wrote: %+v", u)
	}
	if r := clerk.get(editPath); r.Code != http.StatusOK {
		t.Fatalf("refused changes ended the clerk's session: %d", r.Code)
	}

	// Limited to Sanhe: less than before, so the session ends and the joint figure is out of reach.
	if r := admin.post("/admin/users/clerk/role", url.Values{"role": {"editor"}, "regions": {"sanhe"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("role change = %d: %s", r.Code, r.Body)
	}
	if u, _ := store.UserByName(ctx, "clerk"); u.Role != data.RoleEditor || strings.Join(u.Regions, ",") != "sanhe" {
		t.Errorf("after the change: %+v", u)
	}
	if r := clerk.post(editPath, url.Values{"value": {"10"}, "source": {"s"}}); r.Code == http.StatusSeeOther &&
		!strings.HasPrefix(r.Header.Get("Location"), "/login") || r.Code == http.StatusOK {
		t.Errorf("the limited clerk's old session still saves: %d %q", r.Code, r.Header.Get("Location"))
	}
	if r := clerk.get(editPath); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("the limited clerk's old session still opens /edit: %d", r.Code)
	}
	// Logged in again, the clerk edits Sanhe only; demoted to viewer, not even that.
	clerk = newStaffClient(t, ts)
	clerk.post("/login", url.Values{"username": {"clerk"}, "password": {staffPassword}})
	if r := clerk.get(editPath); r.Code != http.StatusForbidden {
		t.Errorf("a Sanhe clerk opens the joint figure = %d", r.Code)
	}
	if r := admin.post("/admin/users/clerk/role", url.Values{"role": {"viewer"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("demote = %d: %s", r.Code, r.Body)
	}
	if r := clerk.get("/edit/"); r.Code != http.StatusSeeOther {
		t.Errorf("a demoted editor's session still opens /edit/: %d", r.Code)
	}
	contains(t, "audit", admin.get("/admin/audit").Body, "user.role", "user:clerk")
}
