package dashboard_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// waitFor polls the page until js is true, after a click or a navigation.
// A navigation in between makes an evaluation fail; it is tried again.
func (b *browser) waitFor(t *testing.T, js string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		var ok bool
		ok, err = chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`(() => { `+jsTouch+` return !!(`+js+`); })()`))
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	loc, _ := chromedp.Run(b.Ctx, chromedp.Location())
	t.Fatalf("waiting for %s at %s: %v (problems: %v)", js, loc, err, b.Problems())
}

func (b *browser) location(t *testing.T) *url.URL {
	t.Helper()
	loc, err := chromedp.Run(b.Ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// seriesNames are the series of the first chart on the page, as ECharts holds them.
const jsSeriesNames = `echarts.getInstanceByDom(document.querySelector('[data-chart]')).getOption().series.map(s => s.name)`

func TestBrowserFiltersLiveInTheURL(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	b.Open(t, ts.URL+"/metrics/rail22_station_structure?lang=zh")
	var names []string
	b.Eval(t, jsSeriesNames, &names)
	if strings.Join(names, ",") != "三河市,四地合计" {
		t.Fatalf("series at first = %v", names)
	}

	// Untick "the four together": the form submits itself and the URL says so.
	if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.CSS(`input[name=regions][value=joint]`))); err != nil {
		t.Fatal(err)
	}
	ready := `document.readyState === 'complete' && !!document.documentElement.dataset.chartsReady && `
	b.waitFor(t, ready+`location.search.indexOf('regions=') >= 0 && !/regions=joint/.test(location.search)`)
	u := b.location(t)
	if got := u.Query()["regions"]; strings.Join(got, ",") != "pinggu,jizhou,sanhe,xinglong" && strings.Join(got, ",") != "jizhou,pinggu,sanhe,xinglong" {
		t.Errorf("regions in the URL = %v", got)
	}
	b.Eval(t, jsSeriesNames, &names)
	if strings.Join(names, ",") != "三河市" {
		t.Errorf("after unticking joint the chart shows %v", names)
	}

	// Choose yearly figures: the URL gains granularity=year.
	b.Eval(t, `(() => { const s = document.querySelector('select[name=granularity]'); s.value = 'year';
		s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, new(bool))
	b.waitFor(t, ready+`location.search.indexOf('granularity=year') >= 0`)
	filtered := b.location(t).String()

	// Reload the URL as someone it was shared with would: the same view, Sanhe's one yearly
	// figure, shown as a card.
	b.Open(t, filtered)
	// The card names Sanhe's figure by what it covers; the table by the place.
	b.Eval(t, `Array.from(document.querySelectorAll('.figure-card dd')).map(d => d.textContent).slice(1)`, &names)
	var rows []string
	b.Eval(t, `Array.from(document.querySelectorAll('#chart-rail22_station_structure-table tbody tr')).map(tr => tr.cells[0].textContent + ' ' + tr.cells[1].textContent)`, &rows)
	if strings.Join(names, ",") != "河北段(全部位于三河市燕郊)" || strings.Join(rows, ",") != "三河市 2025" {
		t.Errorf("reloaded %s: card scope %v, table %v; want Sanhe's Hebei section with 2025", filtered, names, rows)
	}

	// Back goes to the view before (the page may come back from the back-forward cache, with no
	// load event, so the test watches the URL as a person watches the screen).
	chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`setTimeout(() => history.back(), 0)`))
	b.waitFor(t, ready+`location.search.indexOf('granularity=year') < 0`)

	// Switch the language with the link in the header: UI, chart and ECharts' own text follow.
	// (A DOM click: chromedp's node cache is stale after a back-forward-cache restore.)
	chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`setTimeout(() => document.querySelector('a.lang').click(), 0)`))
	b.waitFor(t, ready+`document.documentElement.lang === 'en'`)
	b.Eval(t, jsSeriesNames, &names)
	var texts []drawnChart
	b.Eval(t, jsDrawnCharts, &texts)
	if strings.Join(names, ",") != "Sanhe" || !strings.Contains(strings.Join(texts[0].Texts, "|"), "Line 22 station main structures done") {
		t.Errorf("after switching to English: series %v, texts %v", names, texts[0].Texts)
	}
	if q := b.location(t).Query(); q.Get("lang") != "en" || strings.Contains(q.Get("regions")+strings.Join(q["regions"], ","), "joint") {
		t.Errorf("the language switch lost the filters: %v", q)
	}
	// The choice is remembered without ?lang.
	b.Open(t, ts.URL+"/")
	var lang string
	b.Eval(t, `document.documentElement.lang`, &lang)
	if lang != "en" {
		t.Errorf("the language was not remembered: %s", lang)
	}
	if p := b.Problems(); len(p) > 0 {
		t.Error(p)
	}
}

// A metric page's views beyond the first come as pictures (previews); the first touch brings
// ECharts and their whole cards, drawn, and a table the reader opened before stays open.
func TestBrowserPreviewsBecomeChartsOnFirstTouch(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(ts.URL+"/metrics/rail22_station_structure?lang=en"),
		chromedp.WaitReady(`#chart-compare-card img`)); err != nil {
		t.Fatal(err)
	}
	var before struct {
		Islands int  `json:"islands"`
		Charts  bool `json:"charts"`
	}
	b.Eval(t, `({islands: document.querySelectorAll('script[type="application/json"]').length, charts: !!window.echarts})`, &before)
	if before.Islands != 1 || before.Charts {
		t.Fatalf("before the first touch: %+v, want the first view's island only and no ECharts", before)
	}
	b.Eval(t, `(() => { document.querySelector('#chart-latest-card details').open = true; return true; })()`, new(bool))
	if err := chromedp.Do(b.Ctx, chromedp.MouseEvent(chromedp.MouseMoved, 5, 5),
		chromedp.WaitVisible(chromedp.CSS(`html[data-charts-ready]`))); err != nil {
		t.Fatalf("%v (problems: %v)", err, b.Problems())
	}
	var after struct {
		Drawn       []string `json:"drawn"`
		Previews    int      `json:"previews"`
		LatestOpen  bool     `json:"latestOpen"`
		LatestTable bool     `json:"latestTable"`
		Ready       string   `json:"ready"`
	}
	b.Eval(t, `({
		drawn: Array.from(document.querySelectorAll('[data-chart]')).filter((el) => echarts.getInstanceByDom(el)).map((el) => el.dataset.chart),
		previews: document.querySelectorAll('figure[data-rest]').length,
		latestOpen: document.querySelector('#chart-latest-card details').open,
		latestTable: !!document.querySelector('#chart-latest-card details #chart-latest-table'),
		ready: document.documentElement.dataset.chartsReady,
	})`, &after)
	if len(after.Drawn) != 4 || after.Previews != 0 || after.Ready != "4" {
		t.Errorf("after the first touch: %+v, want four charts drawn and no preview left", after)
	}
	if !after.LatestOpen || !after.LatestTable {
		t.Errorf("the table opened before the charts came: %+v", after)
	}
	if p := b.Problems(); len(p) > 0 {
		t.Errorf("problems: %v", p)
	}
}
