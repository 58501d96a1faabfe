package dashboard_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// reviewCard is the queue's card of the one revision of metric waiting, cut out of the page.
func reviewCard(t *testing.T, page string) string {
	t.Helper()
	cards := regexp.MustCompile(`(?s)<article class="review-item" data-ref="figure:\d+">.*?</article>`).FindAllString(page, -1)
	if len(cards) != 1 {
		t.Fatalf("%d cards in the queue, want 1:\n%s", len(cards), page)
	}
	return html.UnescapeString(cards[0])
}

// TestReviewCardJudgesANewFigureAgainstThePreviousOne: a figure of a period with no public value
// yet is shown beside the place's previous public figure, with the change from it; one that
// doubles it is flagged 需核实 / check with the reason and the author's note, one 10 % up is not.
func TestReviewCardJudgesANewFigureAgainstThePreviousOne(t *testing.T) {
	for _, tc := range []struct {
		factor  float64
		flagged bool
	}{{2, true}, {1.1, false}} {
		t.Run(fmt.Sprint(tc.factor), func(t *testing.T) {
			ts, store := newSeeded(t)
			prev, err := store.PreviousFigure(context.Background(), data.Observation{Metric: "jizhou_annual_visitors",
				Region: "jizhou", Period: "2025-01-01", Granularity: data.Year}, "")
			if err != nil {
				t.Fatal(err)
			}
			ed := loginAs(t, ts, store, "clerk", data.RoleEditor)
			value := prev.Value * tc.factor
			if r := ed.post("/edit/figures", url.Values{"metric": {"jizhou_annual_visitors"}, "region": {"jizhou"},
				"period": {"2025"}, "value": {chart.FigureText(value)}, "source": {"蓟州区文旅局"},
				"note": {"新增景区计入统计"}}); r.Code != http.StatusSeeOther {
				t.Fatalf("save = %d: %s", r.Code, r.Body)
			}
			rv := loginAs(t, ts, store, "checker", data.RoleReviewer)
			zh := reviewCard(t, rv.get("/edit/review?lang=zh").Body)
			contains(t, "the card", zh, "上期公开值", chart.FigureText(prev.Value),
				"("+data.FormatPeriod(prev.Period, prev.Granularity)+")")
			en := reviewCard(t, rv.get("/edit/review?lang=en").Body)
			contains(t, "the card in English", en, "Previous public figure")
			if !tc.flagged {
				contains(t, "the card", zh, "(+10.0%)")
				if regexp.MustCompile(`badge check`).MatchString(zh) {
					t.Errorf("a figure 10%% up is flagged:\n%s", zh)
				}
				return
			}
			contains(t, "the card", zh, "(+100.0%)", `<span class="badge check">需核实</span>`, "较上期变化 +100%,超过 ±50%",
				"填报人说明: 新增景区计入统计")
			contains(t, "the card in English", en, `<span class="badge check">check</span>`,
				"+100% from the previous figure, more than ±50%", "Author's note: 新增景区计入统计")
		})
	}
}

