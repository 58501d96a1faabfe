package dashboard

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// FuzzNewFigureForm posts any values to the new-figure form through the real handler, as a
// logged-in editor with a valid token: the answer is a save (303) with a new data version, or a
// refusal (422, or 403 for a place the editor may not edit) that wrote nothing; never a 5xx.
func FuzzNewFigureForm(f *testing.F) {
	ctx := context.Background()
	store := datatest.NewStore(f)
	if _, err := seed.Load(ctx, store); err != nil {
		f.Fatal(err)
	}
	s, err := New(Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), NoReview: true})
	if err != nil {
		f.Fatal(err)
	}
	u, err := store.AddUser(ctx, data.Actor{Name: "fuzz"}, data.UserInput{Name: "clerk", Role: data.RoleEditor,
		Regions: []string{"sanhe", "pinggu"}, Password: "correct-horse-battery"})
	if err != nil {
		f.Fatal(err)
	}
	sess, err := store.CreateSession(ctx, u, "127.0.0.1")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("cross_border_bus_lines", "sanhe", "2019", "12", "三河市交通局", "")
	f.Add("cross_border_bus_lines", "pinggu", "２０１８", "１,２３４", "s", "n")
	f.Add("rail22_pinggu_progress", "pinggu", "2023-Q3", "60%", "s", "")
	f.Add("cross_border_bus_lines", "sanhe", "2024-02-30", "1e3", "<script>", "\x00")
	f.Add("joint_meetings", "", "2017", "-1", "'; DROP TABLE observations; --", "\xff")
	f.Fuzz(func(t *testing.T, metric, region, period, value, source, note string) {
		form := url.Values{"metric": {metric}, "region": {region}, "period": {period}, "value": {value},
			"source": {source}, "note": {note}, "csrf": {sess.CSRF}}
		req := httptest.NewRequest(http.MethodPost, "/edit/figures", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: sess.Token})
		before, _ := store.Version(ctx)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		after, _ := store.Version(ctx)
		switch rec.Code {
		case http.StatusSeeOther:
			if after == before {
				t.Fatalf("saved without a new data version: %q", form)
			}
			if _, err := store.CurrentFigure(ctx, metric, region, period); err != nil {
				t.Fatalf("saved but not found: %v", err)
			}
		case http.StatusUnprocessableEntity, http.StatusForbidden:
			if after != before {
				t.Fatalf("refused (%d) but wrote: version %d → %d", rec.Code, before, after)
			}
			if rec.Code == http.StatusUnprocessableEntity && !strings.Contains(rec.Body.String(), `class="field-error"`) {
				t.Fatalf("refused without a message beside a field: %q", form)
			}
		default:
			t.Fatalf("POST /edit/figures %q = %d", form, rec.Code)
		}
	})
}
