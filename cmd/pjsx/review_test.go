package main

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"

	"pjsx/data"
)

// TestServeReviewsSavesUnlessToldNot: `pjsx serve` as started by default has review on, so a
// staff save waits for a reviewer and is not a public figure; with --no-review the same save is
// public at once.
func TestServeReviewsSavesUnlessToldNot(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pjsx.db")
	first := startServer(t, db)
	b := newBrowser()
	b.login(t, first.url, "admin", first.password)
	first.kill()
	addDailyMetric(t, db, "review_daily")

	save := func(s *server, period string) {
		t.Helper()
		code, err := b.post(s.url+"/edit/figures", url.Values{"metric": {"review_daily"}, "region": {""},
			"period": {period}, "value": {"7"}, "source": {"review test"}})
		if err != nil || code != http.StatusSeeOther {
			t.Fatalf("save %s = %d, %v", period, code, err)
		}
	}
	reviewed := startServer(t, db)
	save(reviewed, day(1))
	reviewed.kill()
	atOnce := startServer(t, db, "--no-review")
	save(atOnce, day(2))
	atOnce.kill()

	store := checkDB(t, db)
	ctx := context.Background()
	if o, err := store.CurrentFigure(ctx, "review_daily", "", day(1)); err == nil {
		t.Errorf("without --no-review the save is public at once: %+v", o)
	}
	k := data.FigureKey{Metric: "review_daily", Period: day(1), Granularity: data.Day}
	if revs, err := store.Revisions(ctx, k); err != nil || len(revs) != 1 || revs[0].Review.State != data.ReviewPending {
		t.Errorf("without --no-review: revisions %+v, %v; want one pending", revs, err)
	}
	if o, err := store.CurrentFigure(ctx, "review_daily", "", day(2)); err != nil || o.Value != 7 {
		t.Errorf("with --no-review the save is not public: %+v %v", o, err)
	}
}
