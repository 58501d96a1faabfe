package dashboard_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/seed"
)

// serveWith serves a seeded store, with --require-login when asked.
func serveWith(t testing.TB, store *data.Store, requireLogin bool, opts ...option) *httptest.Server {
	t.Helper()
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	return serve(t, store, append([]option{func(cfg *dashboard.Config) { cfg.RequireLogin = requireLogin }}, opts...)...)
}

const staffPassword = "correct-horse-battery"

// staffClient is one browser: its own cookies and the CSRF token of its pages.
type staffClient struct {
	t    testing.TB
	ts   *httptest.Server
	c    *http.Client
	csrf string
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

func newStaffClient(t testing.TB, ts *httptest.Server) *staffClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sc := &staffClient{t: t, ts: ts, c: c}
	sc.get("/login")
	return sc
}

// addStaff makes an account straight in the store.
func addStaff(t testing.TB, store *data.Store, name, role string, regions ...string) {
	t.Helper()
	if _, err := store.AddUser(context.Background(), data.Actor{Name: "test"}, data.UserInput{
		Name: name, Role: role, Regions: regions, Password: staffPassword}); err != nil {
		t.Fatal(err)
	}
}

// loginAs makes an account and logs a new client in with it.
func loginAs(t testing.TB, ts *httptest.Server, store *data.Store, name, role string, regions ...string) *staffClient {
	t.Helper()
	addStaff(t, store, name, role, regions...)
	sc := newStaffClient(t, ts)
	if r := sc.post("/login", url.Values{"username": {name}, "password": {staffPassword}}); r.Code != http.StatusSeeOther {
		t.Fatalf("login %s = %d: %s", name, r.Code, r.Body)
	}
	sc.get("/")
	return sc
}

func (sc *staffClient) do(req *http.Request) response {
	sc.t.Helper()
	res, err := sc.c.Do(req)
	if err != nil {
		sc.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfMeta.FindSubmatch(body); m != nil {
		sc.csrf = string(m[1])
	}
	return response{res.StatusCode, res.Header, string(body)}
}

func (sc *staffClient) get(path string) response {
	sc.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, sc.ts.URL+path, nil)
	return sc.do(req)
}

// post sends a form with this client's CSRF token, unless the form sets "csrf" itself.
func (sc *staffClient) post(path string, form url.Values) response {
	sc.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, set := form["csrf"]; !set {
		form.Set("csrf", sc.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, sc.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return sc.do(req)
}

func version(t testing.TB, store *data.Store) int64 {
	t.Helper()
	v, err := store.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func current(t testing.TB, store *data.Store, metric, region, period string) data.Observation {
	t.Helper()
	o, err := store.CurrentFigure(context.Background(), metric, region, period)
	if err != nil {
		t.Fatalf("current %s/%s/%s: %v", metric, region, period, err)
	}
	return o
}
