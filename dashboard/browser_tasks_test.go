package dashboard_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pjsx/data"
)

// TestBrowserEditorFillsARound: a Sanhe editor opens 待填报, fills both overdue months with a
// mistake in one, gets the grid back with the message and the input kept, fixes it and submits;
// both figures are saved and the grid no longer asks for them.
func TestBrowserEditorFillsARound(t *testing.T) {
	ts, store := newSeededOn(t, "2025-01-21", withoutReview)
	addStaff(t, store, "sanhe-clerk", data.RoleEditor, "sanhe")
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(ts.URL+"/login"), chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "sanhe-clerk"), chromedp.SendKeys(`#password`, staffPassword),
		chromedp.Click(`section.staff-form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the staff home", `location.pathname === '/edit/' && document.querySelector('form.logout')`)

	nov := `input[name="value:cross_border_bus_lines/sanhe/2024-11"]`
	dec := `input[name="value:cross_border_bus_lines/sanhe/2024-12"]`
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(ts.URL+"/edit/tasks"), chromedp.WaitVisible(nov),
		chromedp.SendKeys(`#source`, "三河市交通局月报"), chromedp.SendKeys(nov, "13"), chromedp.SendKeys(dec, "1三"),
		chromedp.Click(`#tasks-grid ~ button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the refused round", `document.querySelector('p.form-error') && document.querySelector('tr.row-invalid')`)
	var kept, msgRow string
	b.Eval(t, `[...document.querySelectorAll('#tasks-grid input[name^="value:"]')].map(i => i.value).join('|') + '|' + document.querySelector('#source').value`, &kept)
	b.Eval(t, `document.querySelector('tr.row-invalid').dataset.key`, &msgRow)
	if !strings.HasPrefix(kept, "13|1三|") || msgRow != "cross_border_bus_lines/sanhe/2024-12" {
		t.Fatalf("after the mistake: inputs %q, message in row %q", kept, msgRow)
	}
	if _, err := store.CurrentFigure(context.Background(), "cross_border_bus_lines", "sanhe", "2024-11"); err == nil {
		t.Fatal("the refused round saved November")
	}

	if err := chromedp.Do(b.Ctx, chromedp.SetValue(dec, "14"), chromedp.Click(`#tasks-grid ~ button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	staffWait(t, b, "the saved round", `location.pathname === '/edit/tasks' && document.querySelector('.flash') && !document.querySelector('tr.row-invalid')`)
	var left int
	b.Eval(t, `document.querySelectorAll('input[name^="value:cross_border_bus_lines/sanhe/2024-1"]').length`, &left)
	if left != 0 {
		t.Errorf("%d saved months still asked for", left)
	}
	for period, want := range map[string]float64{"2024-11": 13, "2024-12": 14} {
		if o, err := store.CurrentFigure(context.Background(), "cross_border_bus_lines", "sanhe", period); err != nil || o.Value != want {
			t.Errorf("%s: %+v %v", period, o, err)
		}
	}
}
