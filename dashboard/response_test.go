package dashboard_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pjsx/data"
)

func TestWeakETagsAndETagListsMatch(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, p := range []string{"/metrics/cross_border_bus_lines", "/charts/cross_border_bus_lines.svg", "/charts/cross_border_bus_lines.png"} {
		first := get(t, ts, p)
		etag := first.Header.Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", p)
		}
		if !strings.Contains(first.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Vary %q lacks Accept-Encoding", p, first.Header.Get("Vary"))
		}
		for _, inm := range []string{"W/" + etag, `"other", ` + etag, `W/"other",W/` + etag, "*"} {
			r := get(t, ts, p, "If-None-Match", inm)
			if r.Code != http.StatusNotModified || r.Body != "" {
				t.Errorf("%s with If-None-Match %s = %d (%d bytes), want 304", p, inm, r.Code, len(r.Body))
			}
		}
		if r := get(t, ts, p, "If-None-Match", `"other", W/"another"`); r.Code != http.StatusOK {
			t.Errorf("%s with other tags = %d, want 200", p, r.Code)
		}
	}
}

func TestEachCookieIsSetOnceAndDownloadsKeepTheLanguage(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, p := range []string{"/login?lang=en", "/metrics/cross_border_bus_lines?lang=en", "/?lang=en", "/no-such-page?lang=en"} {
		r := get(t, ts, p)
		seen := map[string]int{}
		for _, ck := range r.Header.Values("Set-Cookie") {
			seen[strings.SplitN(ck, "=", 2)[0]]++
		}
		for name, n := range seen {
			if n > 1 {
				t.Errorf("%s sets cookie %s %d times", p, name, n)
			}
		}
		if seen["lang"] != 1 {
			t.Errorf("%s: lang=en on a page is not remembered: %v", p, r.Header.Values("Set-Cookie"))
		}
	}
	for _, p := range []string{"/charts/cross_border_bus_lines.png?lang=en", "/data/cross_border_bus_lines.csv?lang=en",
		"/api/v1/metrics?lang=en", "/export/pack.zip?metrics=cross_border_bus_lines&lang=en"} {
		r := get(t, ts, p)
		if r.Code != http.StatusOK {
			t.Errorf("%s = %d", p, r.Code)
		}
		if cks := r.Header.Values("Set-Cookie"); len(cks) > 0 {
			t.Errorf("downloading %s sets cookies %q", p, cks)
		}
	}
}

func TestNextIsParsedAndKeptOnThisSite(t *testing.T) {
	ts, store := newSeeded(t)
	addStaff(t, store, "clerk", data.RoleEditor)
	cases := map[string]string{
		"/metrics/cross_border_bus_lines?lang=en": "/metrics/cross_border_bus_lines?lang=en",
		"/\t/evil.example":                        "/edit/",
		"/%09/evil.example":                       "/edit/",
		"//evil.example":                          "/edit/",
		"/\\evil.example":                         "/edit/",
		"/%2F/evil.example":                       "/edit/",
		"https://evil.example/":                   "/edit/",
		"javascript:alert(1)":                     "/edit/",
		"/x\u0085y":                               "/edit/",
		"edit":                                    "/edit/",
	}
	for next, want := range cases {
		c := newStaffClient(t, ts)
		r := c.post("/login", url.Values{"username": {"clerk"}, "password": {staffPassword}, "next": {next}})
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("next=%q: %d to %q, want %q", next, r.Code, r.Header.Get("Location"), want)
		}
	}
	// The form carries next only when it is safe.
	r := get(t, ts, "/login?next="+url.QueryEscape("/\t/evil.example"))
	if regexp.MustCompile(`name="next" value="[^"]+"`).MatchString(r.Body) {
		t.Error("the login form carries an unsafe next")
	}
}

func TestOneTimePasswordPagesAreNotStored(t *testing.T) {
	ts, store := newSeeded(t)
	root := loginAs(t, ts, store, "root", data.RoleAdmin)
	addStaff(t, store, "clerk", data.RoleEditor)
	for _, r := range []response{
		root.post("/admin/users", url.Values{"name": {"newbie"}, "role": {data.RoleEditor}}),
		root.post("/admin/users/clerk/password", nil),
	} {
		if r.Code != http.StatusOK {
			t.Fatalf("status %d", r.Code)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" || r.Header.Get("ETag") != "" {
			t.Errorf("a page with a one-time password: Cache-Control %q, ETag %q", cc, r.Header.Get("ETag"))
		}
	}
	if r := root.get("/admin/users"); r.Header.Get("Cache-Control") == "no-store" {
		t.Error("the plain users page need not be no-store: the test would not tell them apart")
	}
}