// TestSupersededAndUnpublishedRevisionsAreRefusedOverHTTP: an editor's second edit of a figure
// replaces the first in the queue and its card says so; approving the first anyway is a 422
// naming the revision, and restoring a revision never published is a 422 on the history page;
// neither writes anything.
func TestSupersededAndUnpublishedRevisionsAreRefusedOverHTTP(t *testing.T) {
	ts, store := newSeeded(t)
	cur := current(t, store, "joint_meetings", "", "2024")
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	var refs []string
	for _, v := range []float64{cur.Value + 1, cur.Value + 2} {
		if r := ed.post(fmt.Sprintf("/edit/figures/%d", cur.ID), url.Values{"value": {fmt.Sprint(v)},
			"source": {"联席会议纪要"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("edit = %d: %s", r.Code, r.Body)
		}
		revs, err := store.Revisions(context.Background(), cur.Key())
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, fmt.Sprintf("figure:%d", revs[0].ID))
	}
	rv := loginAs(t, ts, store, "reviewer", data.RoleReviewer)
	card := reviewCard(t, rv.get("/edit/review?lang=en").Body)
	contains(t, "the newer card", card, `data-ref="`+refs[1]+`"`, "Replaces an earlier submission of the same figure")

	v := version(t, store)
	r := rv.post("/edit/review/approve", url.Values{"rev": {refs[0]}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("approving the superseded revision = %d, want 422", r.Code)
	}
	contains(t, "the refusal", r.Body, "revision "+strings.TrimPrefix(refs[0], "figure:")+" was superseded by a newer submission")
	if current(t, store, "joint_meetings", "", "2024").ID != cur.ID || version(t, store) != v {
		t.Error("a refused approval changed the public figure")
	}

	old := strings.TrimPrefix(refs[1], "figure:")
	revs, _ := store.Revisions(context.Background(), cur.Key())
	r = rv.post(fmt.Sprintf("/edit/figures/%d/restore", cur.ID), url.Values{"revision": {old}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("restoring a pending revision = %d, want 422", r.Code)
	}
	contains(t, "the refusal", r.Body, "was never published, so it cannot be restored")
	if again, _ := store.Revisions(context.Background(), cur.Key()); len(again) != len(revs) {
		t.Errorf("a refused restore wrote: %d → %d revisions", len(revs), len(again))
	}
}

// TestSecondAddIsWarnedAndSupersedes: a figure another editor added waits for review; the new-
// figure form for it says so before a second editor saves, and the second save replaces the
// first in the queue instead of waiting beside it.
func TestSecondAddIsWarnedAndSupersedes(t *testing.T) {
	ts, store := newSeeded(t)
	first := loginAs(t, ts, store, "clerk", data.RoleEditor)
	second := loginAs(t, ts, store, "clerk2", data.RoleEditor)
	add := func(value string) url.Values {
		return url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2023"},
			"source": {"三河市交通运输局"}, "value": {value}}
	}
	if r := first.post("/edit/figures", add("12")); r.Code != http.StatusSeeOther {
		t.Fatalf("first add = %d: %s", r.Code, r.Body)
	}
	form := second.get("/edit/figures/new?metric=cross_border_bus_lines&region=sanhe&period=2023&lang=en").Body
	contains(t, "the new-figure form", form, `id="figure-waiting"`, "saving replaces the one waiting", "12")
	if r := second.post("/edit/figures", add("13")); r.Code != http.StatusSeeOther {
		t.Fatalf("second add = %d: %s", r.Code, r.Body)
	}
	rv := loginAs(t, ts, store, "reviewer", data.RoleReviewer)
	card := reviewCard(t, rv.get("/edit/review?lang=en").Body)
	contains(t, "the one card left", card, "13 lines", "Replaces an earlier submission")

	// The first author learns it while the newer one waits; once it is judged, the history tells.
	mine := first.get("/edit/review?lang=en").Body
	contains(t, "the first author's review page", mine, `id="review-replaced"`, "12 lines", "13 lines (clerk2)")
	ref := regexp.MustCompile(`name="rev" value="(figure:\d+)"`).FindStringSubmatch(card)
	if r := rv.post("/edit/review/approve", url.Values{"rev": {ref[1]}}); r.Code != http.StatusSeeOther {
		t.Fatalf("approve = %d", r.Code)
	}
	if strings.Contains(first.get("/edit/review?lang=en").Body, `id="review-replaced"`) {
		t.Error("the notice stays after the newer submission was approved")
	}
}

// TestReviewCardChangeOfAPercentIsInPoints: a share's change from the previous figure is in
// percentage points, with no relative percent on top (7.9 % → 8.4 % is +0.5 points, not +6.3 %).
func TestReviewCardChangeOfAPercentIsInPoints(t *testing.T) {
	ts, store := newSeeded(t)
	prev, err := store.PreviousFigure(context.Background(), data.Observation{Metric: "pjsx_gdp_share_primary",
		Period: "2024-01-01", Granularity: data.Year}, "")
	if err != nil || prev.Value != 7.9 {
		t.Fatalf("the seed's 2023 share: %+v %v", prev, err)
	}
	ed := loginAs(t, ts, store, "clerk", data.RoleEditor)
	if r := ed.post("/edit/figures", url.Values{"metric": {"pjsx_gdp_share_primary"}, "region": {""}, "period": {"2024"},
		"value": {"8.4"}, "source": {"北京市统计局"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %s", r.Code, r.Body)
	}
	rv := loginAs(t, ts, store, "checker", data.RoleReviewer)
	zh := reviewCard(t, rv.get("/edit/review?lang=zh").Body)
	contains(t, "the card", zh, "7.9 %", "+0.5 个百分点")
	if strings.Contains(zh, "(+") || strings.Contains(zh, "badge check") {
		t.Errorf("a share's change has a relative percent or a flag:\n%s", zh)
	}
	contains(t, "the card in English", reviewCard(t, rv.get("/edit/review?lang=en").Body), "+0.5 pp")
}
