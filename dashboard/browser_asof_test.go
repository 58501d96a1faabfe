package dashboard_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAsOf: a metric page as of a day draws its charts under the banner, says on the
// chart which day's figures it shows, and its filters keep the day.
func TestBrowserAsOf(t *testing.T) {
	ts, store := newSeededOn(t, asOfToday)
	saveOn(t, store, asOfFigure(5), asOfFirst)
	saveOn(t, store, asOfFigure(7), asOfRevised)
	b := newBrowser(t)
	b.Open(t, ts.URL+"/metrics/joint_meetings?lang=zh&asof="+asOfFirst)
	var charts []drawnChart
	b.Eval(t, jsDrawnCharts, &charts)
	if len(charts) == 0 {
		t.Fatal("no charts")
	}
	texts := ""
	for _, c := range charts {
		if !c.Instance || c.Painted < 500 {
			t.Errorf("chart %s not drawn: %+v", c.ID, c)
		}
		texts += strings.Join(c.Texts, "|")
	}
	if !strings.Contains(texts, asOfFirst+"公布的数据") {
		t.Errorf("the charts do not say which day's figures they show: %s", texts)
	}
	var banner string
	b.Eval(t, `(document.querySelector('.asof-banner') || {innerText: ''}).innerText`, &banner)
	if !strings.Contains(banner, asOfFirst) || !strings.Contains(banner, "查看今日数据") {
		t.Errorf("banner %q", banner)
	}
	if p := b.Problems(); len(p) > 0 {
		t.Errorf("problems: %v", p)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Click(`form.filters button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	b.waitFor(t, `location.search.includes('regions=')`)
	if got := b.location(t).Query().Get("asof"); got != asOfFirst {
		t.Errorf("the filters dropped the day: %s", b.location(t))
	}
}
