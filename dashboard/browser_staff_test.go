package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pjsx/data"
)

// staffWait polls js in the page until it is true.
func staffWait(t *testing.T, b *browser, what, js string) {
	t.Helper()
	probe := `(() => { try { return !!(` + js + `); } catch (e) { return false; } })()`
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](probe)); err == nil && ok {
			return
		}
	}
	t.Fatalf("waiting for %s: timed out (problems: %v)", what, b.Problems())
}

// jsStaffSeries lists every series ECharts drew on the page: name and data, from the instances.
const jsStaffSeries = `Array.from(document.querySelectorAll('[data-chart]')).flatMap(el => {
  const inst = window.echarts && window.echarts.getInstanceByDom(el);
  return inst ? inst.getOption().series.map(s => s.name + '=' + JSON.stringify(s.data)) : [];
})`

func TestBrowserEditorFixesAMistakeAndTheChartChanges(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	addStaff(t, store, "sanhe-clerk", data.RoleEditor, "sanhe")
	b := newBrowser(t)
	chart := ts.URL + "/metrics/cross_border_bus_lines"

	b.Open(t, chart)
	var before []string
	b.Eval(t, jsStaffSeries, &before)
	const drawn = `"2023-12-31",12]` // a level sits at its period's end
	var card bool                    // the one figure is a card, not a chart
	b.Eval(t, `!!document.querySelector('.figure-card')`, &card)
	if !card || len(before) != 0 {
		t.Fatalf("before: card %v, series %v; want the one figure as a card and no chart", card, before)
	}

	// Log in.
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(ts.URL+"/login"), chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "sanhe-clerk"), chromedp.SendKeys(`#password`, staffPassword),
		chromedp.Click(`section.staff-form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the staff home", `location.pathname === '/edit/' && document.querySelector('form.logout')`)

	// A new figure with a mistake: no source.
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(ts.URL+"/edit/figures/new?metric=cross_border_bus_lines"),
		chromedp.WaitVisible(`#value`), chromedp.SetValue(`#region`, "sanhe"), chromedp.SendKeys(`#period`, "2023"),
		chromedp.SendKeys(`#value`, "12"), chromedp.Click(`section.staff-form form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the message", `document.querySelector('p.field-error')`)
	var msg, kept string
	b.Eval(t, `document.querySelector('#source + p.field-error').textContent`, &msg)
	b.Eval(t, `document.querySelector('#value').value + '|' + document.querySelector('#period').value + '|' + document.querySelector('#region').value`, &kept)
	if (msg != "来源为必填项" && msg != "a source is required") || kept != "12|2023|sanhe" { // in the browser's language
		t.Fatalf("after the mistake: message %q, input kept %q", msg, kept)
	}

	// Fix it and save: the browser lands on the chart, which now draws the Sanhe figure.
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys(`#source`, "三河市交通运输局"),
		chromedp.Click(`section.staff-form form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the chart page", `location.pathname === '/metrics/cross_border_bus_lines' && document.documentElement.dataset.chartsReady`)
	var after []string
	b.Eval(t, jsStaffSeries, &after)
	joined := strings.Join(after, "\n")
	if !strings.Contains(joined, "Sanhe="+`[{"name":"2023","value":[`+drawn) && !strings.Contains(joined, "三河市="+`[{"name":"2023","value":[`+drawn) {
		t.Errorf("after saving, the chart draws %v; want a Sanhe series with 12", after)
	}
	// Two places have figures now: the page offers the compare view.
	b.Eval(t, `!!document.querySelector('#chart-compare-card')`, &card)
	if !card {
		t.Error("after saving a second place's figure, the page offers no compare view")
	}
	var flash string
	b.Eval(t, `(document.querySelector('.flash') || {}).textContent || ''`, &flash)
	if !strings.Contains(flash, "已保存") && !strings.Contains(flash, "Saved") { // the browser may ask for English
		t.Errorf("flash = %q", flash)
	}
	for _, p := range b.Problems() {
		if !strings.Contains(p, "status of 422") { // the refused form, as intended
			t.Errorf("browser problem: %s", p)
		}
	}
}
