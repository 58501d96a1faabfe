package dashboard_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pjsx/data"
)

func TestLoginSessionCookieAndRevocation(t *testing.T) {
	ts, store := newSeeded(t)
	anon := newStaffClient(t, ts)
	if r := anon.get("/edit/"); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous /edit/ = %d %q, want a redirect to the login", r.Code, r.Header.Get("Location"))
	}
	addStaff(t, store, "clerk", data.RoleEditor, "sanhe")
	if r := anon.post("/login", url.Values{"username": {"clerk"}, "password": {"wrong password!"}}); r.Code != http.StatusUnauthorized ||
		!strings.Contains(r.Body, "用户名或密码错误") || strings.Contains(r.Body, "wrong user name") {
		t.Errorf("wrong password = %d", r.Code)
	}
	r := anon.post("/login", url.Values{"username": {"clerk"}, "password": {staffPassword}, "next": {"/edit/import"}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/edit/import" {
		t.Fatalf("login = %d %q", r.Code, r.Header.Get("Location"))
	}
	ck := r.Header.Get("Set-Cookie")
	for _, want := range []string{"pjsx_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(ck, want) {
			t.Errorf("session cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Errorf("plain-HTTP session cookie is Secure: %q", ck)
	}
	token := strings.TrimPrefix(strings.SplitN(ck, ";", 2)[0], "pjsx_session=")
	if r := anon.get("/edit/"); r.Code != http.StatusOK || !strings.Contains(r.Body, "clerk") {
		t.Fatalf("logged-in /edit/ = %d", r.Code)
	}
	// Behind a TLS proxy the cookie is Secure only with --trust-proxy: TestCookieFlags.

	// Logout ends the session on the server: the old cookie no longer works anywhere.
	if r := anon.post("/logout", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("logout = %d", r.Code)
	}
	replay := newStaffClient(t, ts)
	u, _ := url.Parse(ts.URL)
	replay.c.Jar.SetCookies(u, []*http.Cookie{{Name: "pjsx_session", Value: token}})
	if r := replay.get("/edit/"); r.Code != http.StatusSeeOther {
		t.Errorf("a logged-out session still opens /edit/: %d", r.Code)
	}

	// Disabling a user ends their sessions at once, and they cannot log in again.
	editor := loginAs(t, ts, store, "leaving", data.RoleEditor)
	admin := loginAs(t, ts, store, "boss", data.RoleAdmin)
	if r := editor.get("/edit/"); r.Code != http.StatusOK {
		t.Fatalf("editor /edit/ = %d", r.Code)
	}
	if r := admin.post("/admin/users/leaving/disable", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("disable = %d: %s", r.Code, r.Body)
	}
	if r := editor.get("/edit/"); r.Code != http.StatusSeeOther {
		t.Errorf("a disabled user's session still opens /edit/: %d", r.Code)
	}
	again := newStaffClient(t, ts)
	if r := again.post("/login", url.Values{"username": {"leaving"}, "password": {staffPassword}}); r.Code != http.StatusUnauthorized {
		t.Errorf("a disabled user logs in: %d", r.Code)
	}
}

func TestLoginThrottlePerUserAndPerAddress(t *testing.T) {
	ts, store := newTrustingProxy(t) // addresses come from X-Forwarded-For, as behind a proxy
	addStaff(t, store, "target", data.RoleEditor)
	addStaff(t, store, "other", data.RoleEditor)
	try := func(user, password, addr string) response {
		c := newStaffClient(t, ts)
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(url.Values{
			"username": {user}, "password": {password}, "csrf": {c.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", addr)
		return c.do(req)
	}
	for i := 0; i < 5; i++ {
		if r := try("target", "guess-number-"+fmt.Sprint(i), "10.0.0.1"); r.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d = %d", i, r.Code)
		}
	}
	// The right password no longer helps from the guessing address; from another it still does.
	if r := try("target", staffPassword, "10.0.0.1"); r.Code != http.StatusTooManyRequests || !strings.Contains(r.Body, "登录失败次数过多,请15分钟后再试") {
		t.Errorf("after 5 failures, login from the guessing address = %d", r.Code)
	}
	if r := try("target", staffPassword, "10.9.9.9"); r.Code != http.StatusSeeOther {
		t.Errorf("after 5 failures elsewhere, the owner's login = %d, want 303", r.Code)
	}
	// Five failures for one account are not enough to lock the address for other accounts.
	if r := try("other", staffPassword, "10.0.0.1"); r.Code != http.StatusSeeOther {
		t.Errorf("another user from the address that guessed one account = %d", r.Code)
	}
	// Guessing across many accounts locks the address for everyone.
	for i := range 20 {
		if r := try(fmt.Sprintf("guess%d", i), "wrong", "10.0.0.3"); r.Code != http.StatusUnauthorized {
			t.Fatalf("spraying failure %d = %d", i, r.Code)
		}
	}
	if r := try("other", staffPassword, "10.0.0.3"); r.Code != http.StatusTooManyRequests {
		t.Errorf("the spraying address logs in another user: %d", r.Code)
	}
	if r := try("other", staffPassword, "10.0.0.2"); r.Code != http.StatusSeeOther {
		t.Errorf("another user from another address = %d", r.Code)
	}
}

// Nobody can lock an account by failing from many addresses.
func TestWrongPasswordsFromManyAddressesDoNotLockTheOwnerOut(t *testing.T) {
	ts, store := newTrustingProxy(t)
	addStaff(t, store, "admin", data.RoleAdmin)
	for round := range 2 {
		for i := range 5 {
			c := newStaffClient(t, ts)
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(url.Values{
				"username": {"admin"}, "password": {"wrong"}, "csrf": {c.csrf}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("192.0.2.%d", round*10+i+1))
			if r := c.do(req); r.Code != http.StatusUnauthorized {
				t.Fatalf("round %d, failure %d = %d", round, i, r.Code)
			}
		}
		c := newStaffClient(t, ts)
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(url.Values{
			"username": {"admin"}, "password": {staffPassword}, "csrf": {c.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "198.51.100.99")
		if r := c.do(req); r.Code != http.StatusSeeOther {
			t.Errorf("round %d: the owner from a sixth address = %d, want 303", round, r.Code)
		}
	}
}

func TestNewFigureFormRules(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	joint := current(t, store, "joint_meetings", "", "2024")
	good := func(kv ...string) url.Values {
		v := url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2023"},
			"value": {"5"}, "source": {"三河市交通局 2023年报"}, "note": {""}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	cases := []struct {
		name  string
		form  url.Values
		field string
		want  string
	}{
		{"no source", good("source", "  "), "source", "来源为必填项"},
		{"no metric", good("metric", ""), "metric", "指标为必填项"},
		{"unknown metric", good("metric", "nope"), "metric", "指标不存在"},
		{"unknown region", good("region", "beijing"), "region", "地区不存在"},
		{"count with decimals", good("value", "2.5"), "value", "计数须为零或正整数"},
		{"negative count", good("value", "-1"), "value", "计数须为零或正整数"},
		{"percent over 100", good("metric", "rail22_pinggu_progress", "region", "", "value", "101"), "value", "百分比须在0到100之间"},
		{"below the minimum", good("metric", "firebreak_km", "value", "-3"), "value", "数值低于该指标的下限 0"},
		{"not a number", good("value", "abc"), "value", "数值不是数字"},
		{"NaN", good("value", "NaN"), "value", "数值须为有限的数,不能是 NaN 或无穷"},
		{"Inf", good("value", "-Inf"), "value", "数值须为有限的数,不能是 NaN 或无穷"},
		{"empty value", good("value", ""), "value", "数值为必填项"},
		{"no period", good("period", ""), "period", "时期为必填项"},
		{"bad period", good("period", "2024-13"), "period", "时期格式应为 YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM-DD"},
		{"future period", good("period", "2199"), "period", "时期不能在将来"},
		{"granularity of the metric", good("metric", "rail22_main_structure", "region", "", "value", "50", "period", "2024"), "period",
			"该指标的时期应写作 YYYY-MM-DD"},
		{"duplicate of a current figure", good("metric", "joint_meetings", "region", "", "period", "2024"), "period",
			"该指标、地区和时期已有数据,请修改那条数据"},
	}
	before := version(t, store)
	for _, c := range cases {
		r := ed.post("/edit/figures", c.form)
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c.name, r.Code)
			continue
		}
		contains(t, c.name, r.Body, `<p class="field-error" role="alert">`+html.EscapeString(c.want))
		// The input comes back as typed.
		contains(t, c.name, r.Body, `name="source" value="`+html.EscapeString(c.form.Get("source"))+`"`,
			`name="period" value="`+html.EscapeString(c.form.Get("period"))+`"`)
		if c.form.Get("value") != "" {
			contains(t, c.name, r.Body, `name="value" value="`+html.EscapeString(c.form.Get("value"))+`"`)
		}
	}
	if v := version(t, store); v != before {
		t.Errorf("refused forms wrote to the database (version %d → %d)", before, v)
	}
	// The duplicate offers the existing figure to edit.
	r := ed.post("/edit/figures", good("metric", "joint_meetings", "region", "", "period", "2024"))
	contains(t, "duplicate", r.Body, fmt.Sprintf(`href="/edit/figures/%d"`, joint.ID))
	// Several wrong fields at once: every message, each beside its field.
	r = ed.post("/edit/figures", good("value", "x", "source", "", "period", "2199"))
	contains(t, "three wrong fields", r.Body, "数值不是数字", "来源为必填项", "时期不能在将来")
	// Typed text is shown as text.
	r = ed.post("/edit/figures", good("source", `<script>alert(1)</script>`, "value", "x"))
	if strings.Contains(r.Body, "<script>alert(1)") {
		t.Error("typed source re-rendered as markup")
	}

	// A good figure is saved, with its source, and shows on the metric page on the next request.
	r = ed.post("/edit/figures", good("value", "1,234"))
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/metrics/cross_border_bus_lines" {
		t.Fatalf("good figure = %d %q: %s", r.Code, r.Header.Get("Location"), r.Body)
	}
	o := current(t, store, "cross_border_bus_lines", "sanhe", "2023")
	if o.Value != 1234 || o.Source != "三河市交通局 2023年报" || o.EnteredBy != "editor" {
		t.Errorf("saved %+v", o)
	}
	page := ed.get("/metrics/cross_border_bus_lines")
	contains(t, "metric page after save", page.Body, "已保存", "三河市交通局 2023年报", "1,234")
	if r := ed.get("/edit/figures?metric=cross_border_bus_lines"); !strings.Contains(r.Body, fmt.Sprintf(`href="/edit/figures/%d/history"`, o.ID)) {
		t.Errorf("the staff list of the metric lacks the new figure (%d)", r.Code)
	}

	// A retired metric takes no new figures.
	admin := loginAs(t, ts, store, "root", data.RoleAdmin)
	if r := admin.post("/admin/metrics/tourism_routes/retire", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("retire = %d", r.Code)
	}
	r = ed.post("/edit/figures", good("metric", "tourism_routes", "region", ""))
	contains(t, "retired metric", r.Body, "该指标已停用")
	if page := get(t, ts, "/metrics/tourism_routes"); page.Code != http.StatusOK {
		t.Errorf("a retired metric's page = %d; its figures must stay readable", page.Code)
	}
}

func TestEditDeleteHistoryAndRestore(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	first := current(t, store, "joint_meetings", "", "2024")
	edit := fmt.Sprintf("/edit/figures/%d", first.ID)
	if r := ed.get(edit); r.Code != http.StatusOK || !strings.Contains(r.Body, `name="value" value="9"`) {
		t.Fatalf("edit form = %d", r.Code)
	}
	if r := ed.post(edit, url.Values{"value": {"10"}, "source": {"2025 通报"}, "note": {"更正"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("edit = %d: %s", r.Code, r.Body)
	}
	second := current(t, store, "joint_meetings", "", "2024")
	if second.Value != 10 || second.Supersedes != first.ID {
		t.Fatalf("after edit: %+v", second)
	}
	// Two editors at once: a save from a form of the old revision is refused with the newer one shown.
	r := ed.post(edit, url.Values{"value": {"11"}, "source": {"stale form"}})
	if r.Code != http.StatusConflict || !strings.Contains(r.Body, "已被他人修改") || !strings.Contains(r.Body, "2025 通报") {
		t.Errorf("stale save = %d", r.Code)
	}
	edit2 := fmt.Sprintf("/edit/figures/%d", second.ID)
	if r := ed.post(edit2, url.Values{"value": {"10"}, "source": {"2025 通报"}, "note": {"更正"}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "无需保存") {
		t.Errorf("unchanged save = %d", r.Code)
	}
	if r := ed.post(edit2, url.Values{"value": {"10"}, "source": {""}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "来源为必填项") {
		t.Errorf("edit without source = %d", r.Code)
	}
	// Delete needs a reason, and writes a tombstone.
	if r := ed.post(edit2+"/delete", url.Values{"reason": {""}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "删除原因为必填项") {
		t.Errorf("delete without reason = %d", r.Code)
	}
	if r := ed.post(edit2+"/delete", url.Values{"reason": {"重复录入"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("delete = %d", r.Code)
	}
	if o := current(t, store, "joint_meetings", "", "2024"); !o.Deleted {
		t.Fatalf("after delete: %+v", o)
	}
	if page := get(t, ts, "/metrics/joint_meetings"); strings.Contains(page.Body, "2025 通报") {
		t.Error("a deleted figure still shows on the metric page")
	}
	// History: every revision, newest first, with who and when; restore the first one.
	h := ed.get(edit + "/history")
	if h.Code != http.StatusOK {
		t.Fatalf("history = %d", h.Code)
	}
	contains(t, "history", h.Body, "重复录入", "2025 通报", "已删除", "editor", html.EscapeString(first.Source),
		fmt.Sprintf(`name="revision" value="%d"`, first.ID))
	if r := ed.post(edit+"/restore", url.Values{"revision": {fmt.Sprint(first.ID)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("restore = %d: %s", r.Code, r.Body)
	}
	restored := current(t, store, "joint_meetings", "", "2024")
	if restored.Value != 9 || restored.Source != first.Source || restored.ID <= second.ID {
		t.Errorf("restored %+v", restored)
	}
	revs, _ := store.Revisions(context.Background(), data.FigureKey{Metric: "joint_meetings", Period: "2024-01-01", Granularity: data.Year})
	if len(revs) != 4 {
		t.Errorf("%d revisions, want 4 (seed, edit, tombstone, restore)", len(revs))
	}
	// Restoring the current revision, or one of another figure, is refused.
	if r := ed.post(edit+"/restore", url.Values{"revision": {fmt.Sprint(restored.ID)}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("restoring the current revision = %d", r.Code)
	}
	other := current(t, store, "agreements_signed", "", "2024")
	if r := ed.post(edit+"/restore", url.Values{"revision": {fmt.Sprint(other.ID)}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("restoring another figure's revision = %d", r.Code)
	}

	// The audit names who, from where, and the values before and after.
	admin := loginAs(t, ts, store, "root", data.RoleAdmin)
	a := admin.get("/admin/audit")
	contains(t, "audit", a.Body, "figure.edit", "figure.delete", "figure.restore", "127.0.0.1", "editor",
		html.EscapeString(`"value":9`), html.EscapeString(`"value":10`))
}

func TestEventsAddEditDeleteAsRevisions(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	if r := ed.post("/edit/events", url.Values{"date": {"2024-Q1"}, "title_zh": {""}, "source": {""}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad event = %d", r.Code)
	} else {
		contains(t, "bad event", r.Body, "日期应写作 YYYY、YYYY-MM 或 YYYY-MM-DD", "中文标题为必填项", "来源为必填项")
	}
	if r := ed.post("/edit/events", url.Values{"date": {"2025-06"}, "title_zh": {"三河至平谷公交开通"},
		"title_en": {"Sanhe–Pinggu bus opens"}, "region": {"sanhe"}, "source": {"通报"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("add event = %d: %s", r.Code, r.Body)
	}
	events, _ := store.Events(context.Background(), data.EventQuery{Region: "sanhe"})
	var ev data.Event
	for _, e := range events {
		if e.TitleZh == "三河至平谷公交开通" {
			ev = e
		}
	}
	if ev.EventID == 0 {
		t.Fatal("event not saved")
	}
	path := fmt.Sprintf("/edit/events/%d", ev.EventID)
	if r := ed.get("/edit/events"); r.Code != http.StatusOK || !strings.Contains(r.Body, `href="`+path+`"`) {
		t.Errorf("event list = %d, no edit link", r.Code)
	}
	if r := ed.get(path); r.Code != http.StatusOK || !strings.Contains(r.Body, `value="三河至平谷公交开通"`) {
		t.Errorf("event form = %d", r.Code)
	}
	if r := ed.post(path, url.Values{"base": {fmt.Sprint(ev.ID)}, "date": {"2025-07"}, "title_zh": {"三河至平谷公交线路开通"},
		"region": {"sanhe"}, "source": {"通报"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("edit event = %d: %s", r.Code, r.Body)
	}
	if r := ed.post(path, url.Values{"base": {fmt.Sprint(ev.ID)}, "date": {"2025-08"}, "title_zh": {"x"}, "region": {"sanhe"},
		"source": {"s"}}); r.Code != http.StatusConflict {
		t.Errorf("stale event save = %d", r.Code)
	}
	hist, _ := store.EventHistory(context.Background(), ev.EventID)
	if r := ed.post(path+"/delete", url.Values{"base": {fmt.Sprint(hist[0].ID)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("delete event = %d", r.Code)
	}
	hist, _ = store.EventHistory(context.Background(), ev.EventID)
	if len(hist) != 3 || !hist[0].Deleted || hist[1].TitleZh != "三河至平谷公交线路开通" {
		t.Errorf("event history %+v", hist)
	}
	if page := get(t, ts, "/milestones"); strings.Contains(page.Body, "三河至平谷公交") {
		t.Error("a deleted milestone still shows")
	}
}

func TestAdminUsersAndMetricCatalog(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	admin := loginAs(t, ts, store, "root", data.RoleAdmin)
	r := admin.post("/admin/users", url.Values{"name": {"sanhe-clerk"}, "role": {"editor"}, "regions": {"sanhe"}})
	if r.Code != http.StatusOK || !strings.Contains(r.Body, `id="new-password"`) {
		t.Fatalf("add user = %d", r.Code)
	}
	u, err := store.UserByName(context.Background(), "sanhe-clerk")
	if err != nil || u.Role != data.RoleEditor || strings.Join(u.Regions, ",") != "sanhe" {
		t.Errorf("added %+v, %v", u, err)
	}
	if r := admin.post("/admin/users", url.Values{"name": {"x"}, "role": {"boss"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad user = %d", r.Code)
	} else {
		contains(t, "bad user", r.Body, "用户名为2–32位", "角色须为 viewer、editor、reviewer 或 admin")
	}
	r = admin.post("/admin/metrics", url.Values{"code": {"Bad Code"}, "kind": {"count"}, "min": {"5"}, "max": {"1"}, "target": {"NaN"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad metric = %d", r.Code)
	}
	contains(t, "bad metric", r.Body, "代码为2–48位小写字母", "请选择类别", "中文名称为必填项", "上限须不小于下限", "不能是 NaN")
	r = admin.post("/admin/metrics", url.Values{"code": {"bike_lanes_km"}, "category": {"transport"}, "name_zh": {"跨界绿道"},
		"name_en": {"Cross-border greenways"}, "unit_zh": {"公里"}, "unit_en": {"km"}, "kind": {"length"}, "min": {"0"},
		"target": {"120"}, "target_date": {"2027"}, "decimals": {"1"}, "cumulative": {"1"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("add metric = %d: %s", r.Code, r.Body)
	}
	m, err := store.Metric(context.Background(), "bike_lanes_km")
	if err != nil || !m.Cumulative || m.Target == nil || *m.Target != 120 || m.TargetDate != "2027-01-01" {
		t.Errorf("metric %+v %v", m, err)
	}
	if page := get(t, ts, "/metrics/bike_lanes_km"); page.Code != http.StatusOK {
		t.Errorf("new metric page = %d", page.Code)
	}
}
