package dashboard_test

import (
	"net/http"
	"net/url"
	"testing"

	"pjsx/data"
)

// TestCalendarFollowsEverySave: the calendar is a cached public page that depends on every
// metric's figures, so a save of any figure draws it anew (and an unchanged calendar is served
// as it was).
func TestCalendarFollowsEverySave(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	before := get(t, ts, "/calendar?lang=en").Body
	if again := get(t, ts, "/calendar?lang=en").Body; again != before {
		t.Fatal("the calendar changed without a save")
	}
	ed := loginAs(t, ts, store, "clerk", data.RoleEditor)
	if r := ed.post("/edit/figures", url.Values{"metric": {"jizhou_annual_visitors"}, "region": {"jizhou"},
		"period": {"2025"}, "value": {"1500"}, "source": {"蓟州区文旅局"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %s", r.Code, r.Body)
	}
	if after := get(t, ts, "/calendar?lang=en").Body; after == before {
		t.Error("the calendar still shows what was due before the save")
	}
}
