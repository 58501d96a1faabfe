package dashboard_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// access is who may use a route.
type access int

const (
	public   access = iota // anyone (unless --require-login)
	open                   // anyone, even with --require-login: logging in, health, static files
	editor                 // role editor, and the figure's or event's region
	admin                  // role admin
	fallback               // a group's not-found route: it answers a login redirect, 403 or 404
)

// routeRule is the rule one registered route is held to, with a path to try it on.
type routeRule struct {
	access access
	path   string     // the route with its parameters filled in
	form   url.Values // for a POST: a form that the right caller could send
	region bool       // an editor of another region is refused
}

// securedServer is a seeded server with the Server value, so a test can list its routes.
func securedServer(t *testing.T, requireLogin bool, logTo io.Writer) (*httptest.Server, *dashboard.Server, *data.Store) {
	t.Helper()
	store := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	if logTo == nil {
		logTo = io.Discard
	}
	srv, err := dashboard.New(dashboard.Config{Store: store, RequireLogin: requireLogin,
		Logger: slog.New(slog.NewTextHandler(logTo, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, srv, store
}

// newTrustingProxy is a seeded server run with --trust-proxy.
func newTrustingProxy(t *testing.T) (*httptest.Server, *data.Store) {
	t.Helper()
	store := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	srv, err := dashboard.New(dashboard.Config{Store: store, TrustProxy: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, store
}

// checkHeaders asserts the security headers of one response: framing is allowed for the embed
// page only.
func checkHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if strings.HasPrefix(csp, "default-src 'none'") && strings.Contains(csp, "sandbox") {
		// An image (SVG) under a stricter policy: nothing runs, nothing loads; XFO rules framing.
		if h.Get("X-Frame-Options") != "SAMEORIGIN" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: XFO %q, nosniff %q", what, h.Get("X-Frame-Options"), h.Get("X-Content-Type-Options"))
		}
		return
	}
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %s", what, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(strings.SplitN(csp+"script-src", "script-src", 2)[1], "unsafe-inline;") {
		t.Errorf("%s: CSP allows inline or eval'd scripts: %q", what, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q", what, h.Get("X-Content-Type-Options"))
	}
	if h.Get("Referrer-Policy") != "same-origin" {
		t.Errorf("%s: Referrer-Policy = %q", what, h.Get("Referrer-Policy"))
	}
	embed := strings.Contains(what, "/embed/") && !strings.Contains(what, "=4")
	switch {
	case embed && (h.Get("X-Frame-Options") != "" || !strings.Contains(csp, "frame-ancestors *")):
		t.Errorf("%s: the embed page cannot be framed: XFO %q, CSP %q", what, h.Get("X-Frame-Options"), csp)
	case !embed && (h.Get("X-Frame-Options") != "SAMEORIGIN" || !strings.Contains(csp, "frame-ancestors 'self'")):
		t.Errorf("%s: may be framed by others: XFO %q, CSP %q", what, h.Get("X-Frame-Options"), csp)
	}
}

// TestEveryRegisteredRouteHasARule lists the routes the server really registers: each must have
// a rule here (a new route without one fails), and each is tried by every kind of caller. A
// route that changes data refuses an anonymous visitor, a viewer, an editor of another region
// or without the admin role, and a missing or wrong CSRF token, and writes nothing; every
// response carries the security headers.
func TestEveryRegisteredRouteHasARule(t *testing.T) {
	ts, srv, store := securedServer(t, false, nil)
	ctx := context.Background()
	sanhe, err := store.AddFigure(ctx, data.Actor{Name: "test"}, data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "sanhe", Period: "2023", Value: 3, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	eventID, err := store.AddEvent(ctx, data.Actor{Name: "test"}, data.EventInput{Date: "2024-05", TitleZh: "三河事件",
		Region: "sanhe", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := store.EventHistory(ctx, eventID)
	waiting, err := store.AddFigure(ctx, data.Actor{Name: "author", Review: true}, data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "sanhe", Period: "2021", Value: 3, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	rev := fmt.Sprintf("figure:%d", waiting.ID)
	addStaff(t, store, "victim", data.RoleEditor)
	fig := fmt.Sprintf("/edit/figures/%d", sanhe.ID)
	ev := fmt.Sprintf("/edit/events/%d", eventID)
	base := fmt.Sprint(hist[0].ID)

	rules := map[string]routeRule{
		"GET /":                            {access: public, path: "/"},
		"GET /metrics/:code":               {access: public, path: "/metrics/cross_border_bus_lines"},
		"GET /metrics/:code/card":          {access: public, path: "/metrics/rail22_station_structure/card?view=latest"},
		"GET /categories/:code":            {access: public, path: "/categories/transport"},
		"GET /milestones":                  {access: public, path: "/milestones"},
		"GET /calendar":                    {access: public, path: "/calendar"},
		"GET /calendar.ics":                {access: public, path: "/calendar.ics"},
		"GET /api/v1/regions":              {access: public, path: "/api/v1/regions"},
		"GET /api/v1/metrics":              {access: public, path: "/api/v1/metrics"},
		"GET /api/v1/metrics/:code/series": {access: public, path: "/api/v1/metrics/cross_border_bus_lines/series"},
		"GET /api/v1/events":               {access: public, path: "/api/v1/events"},
		"GET /api/v1/plans":                {access: public, path: "/api/v1/plans"},
		"GET /charts/:file":                {access: public, path: "/charts/cross_border_bus_lines.svg"},
		"GET /data/:file":                  {access: public, path: "/data/cross_border_bus_lines.csv"},
		"GET /export":                      {access: public, path: "/export"},
		"GET /export/pack.zip":             {access: public, path: "/export/pack.zip?metrics=cross_border_bus_lines"},
		"GET /export/print":                {access: public, path: "/export/print?metrics=cross_border_bus_lines"},
		"GET /export/briefing.pdf":         {access: public, path: "/export/briefing.pdf?metrics=cross_border_bus_lines"},
		"GET /export/briefing.docx":        {access: public, path: "/export/briefing.docx?metrics=cross_border_bus_lines"},
		"GET /embed/metrics/:code":         {access: public, path: "/embed/metrics/cross_border_bus_lines"},
		"GET /login":                       {access: open, path: "/login"},
		"GET /healthz":                     {access: open, path: "/healthz"},
		"GET /static/*":                    {access: open, path: assetURL.FindStringSubmatch(get(t, ts, "/").Body)[1]},
		"POST /login":                      {access: open, path: "/login", form: url.Values{"username": {"nobody"}, "password": {"x"}}},
		"POST /logout":                     {access: open, path: "/logout"},
		"GET /edit":                        {access: editor, path: "/edit"},
		"GET /edit/":                       {access: editor, path: "/edit/"},
		"GET /edit/figures":                {access: editor, path: "/edit/figures"},
		"GET /edit/figures/new":            {access: editor, path: "/edit/figures/new"},
		"GET /edit/figures/:id":            {access: editor, path: fig, region: true},
		"GET /edit/figures/:id/history":    {access: editor, path: fig + "/history", region: true},
		"GET /edit/events":                 {access: editor, path: "/edit/events"},
		"GET /edit/events/new":             {access: editor, path: "/edit/events/new"},
		"GET /edit/events/:id":             {access: editor, path: ev, region: true},
		"GET /edit/import":                 {access: editor, path: "/edit/import"},
		"GET /edit/import/template.csv":    {access: editor, path: "/edit/import/template.csv"},
		"GET /edit/import/template.xlsx":   {access: editor, path: "/edit/import/template.xlsx"},
		"POST /edit/figures":               {access: editor, path: "/edit/figures", region: true, form: url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2022"}, "value": {"1"}, "source": {"s"}}},
		"POST /edit/figures/:id":           {access: editor, path: fig, region: true, form: url.Values{"value": {"4"}, "source": {"s"}}},
		"POST /edit/figures/:id/delete":    {access: editor, path: fig + "/delete", region: true, form: url.Values{"reason": {"r"}}},
		"POST /edit/figures/:id/restore":   {access: editor, path: fig + "/restore", region: true, form: url.Values{"revision": {fmt.Sprint(sanhe.ID)}}},
		"POST /edit/events":                {access: editor, path: "/edit/events", region: true, form: url.Values{"date": {"2024"}, "title_zh": {"t"}, "region": {"sanhe"}, "source": {"s"}}},
		"POST /edit/events/:id":            {access: editor, path: ev, region: true, form: url.Values{"base": {base}, "date": {"2024"}, "title_zh": {"t"}, "region": {"sanhe"}, "source": {"s"}}},
		"POST /edit/events/:id/delete":     {access: editor, path: ev + "/delete", region: true, form: url.Values{"base": {base}}},
		"POST /edit/events/:id/restore":    {access: editor, path: ev + "/restore", region: true, form: url.Values{"revision": {base}}},
		"GET /edit/tasks":                  {access: editor, path: "/edit/tasks"},
		"POST /edit/tasks":                 {access: editor, path: "/edit/tasks", region: true, form: url.Values{"source": {"s"}, "value:cross_border_bus_lines/sanhe/2022": {"1"}}},
		"POST /edit/import":                {access: editor, path: "/edit/import"},
		"POST /edit/import/commit":         {access: editor, path: "/edit/import/commit", form: url.Values{"draft": {"x"}}},
		"GET /edit/review":                 {access: editor, path: "/edit/review"},
		"POST /edit/review/approve":        {access: editor, path: "/edit/review/approve", region: true, form: url.Values{"rev": {rev}}},
		"POST /edit/review/return":         {access: editor, path: "/edit/review/return", region: true, form: url.Values{"rev": {rev}, "comment": {"c"}}},
		"GET /admin/settings":              {access: admin, path: "/admin/settings"},
		"POST /admin/settings":             {access: admin, path: "/admin/settings", form: url.Values{"review": {"off"}}},
		"GET /admin/users":                 {access: admin, path: "/admin/users"},
		"GET /admin/metrics":               {access: admin, path: "/admin/metrics"},
		"GET /admin/audit":                 {access: admin, path: "/admin/audit"},
		"POST /admin/users":                {access: admin, path: "/admin/users", form: url.Values{"name": {"newbie"}, "role": {"admin"}}},
		"POST /admin/users/:name/disable":  {access: admin, path: "/admin/users/victim/disable"},
		"POST /admin/users/:name/enable":   {access: admin, path: "/admin/users/victim/enable"},
		"POST /admin/users/:name/password": {access: admin, path: "/admin/users/victim/password"},
		"POST /admin/users/:name/role":     {access: admin, path: "/admin/users/victim/role", form: url.Values{"role": {"viewer"}}},
		"POST /admin/metrics":              {access: admin, path: "/admin/metrics", form: url.Values{"code": {"new_metric"}, "category": {"transport"}, "name_zh": {"n"}, "name_en": {"n"}, "unit_zh": {"个"}, "kind": {"count"}}},
		"POST /admin/metrics/:code/retire": {access: admin, path: "/admin/metrics/joint_meetings/retire"},
		"GET /admin/metrics/:code/info":    {access: admin, path: "/admin/metrics/joint_meetings/info"},
		"POST /admin/metrics/:code/info":   {access: admin, path: "/admin/metrics/joint_meetings/info", form: url.Values{"definition_zh": {"d"}}},
		"echo_route_not_found /edit":       {access: fallback, path: "/edit"},
		"echo_route_not_found /edit/*":     {access: fallback, path: "/edit/no-such-page"},
		"echo_route_not_found /admin":      {access: fallback, path: "/admin"},
		"echo_route_not_found /admin/*":    {access: fallback, path: "/admin/no-such-page"},
	}

	anon := newStaffClient(t, ts)
	viewer := loginAs(t, ts, store, "viewer", data.RoleViewer)
	pinggu := loginAs(t, ts, store, "pinggu-clerk", data.RoleEditor, "pinggu")
	sanheClerk := loginAs(t, ts, store, "sanhe-clerk", data.RoleEditor, "sanhe")
	root := loginAs(t, ts, store, "root", data.RoleAdmin)

	seen := map[string]bool{}
	checked := 0
	for _, r := range srv.Routes() {
		key := r.Method + " " + r.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		rule, ok := rules[key]
		if !ok {
			t.Errorf("route %s has no rule in this test: say who may use it", key)
			continue
		}
		before := version(t, store)
		try := func(who string, c *staffClient, form url.Values, want ...int) {
			t.Helper()
			var res response
			if r.Method == http.MethodPost {
				res = c.post(rule.path, form)
			} else {
				res = c.get(rule.path)
			}
			checkHeaders(t, key+" as "+who, res.Header)
			checked++
			if res.Code >= 500 {
				t.Errorf("%s as %s = %d", key, who, res.Code)
			}
			for _, w := range want {
				if res.Code == w {
					return
				}
			}
			t.Errorf("%s (%s) as %s = %d, want one of %v", key, rule.path, who, res.Code, want)
		}
		with := func(kv ...string) url.Values {
			out := url.Values{}
			for k, v := range rule.form {
				out[k] = v
			}
			for i := 0; i+1 < len(kv); i += 2 {
				out.Set(kv[i], kv[i+1])
			}
			return out
		}
		switch {
		case r.Method == "echo_route_not_found":
			try("anonymous", anon, nil, http.StatusSeeOther, http.StatusNotFound)
			try("viewer", viewer, nil, http.StatusForbidden, http.StatusNotFound)
		case r.Method == http.MethodGet && (rule.access == public || rule.access == open):
			try("anonymous", anon, nil, http.StatusOK)
		case r.Method == http.MethodGet:
			try("anonymous", anon, nil, http.StatusSeeOther)
			try("viewer", viewer, nil, http.StatusForbidden)
			if rule.access == admin {
				try("editor", sanheClerk, nil, http.StatusForbidden)
				try("admin", root, nil, http.StatusOK)
			} else {
				try("editor of the region", sanheClerk, nil, http.StatusOK)
			}
			if rule.region {
				try("editor of another region", pinggu, nil, http.StatusForbidden)
			}
		case r.Method == http.MethodPost:
			try("a caller without a CSRF token", root, with("csrf", ""), http.StatusForbidden)
			try("a caller with a forged CSRF token", root, with("csrf", "forged-token-forged-token"), http.StatusForbidden)
			try("a caller with another session's token", sanheClerk, with("csrf", root.csrf), http.StatusForbidden)
			if rule.access == editor || rule.access == admin {
				try("anonymous", anon, with(), http.StatusForbidden)
				try("viewer", viewer, with(), http.StatusForbidden)
			}
			if rule.access == admin {
				try("editor", sanheClerk, with(), http.StatusForbidden)
			}
			if rule.region {
				try("editor of another region", pinggu, with(), http.StatusForbidden)
			}
		default:
			t.Errorf("route %s: method %s has no check here", key, r.Method)
		}
		if v := version(t, store); v != before {
			t.Errorf("%s: refused requests wrote figures (version %d → %d)", key, before, v)
		}
	}
	for key := range rules {
		if !seen[key] {
			t.Errorf("rule %s names no registered route", key)
		}
	}
	if u, err := store.UserByName(ctx, "victim"); err != nil || u.Disabled || u.Role != data.RoleEditor {
		t.Errorf("refused admin requests changed the user victim: %+v %v", u, err)
	}
	if _, err := store.UserByName(ctx, "newbie"); err == nil {
		t.Error("a refused request added the user newbie")
	}
	t.Logf("%d routes, %d refused or allowed requests checked", len(seen), checked)
}

// TestSecurityHeadersOnEveryKindOfResponse covers what the route loop does not: errors of each
// kind, content-hashed static files, images, exports, and a body too large.
func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	ts, _, _ := securedServer(t, false, nil)
	paths := []string{
		"/no-such-page", "/metrics/no_such_metric", "/metrics/cross_border_bus_lines?from=2024-02-30",
		"/api/v1/metrics/cross_border_bus_lines/series?granularity=decade", "/charts/cross_border_bus_lines.png",
		"/charts/cross_border_bus_lines.png?width=4", "/data/cross_border_bus_lines.xlsx", "/static/no-such-file.css",
		"/embed/metrics/cross_border_bus_lines?regions=sanhe&lang=en", "/embed/metrics/no_such_metric",
	}
	page := get(t, ts, "/")
	for _, m := range assetURL.FindAllStringSubmatch(page.Body, -1) {
		paths = append(paths, m[1])
	}
	for _, p := range paths {
		r := get(t, ts, p)
		if r.Code >= 500 {
			t.Errorf("GET %s = %d", p, r.Code)
		}
		what := "GET " + p
		if p == "/embed/metrics/no_such_metric" {
			what = "GET /embed/ error=404" // an error page of the embed route may keep the strict rules
			if r.Code != http.StatusNotFound {
				t.Errorf("%s = %d", p, r.Code)
			}
			continue
		}
		checkHeaders(t, what, r.Header)
	}
	embed := get(t, ts, "/embed/metrics/cross_border_bus_lines?regions=sanhe")
	// The second answer comes from the page cache and must be just as frameable.
	for i := 0; i < 2; i++ {
		again := get(t, ts, "/embed/metrics/cross_border_bus_lines?regions=sanhe")
		checkHeaders(t, "GET /embed/metrics/:code (again)", again.Header)
	}
	if embed.Code != http.StatusOK || !strings.Contains(embed.Body, `type="application/json"`) ||
		strings.Contains(embed.Body, `<nav>`) || strings.Contains(embed.Body, "<script>") {
		t.Errorf("embed page = %d: want the chart's data island, no navigation, no inline script", embed.Code)
	}
	// A body beyond the limit is refused before anything reads it whole; the answer has the headers.
	sc := newStaffClient(t, ts)
	big := url.Values{"username": {"x"}, "password": {strings.Repeat("p", int(data.MaxImportBytes)+128<<10)}}
	r := sc.post("/login", big)
	if r.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 8 MB+ login body = %d, want 413", r.Code)
	}
	checkHeaders(t, "POST /login 413", r.Header)
}

// TestCookieFlags: every cookie is HttpOnly, SameSite=Lax and Path=/; Secure behind HTTPS.
// TestCookieFlags: every cookie is HttpOnly and SameSite=Lax; Secure behind TLS, which a proxy
// may say with X-Forwarded-Proto only when the server trusts it (--trust-proxy).
func TestCookieFlags(t *testing.T) {
	for _, trust := range []bool{false, true} {
		ts, _, store := securedServer(t, false, nil)
		if trust {
			ts, store = newTrustingProxy(t)
		}
		addStaff(t, store, "clerk", data.RoleEditor)
		checkCookieFlags(t, ts, trust)
	}
}

func checkCookieFlags(t *testing.T, ts *httptest.Server, trust bool) {
	for _, forwarded := range []bool{false, true} {
		https := forwarded && trust
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/login?lang=en", nil) // the language cookie too
		if forwarded {
			req.Header.Set("X-Forwarded-Proto", "https")
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		cks := res.Header.Values("Set-Cookie")
		if len(cks) == 0 {
			t.Fatal("no cookie on the first visit")
		}
		var csrf string
		if len(cks) < 2 {
			t.Errorf("want the CSRF and the language cookies, got %q", cks)
		}
		for _, ck := range cks {
			for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
				if !strings.Contains(ck, want) {
					t.Errorf("cookie %q lacks %s", ck, want)
				}
			}
			if strings.Contains(ck, "Secure") != https {
				t.Errorf("cookie %q (X-Forwarded-Proto %v, --trust-proxy %v): Secure should be %v", ck, forwarded, trust, https)
			}
			if strings.HasPrefix(ck, "pjsx_csrf=") {
				csrf = strings.TrimPrefix(strings.SplitN(ck, ";", 2)[0], "pjsx_csrf=")
			}
		}
		form := url.Values{"username": {"clerk"}, "password": {staffPassword}, "csrf": {csrf}}
		req, _ = http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "pjsx_csrf", Value: csrf})
		if forwarded {
			req.Header.Set("X-Forwarded-Proto", "https")
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err = client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		found := false
		for _, ck := range res.Header.Values("Set-Cookie") {
			if !strings.HasPrefix(ck, "pjsx_session=") {
				continue
			}
			found = true
			if !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") || strings.Contains(ck, "Secure") != https {
				t.Errorf("session cookie (https %v) = %q", https, ck)
			}
			if !strings.Contains(ck, fmt.Sprintf("Max-Age=%d", int(data.SessionTTL.Seconds()))) {
				t.Errorf("session cookie outlives the session: %q", ck)
			}
		}
		if !found {
			t.Errorf("login (https %v) = %d set no session cookie", https, res.StatusCode)
		}
	}
}

// TestSpoofedForwardedForDoesNotEscapeTheLoginLock: X-Forwarded-For is the client's own word
// unless the server is told a proxy sets it.
func TestSpoofedForwardedForDoesNotEscapeTheLoginLock(t *testing.T) {
	for _, trust := range []bool{false, true} {
		store := datatest.NewStore(t)
		if _, err := seed.Load(context.Background(), store); err != nil {
			t.Fatal(err)
		}
		srv, err := dashboard.New(dashboard.Config{Store: store, TrustProxy: trust, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		addStaff(t, store, "clerk", data.RoleEditor)
		sc := newStaffClient(t, ts)
		login := func(name, password, xff string) int {
			form := url.Values{"username": {name}, "password": {password}, "csrf": {sc.csrf}}
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", xff)
			return sc.do(req).Code
		}
		// Twenty different names from "twenty addresses": the socket is one address.
		for i := range 20 {
			if code := login(fmt.Sprintf("guess%d", i), "wrong password!", fmt.Sprintf("203.0.113.%d", i+1)); code != http.StatusUnauthorized {
				t.Fatalf("failed login = %d", code)
			}
		}
		code := login("clerk", staffPassword, "198.51.100.7")
		if !trust && code != http.StatusTooManyRequests {
			t.Errorf("a spoofed X-Forwarded-For escaped the address lock: %d, want 429", code)
		}
		if trust && code != http.StatusSeeOther {
			t.Errorf("with --trust-proxy the proxy's X-Forwarded-For names the client: %d, want 303", code)
		}
		ts.Close()
	}
}

// TestNoSecretInLogs: passwords, session tokens and CSRF tokens never reach the log, at any level.
func TestNoSecretInLogs(t *testing.T) {
	var logs bytes.Buffer
	ts, _, store := securedServer(t, false, &logs)
	root := loginAs(t, ts, store, "root", data.RoleAdmin)
	secrets := []string{staffPassword, root.csrf}
	anon := newStaffClient(t, ts)
	anon.post("/login", url.Values{"username": {"root"}, "password": {"not-the-password-9f3a"}})
	secrets = append(secrets, "not-the-password-9f3a")
	for _, path := range []string{"/admin/users", "/admin/users/root/password"} {
		r := root.post(path, url.Values{"name": {"newclerk"}, "role": {"editor"}})
		m := newPasswordShown.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("POST %s = %d shows no new password", path, r.Code)
		}
		secrets = append(secrets, m[1])
		if path == "/admin/users/root/password" {
			root = newStaffClient(t, ts)
			root.post("/login", url.Values{"username": {"root"}, "password": {m[1]}})
		}
	}
	for _, ck := range root.c.Jar.Cookies(mustURL(t, ts.URL)) {
		if ck.Name == "pjsx_session" {
			secrets = append(secrets, ck.Value)
		}
	}
	if len(secrets) < 6 {
		t.Fatalf("only %d secrets gathered", len(secrets))
	}
	if !strings.Contains(logs.String(), "login") {
		t.Fatal("nothing was logged: the test would prove nothing")
	}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log holds a secret %q", s)
		}
	}
}

var (
	assetURL         = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)
	newPasswordShown = regexp.MustCompile(`<code id="new-password">([^<]+)</code>`)
)

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
