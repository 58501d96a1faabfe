package dashboard

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// seededServer is the real server on a seeded SQLite file, with access to its caches.
func seededServer(t testing.TB) *Server {
	t.Helper()
	store := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func serveOnce(s *Server, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestPageCacheKeysIgnoreUnknownParameters(t *testing.T) {
	s := seededServer(t)
	first := serveOnce(s, http.MethodGet, "/metrics/cross_border_bus_lines?regions=sanhe")
	if first.Code != http.StatusOK {
		t.Fatalf("first page = %d", first.Code)
	}
	junk := strings.Repeat("x", 4000)
	for i := range 50 {
		rec := serveOnce(s, http.MethodGet, fmt.Sprintf("/metrics/cross_border_bus_lines?regions=sanhe&junk%d=%s%d", i, junk, i))
		if rec.Code != http.StatusOK {
			t.Fatalf("request %d = %d", i, rec.Code)
		}
		if strings.Contains(rec.Body.String(), junk) {
			t.Fatal("an unknown parameter found its way into a cached page")
		}
		if rec.Body.String() != first.Body.String() {
			t.Fatal("an unknown parameter changed the page")
		}
	}
	if n, _ := s.pageCache.held(); n != 1 {
		t.Errorf("the cache holds %d pages after 51 requests for one page, want 1", n)
	}
	serveOnce(s, http.MethodGet, "/metrics/cross_border_bus_lines?regions=pinggu")
	if n, _ := s.pageCache.held(); n != 2 {
		t.Errorf("another region is another page: the cache holds %d, want 2", n)
	}
}

func TestPageCacheEvictsLeastRecentlyUsedAndCountsKeys(t *testing.T) {
	pc := newPageCache()
	pc.budget = 8 << 10
	page := &renderedPage{body: make([]byte, 200), etag: `"x"`}
	put := func(key string) { pc.put(pageSlot{key: key, at: 1}, data.Shows{}, page) }
	put("a")
	put("b")
	for i := range 100 {
		if pc.get("a") == nil { // a is read all the time, so it stays
			t.Fatalf("after %d pages the page read most recently was evicted", i)
		}
		put(fmt.Sprintf("filler%d", i))
	}
	if pc.get("b") != nil {
		t.Error("the page never read again is still held")
	}
	n, bytes := pc.held()
	if bytes > pc.budget {
		t.Errorf("held %d bytes, budget %d", bytes, pc.budget)
	}
	// A long key costs its length: pages under long keys fit fewer.
	long := newPageCache()
	long.budget = 8 << 10
	for i := range 100 {
		long.put(pageSlot{key: fmt.Sprintf("%d%s", i, strings.Repeat("k", 600)), at: 1}, data.Shows{}, page)
	}
	if m, b := long.held(); m >= n || b > long.budget {
		t.Errorf("long keys: %d pages in %d bytes; short keys: %d pages", m, b, n)
	}
}
