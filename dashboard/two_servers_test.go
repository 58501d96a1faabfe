package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pjsx/data"
	"pjsx/data/datatest"
)

// Two servers behind one database (a SQLite file, or PostgreSQL under PJSX_TEST_STORE=postgres):
// a figure saved on one shows on the other's next request, in the page, the API and the PNG,
// though the other had all three cached; and a login on one is a login on the other. On
// PostgreSQL "next" is the first request after the save's notification reached the other server:
// the test waits for that (with a deadline; on SQLite it does not wait).
func TestASaveOnOneServerShowsOnTheOther(t *testing.T) {
	ctx := context.Background()
	a := datatest.NewStore(t)
	tsA := serveWith(t, a, false, withoutReview) // the save publishes at once
	b, err := data.Open(ctx, a.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	tsB := serve(t, b, withoutReview)

	paths := []string{"/metrics/cross_border_bus_lines", "/api/v1/metrics/cross_border_bus_lines/series",
		"/charts/cross_border_bus_lines.png"}
	before := map[string]string{}
	for _, p := range paths {
		get(t, tsB, p) // fills B's caches
		r := get(t, tsB, p)
		if r.Code != http.StatusOK {
			t.Fatalf("%s on B = %d", p, r.Code)
		}
		before[p] = r.Body
	}

	ed := loginAs(t, tsA, a, "editor", data.RoleEditor)
	r := ed.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"},
		"period": {"2023"}, "value": {"4321"}, "source": {"三河市交通局 2023年报"}, "note": {""}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("save on A = %d: %s", r.Code, r.Body)
	}
	saved, err := a.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	heard, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := b.AwaitVersion(heard, saved); err != nil {
		t.Fatalf("B never heard of A's save: %v", err)
	}

	for _, p := range paths {
		r := get(t, tsB, p)
		if r.Code != http.StatusOK || r.Body == before[p] {
			t.Errorf("%s on B after a save on A: %d, unchanged %v", p, r.Code, r.Body == before[p])
		}
		if !strings.HasSuffix(p, ".png") && !strings.Contains(r.Body, "4321") && !strings.Contains(r.Body, "4,321") {
			t.Errorf("%s on B does not show the figure saved on A", p)
		}
	}

	// The session is in the database: A's cookie is a login on B too.
	u, _ := url.Parse(tsA.URL)
	ub, _ := url.Parse(tsB.URL)
	ed.c.Jar.SetCookies(ub, ed.c.Jar.Cookies(u))
	ed.ts = tsB
	if r := ed.get("/edit/"); r.Code != http.StatusOK {
		t.Errorf("A's login on B: /edit/ = %d", r.Code)
	}
}
