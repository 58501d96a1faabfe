package dashboard_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// recordingHandler keeps every log record with all its attributes, at every level.
type recordingHandler struct {
	mu      *sync.Mutex
	records *[]string
	attrs   []slog.Attr
}

func (h recordingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h recordingHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	var walk func(prefix string, a slog.Attr)
	walk = func(prefix string, a slog.Attr) {
		v := a.Value.Resolve()
		if v.Kind() == slog.KindGroup {
			for _, g := range v.Group() {
				walk(prefix+a.Key+".", g)
			}
			return
		}
		b.WriteString(" " + prefix + a.Key + "=" + v.String())
	}
	for _, a := range h.attrs {
		walk("", a)
	}
	r.Attrs(func(a slog.Attr) bool { walk("", a); return true })
	h.mu.Lock()
	defer h.mu.Unlock()
	*h.records = append(*h.records, b.String())
	return nil
}

func (h recordingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	h.attrs = append(append([]slog.Attr{}, h.attrs...), as...)
	return h
}

func (h recordingHandler) WithGroup(string) slog.Handler { return h }

// TestFailedLoginLogsNoTypedName: a password typed into the name field must not reach the log.
// A refused or locked login logs the typed name's length and a short hash only.
func TestFailedLoginLogsNoTypedName(t *testing.T) {
	store := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	var records []string
	h := recordingHandler{mu: &sync.Mutex{}, records: &records}
	srv, err := dashboard.New(dashboard.Config{Store: store, Logger: slog.New(h)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	addStaff(t, store, "clerk", data.RoleEditor)

	const typedName, typedPassword = "Hunter2-Pa55word!", "another-Secret-77"
	c := newStaffClient(t, ts)
	codes := map[int]int{}
	for range 6 { // five failures, then the lock
		r := c.post("/login", url.Values{"username": {typedName}, "password": {typedPassword}})
		codes[r.Code]++
	}
	if codes[http.StatusUnauthorized] != 5 || codes[http.StatusTooManyRequests] != 1 {
		t.Fatalf("answers %v, want five 401 and one 429", codes)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var failed, locked int
	for _, rec := range records {
		for _, secret := range []string{typedName, strings.ToLower(typedName), typedPassword} {
			if strings.Contains(rec, secret) {
				t.Errorf("the log holds what was typed (%q): %s", secret, rec)
			}
		}
		if strings.HasPrefix(rec, "login failed") && strings.Contains(rec, "typed_user.len=17") &&
			strings.Contains(rec, "typed_user.hash=") {
			failed++
		}
		if strings.HasPrefix(rec, "login locked") && strings.Contains(rec, "typed_user.hash=") {
			locked++
		}
	}
	if failed != 5 || locked != 1 {
		t.Errorf("%d 'login failed' and %d 'login locked' records with the length and hash, want 5 and 1:\n%s",
			failed, locked, strings.Join(records, "\n"))
	}
}
