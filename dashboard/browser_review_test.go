package dashboard_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pjsx/data"
)

// browserLogin logs the browser in as name and waits for the staff home.
func browserLogin(t *testing.T, b *browser, base, name string) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, name), chromedp.SendKeys(`#password`, staffPassword),
		chromedp.Click(`section.staff-form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the staff home of "+name, `location.pathname === '/edit/' && document.querySelector('form.logout')`)
}

// chartSeries opens the metric page and returns what its charts draw.
func chartSeries(t *testing.T, b *browser, url string) string {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the charts", `document.documentElement.dataset.chartsReady`)
	var series []string
	b.Eval(t, jsStaffSeries, &series)
	return strings.Join(series, "\n")
}

// TestBrowserRoundIsReviewedThenTheChartChanges: with review on, a Sanhe editor fills a round on
// 待填报 with one mistake, fixes it (the grid comes back with the message and the input kept) and
// submits; the chart does not change. A Sanhe reviewer logs in, sees the count in the menu,
// approves the submission on /edit/review, and the chart on the metric page draws both months.
func TestBrowserRoundIsReviewedThenTheChartChanges(t *testing.T) {
	ts, store := newSeededOn(t, "2025-01-21")
	addStaff(t, store, "sanhe-clerk", data.RoleEditor, "sanhe")
	addStaff(t, store, "sanhe-checker", data.RoleReviewer, "sanhe")
	b := newBrowser(t)
	chart := ts.URL + "/metrics/cross_border_bus_lines"
	const nov, dec = `"2024-11-30",13]`, `"2024-12-31",14]` // a level sits at its period's end
	before := chartSeries(t, b, chart)
	if strings.Contains(before, nov) || strings.Contains(before, dec) {
		t.Fatalf("before the round the chart draws it already: %s", before)
	}

	browserLogin(t, b, ts.URL, "sanhe-clerk")
	novIn := `input[name="value:cross_border_bus_lines/sanhe/2024-11"]`
	decIn := `input[name="value:cross_border_bus_lines/sanhe/2024-12"]`
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(ts.URL+"/edit/tasks"), chromedp.WaitVisible(novIn),
		chromedp.SendKeys(`#source`, "三河市交通局月报"), chromedp.SendKeys(novIn, "13"), chromedp.SendKeys(decIn, "1三"),
		chromedp.Click(`#tasks-grid ~ button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the refused round", `document.querySelector('tr.row-invalid p.field-error')`)
	var kept string
	b.Eval(t, `document.querySelector('`+novIn+`').value + '|' + document.querySelector('`+decIn+`').value`, &kept)
	if kept != "13|1三" {
		t.Fatalf("after the mistake the inputs are %q", kept)
	}
	if err := chromedp.Do(b.Ctx, chromedp.SetValue(decIn, "14"), chromedp.Click(`#tasks-grid ~ button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the submitted round", `location.pathname === '/edit/tasks' && document.querySelector('.flash')
		&& document.querySelectorAll('tr[data-review="pending"]').length === 2`)
	var flash string
	b.Eval(t, `document.querySelector('.flash').textContent`, &flash)
	if !strings.Contains(flash, "已提交审核") && !strings.Contains(flash, "Submitted for review") {
		t.Errorf("flash = %q", flash)
	}
	if got := chartSeries(t, b, chart); got != before {
		t.Errorf("a round waiting for review changed the chart:\n%s\nwas\n%s", got, before)
	}

	if err := chromedp.Do(b.Ctx, chromedp.Click(`form.logout button`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "logged out", `!document.querySelector('form.logout')`)
	browserLogin(t, b, ts.URL, "sanhe-checker")
	var count string
	b.Eval(t, `(document.querySelector('#nav-review .count') || {}).textContent || ''`, &count)
	if count != "2" {
		t.Errorf("the menu counts %q waiting, want 2", count)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(ts.URL+"/edit/review"), chromedp.WaitVisible(`.review-batch`)); err != nil {
		t.Fatal(err)
	}
	var rows int
	b.Eval(t, `document.querySelectorAll('.review-batch .review-item').length`, &rows)
	if rows != 2 {
		t.Fatalf("the queue shows %d revisions, want the round's 2", rows)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Click(`.review-batch > form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the approved queue", `document.querySelector('.flash') && document.querySelector('#queue-empty')`)
	after := chartSeries(t, b, chart)
	if !strings.Contains(after, nov) || !strings.Contains(after, dec) {
		t.Errorf("after the approval the chart draws\n%s\nwant November 13 and December 14", after)
	}
	for _, p := range b.Problems() {
		if !strings.Contains(p, "status of 422") { // the refused round, as intended
			t.Errorf("browser problem: %s", p)
		}
	}
}
