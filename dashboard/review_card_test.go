package dashboard_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
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
