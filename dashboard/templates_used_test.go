package dashboard

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
	"pjsx/templates"
)

// TestEveryTemplateIsUsed walks the product as an anonymous reader and as an admin and fails if
// a page template is never drawn, or a partial is never called: a template nobody renders is dead
// code that still has to be kept safe.
func TestEveryTemplateIsUsed(t *testing.T) {
	ctx := context.Background()
	store := datatest.NewStore(t)
	if _, err := seed.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	u, err := store.AddUser(ctx, data.Actor{Name: "test"}, data.UserInput{Name: "boss", Role: data.RoleAdmin,
		Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := store.CreateSession(ctx, u, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	obs, err := store.Series(ctx, data.SeriesQuery{Metric: "cross_border_bus_lines"})
	if err != nil || len(obs) == 0 {
		t.Fatal(err)
	}
	events, err := store.Events(ctx, data.EventQuery{})
	if err != nil || len(events) == 0 {
		t.Fatal(err)
	}
	fig := strconv.FormatInt(obs[0].ID, 10)
	ev := strconv.FormatInt(events[0].EventID, 10)
	visit := func(path string, loggedIn bool) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if loggedIn {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: sess.Token})
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Errorf("GET %s = %d", path, rec.Code)
		}
	}
	for _, p := range []string{"/", "/metrics/cross_border_bus_lines", "/categories/transport", "/milestones", "/calendar",
		"/embed/metrics/cross_border_bus_lines", "/metrics/rail22_station_structure/card?view=compare", "/export", "/export/print?metrics=cross_border_bus_lines",
		"/login", "/no/such/page"} {
		visit(p, false)
	}
	for _, p := range []string{"/edit/", "/edit/figures/new", "/edit/figures/" + fig, "/edit/figures/" + fig + "/history",
		"/edit/tasks", "/edit/events", "/edit/events/new", "/edit/events/" + ev, "/edit/import", "/admin/users", "/admin/metrics", "/admin/metrics/cross_border_bus_lines/info",
		"/admin/audit", "/edit/review", "/admin/settings"} {
		visit(p, true)
	}
	var missing []string
	for name := range s.pages {
		if _, ok := s.rendered.Load(name); !ok {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("page templates never drawn: %s (add a visit, or delete the template)", strings.Join(missing, ", "))
	}

	// Every {{define}} in a partial is called from some template.
	all := map[string]string{}
	fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			b, _ := fs.ReadFile(templates.FS, p)
			all[p] = string(b)
		}
		return err
	})
	defines := regexp.MustCompile(`{{-?\s*define "([^"]+)"`)
	for file, text := range all {
		if !strings.HasPrefix(file, "_") {
			continue
		}
		for _, m := range defines.FindAllStringSubmatch(text, -1) {
			call := regexp.MustCompile(`{{-?\s*template "` + regexp.QuoteMeta(m[1]) + `"`)
			used := false
			for _, other := range all {
				if call.MatchString(other) {
					used = true
				}
			}
			if !used {
				t.Errorf("%s defines %q, which no template calls", file, m[1])
			}
		}
	}
}
