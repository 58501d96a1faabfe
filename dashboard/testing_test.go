package dashboard_test

import (
	"context"
	"html"
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

// newSeeded opens a real SQLite file in the test's folder, loads the reference figures and
// serves the real handler on loopback.
func newSeeded(t testing.TB, opts ...option) (*httptest.Server, *data.Store) {
	t.Helper()
	store := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	return serve(t, store, opts...), store
}

// option changes the configuration of a test server.
type option func(*dashboard.Config)

// withoutReview serves with --no-review: staff saves are public at once. A test server, like a
// real one, has review on unless a test says this, as the tests do where publishing a save is
// incidental to what they check.
func withoutReview(cfg *dashboard.Config) { cfg.NoReview = true }

func serve(t testing.TB, store *data.Store, opts ...option) *httptest.Server {
	t.Helper()
	cfg := dashboard.Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := dashboard.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

type response struct {
	Code   int
	Header http.Header
	Body   string
}

func get(t testing.TB, ts *httptest.Server, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, string(body)}
}

func q(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return "?" + v.Encode()
}

func contains(t testing.TB, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

// previewRe finds a chart preview on a page: a view whose data island and table the page's
// script brings from the data-rest address (metric pages' views beyond the first).
var previewRe = regexp.MustCompile(`<figure class="chart-card" id="[^"]+-card" data-rest="([^"]+)">`)

// withCards is a page's body followed by the whole card of each of its previews, fetched as
// the page's script fetches them: what a reader's browser holds once the charts have loaded.
func withCards(t testing.TB, ts *httptest.Server, body string) string {
	t.Helper()
	out := body
	for _, m := range previewRe.FindAllStringSubmatch(body, -1) {
		r := get(t, ts, html.UnescapeString(m[1]))
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d", m[1], r.Code)
		}
		out += r.Body
	}
	return out
}
