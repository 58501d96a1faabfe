package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
)

// TestEveryMutatingRouteRefusesTheWrongCaller is the role × route × region matrix: every route
// that changes data refuses an anonymous visitor, a viewer, an editor of another region (or an
// editor on an admin route), and any caller without the right CSRF token — and writes nothing.
func TestEveryMutatingRouteRefusesTheWrongCaller(t *testing.T) {
	ts, store := newSeeded(t)
	ctx := context.Background()
	sanhe, err := store.AddFigure(ctx, data.Actor{Name: "test"}, data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "sanhe", Period: "2023", Value: 3, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	joint := current(t, store, "joint_meetings", "", "2024")
	eventID, err := store.AddEvent(ctx, data.Actor{Name: "test"}, data.EventInput{Date: "2024-05", TitleZh: "三河事件",
		Region: "sanhe", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := store.EventHistory(ctx, eventID)
	addStaff(t, store, "victim", data.RoleEditor)

	anon := newStaffClient(t, ts)
	viewer := loginAs(t, ts, store, "viewer", data.RoleViewer)
	pinggu := loginAs(t, ts, store, "pinggu-clerk", data.RoleEditor, "pinggu")
	sanheClerk := loginAs(t, ts, store, "sanhe-clerk", data.RoleEditor, "sanhe")
	admin := loginAs(t, ts, store, "root", data.RoleAdmin)

	type route struct {
		path  string
		form  url.Values
		admin bool // an admin-only route: any editor is refused
	}
	fig := fmt.Sprintf("/edit/figures/%d", sanhe.ID)
	ev := fmt.Sprintf("/edit/events/%d", eventID)
	routes := []route{
		{"/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2022"}, "value": {"1"}, "source": {"s"}}, false},
		{fig, url.Values{"value": {"4"}, "source": {"s"}}, false},
		{fig + "/delete", url.Values{"reason": {"r"}}, false},
		{fig + "/restore", url.Values{"revision": {fmt.Sprint(sanhe.ID)}}, false},
		{"/edit/events", url.Values{"date": {"2024"}, "title_zh": {"t"}, "region": {"sanhe"}, "source": {"s"}}, false},
		{ev, url.Values{"base": {fmt.Sprint(hist[0].ID)}, "date": {"2024"}, "title_zh": {"t"}, "region": {"sanhe"}, "source": {"s"}}, false},
		{ev + "/delete", url.Values{"base": {fmt.Sprint(hist[0].ID)}}, false},
		{ev + "/restore", url.Values{"revision": {fmt.Sprint(hist[0].ID)}}, false},
		{"/edit/import", url.Values{}, false},
		{"/edit/import/commit", url.Values{"draft": {"x"}}, false},
		{"/admin/users", url.Values{"name": {"newbie"}, "role": {"admin"}}, true},
		{"/admin/users/victim/disable", nil, true},
		{"/admin/users/victim/enable", nil, true},
		{"/admin/users/victim/password", nil, true},
		{"/admin/users/victim/role", url.Values{"role": {"viewer"}}, true},
		{"/admin/metrics", url.Values{"code": {"new_metric"}, "category": {"transport"}, "name_zh": {"n"}, "name_en": {"n"},
			"unit_zh": {"个"}, "kind": {"count"}}, true},
		{"/admin/metrics/joint_meetings/retire", nil, true},
	}
	before := version(t, store)
	with := func(form url.Values, kv ...string) url.Values {
		out := url.Values{}
		for k, v := range form {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	for _, rt := range routes {
		callers := []struct {
			name string
			c    *staffClient
			form url.Values
		}{
			{"anonymous", anon, with(rt.form)},
			{"viewer", viewer, with(rt.form)},
			{"admin without CSRF token", admin, with(rt.form, "csrf", "")},
			{"admin with a wrong CSRF token", admin, with(rt.form, "csrf", "forged-token-forged-token")},
			{"editor with another session's token", sanheClerk, with(rt.form, "csrf", pinggu.csrf)},
		}
		// Region: a Pinggu clerk may not touch Sanhe; import rows are checked per row (import tests).
		if rt.admin || rt.path != "/edit/import" && rt.path != "/edit/import/commit" {
			callers = append(callers, struct {
				name string
				c    *staffClient
				form url.Values
			}{"editor of another region", pinggu, with(rt.form)})
		}
		for _, caller := range callers {
			r := caller.c.post(rt.path, caller.form)
			if r.Code != http.StatusForbidden {
				t.Errorf("POST %s as %s = %d, want 403", rt.path, caller.name, r.Code)
			}
		}
	}
	// Joint figures need an editor with no region limit.
	for _, path := range []string{fmt.Sprintf("/edit/figures/%d", joint.ID), fmt.Sprintf("/edit/figures/%d/delete", joint.ID)} {
		if r := sanheClerk.post(path, url.Values{"value": {"10"}, "source": {"s"}, "reason": {"r"}}); r.Code != http.StatusForbidden {
			t.Errorf("POST %s as a Sanhe clerk = %d, want 403", path, r.Code)
		}
	}
	if r := sanheClerk.post("/edit/figures", url.Values{"metric": {"joint_meetings"}, "region": {""}, "period": {"2023"},
		"value": {"1"}, "source": {"s"}}); r.Code != http.StatusForbidden {
		t.Errorf("a Sanhe clerk's new joint figure = %d, want 403", r.Code)
	}
	// GET pages of another region are refused too.
	if r := pinggu.get(fig); r.Code != http.StatusForbidden {
		t.Errorf("GET %s as a Pinggu clerk = %d", fig, r.Code)
	}
	if r := viewer.get("/edit/"); r.Code != http.StatusForbidden {
		t.Errorf("GET /edit/ as viewer = %d", r.Code)
	}
	if r := pinggu.get("/admin/audit"); r.Code != http.StatusForbidden {
		t.Errorf("GET /admin/audit as editor = %d", r.Code)
	}
	if v := version(t, store); v != before {
		t.Fatalf("refused requests wrote to the database (version %d → %d)", before, v)
	}
	if u, err := store.UserByName(ctx, "victim"); err != nil || u.Disabled || u.Role != data.RoleEditor {
		t.Fatalf("refused requests changed the account victim: %+v %v", u, err)
	}

	// The same routes work for the right caller with the right token (the matrix is not vacuous).
	if r := sanheClerk.post(fig, url.Values{"value": {"4"}, "source": {"s"}}); r.Code != http.StatusSeeOther {
		t.Errorf("Sanhe clerk edits a Sanhe figure = %d", r.Code)
	}
	if r := admin.post("/admin/users/victim/disable", nil); r.Code != http.StatusSeeOther {
		t.Errorf("admin disables = %d", r.Code)
	}
}

func TestRequireLoginClosesReading(t *testing.T) {
	store := datatest.NewStore(t)
	ts := serveWith(t, store, true)
	visitor := newStaffClient(t, ts)
	if r := visitor.get("/"); r.Code != http.StatusSeeOther {
		t.Errorf("GET / with --require-login = %d", r.Code)
	}
	if r := visitor.get("/api/v1/metrics"); r.Code != http.StatusUnauthorized {
		t.Errorf("API with --require-login = %d", r.Code)
	}
	if r := visitor.get("/healthz"); r.Code != http.StatusOK {
		t.Errorf("/healthz = %d", r.Code)
	}
	if r := visitor.get("/login"); r.Code != http.StatusOK {
		t.Errorf("/login = %d", r.Code)
	}
	v := loginAs(t, ts, store, "reader", data.RoleViewer)
	if r := v.get("/"); r.Code != http.StatusOK {
		t.Errorf("GET / as viewer = %d", r.Code)
	}
}
