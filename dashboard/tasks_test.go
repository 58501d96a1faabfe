package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pjsx/data"
)

// TestTasksRoundAllOrNothing: a Sanhe editor sees Sanhe's overdue months of the monthly metric
// (not Pinggu's); a round with one bad cell is a 422 with every input kept and nothing written; a
// jump over 50 % asks for a note; with the note the round is saved, both figures at once.
func TestTasksRoundAllOrNothing(t *testing.T) {
	ts, store := newSeededOn(t, "2025-01-21", withoutReview)
	ctx := context.Background()
	clerk := loginAs(t, ts, store, "clerk", data.RoleEditor, "sanhe")
	page := clerk.get("/edit/tasks?lang=en")
	if page.Code != http.StatusOK {
		t.Fatalf("GET /edit/tasks = %d", page.Code)
	}
	nov, dec := "value:cross_border_bus_lines/sanhe/2024-11", "value:cross_border_bus_lines/sanhe/2024-12"
	contains(t, "tasks", page.Body, `name="`+nov+`"`, `name="`+dec+`"`, "12 <small>(2024-10)</small>")
	if strings.Contains(page.Body, "cross_border_bus_lines/pinggu/") {
		t.Error("a Sanhe editor is asked for Pinggu's figures")
	}
	if strings.Contains(page.Body, "cross_border_bus_lines/sanhe/2025-01") {
		t.Error("January is asked for before it has ended")
	}

	list := clerk.get("/edit/figures?metric=cross_border_bus_lines&lang=en")
	contains(t, "staff list", section(list.Body, `class="due-status"`, "</section>"),
		"<b>Sanhe</b>: Latest figure 2024-10 <span class=\"badge badge-overdue\">2 periods overdue</span>")
	contains(t, "staff list", list.Body, `<a href="/edit/tasks">My tasks</a>`)

	before := version(t, store)
	bad := clerk.post("/edit/tasks?lang=en", url.Values{"source": {"三河市交通局月报"}, nov: {"13"}, dec: {"twelve"}})
	if bad.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a round with a bad cell = %d", bad.Code)
	}
	contains(t, "refused round", bad.Body, `name="`+nov+`" value="13"`, `name="`+dec+`" value="twelve"`, `value="三河市交通局月报"`,
		"Nothing was saved")
	if version(t, store) != before {
		t.Fatal("a refused round wrote something")
	}

	jump := clerk.post("/edit/tasks?lang=en", url.Values{"source": {"三河市交通局月报"}, nov: {"13"}, dec: {"30"}})
	if jump.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a jump without a note = %d", jump.Code)
	}
	contains(t, "jump", jump.Body, `class="field-warning" role="alert">&#43;131% from the previous figure (13, 2024-11)`)
	if version(t, store) != before {
		t.Fatal("a round waiting for a note wrote something")
	}

	ok := clerk.post("/edit/tasks?lang=en", url.Values{"source": {"三河市交通局月报"}, nov: {"13"}, dec: {"30"},
		"note:cross_border_bus_lines/sanhe/2024-12": {"两条新线路于12月开通"}})
	if ok.Code != http.StatusSeeOther {
		t.Fatalf("the fixed round = %d %s", ok.Code, ok.Body)
	}
	for period, want := range map[string]float64{"2024-11": 13, "2024-12": 30} {
		o, err := store.CurrentFigure(ctx, "cross_border_bus_lines", "sanhe", period)
		if err != nil || o.Value != want || o.Source != "三河市交通局月报" || o.EnteredBy != "clerk" {
			t.Errorf("%s: %+v %v", period, o, err)
		}
	}
	after := clerk.get("/edit/tasks?lang=en")
	if strings.Contains(after.Body, "cross_border_bus_lines/sanhe/2024-1") {
		t.Error("saved months are still asked for")
	}

	// A Pinggu row in a Sanhe editor's form is refused whole.
	v := version(t, store)
	forged := clerk.post("/edit/tasks", url.Values{"source": {"s"}, "value:cross_border_bus_lines/pinggu/2024-12": {"22"}})
	if forged.Code != http.StatusForbidden || version(t, store) != v {
		t.Errorf("a Pinggu row from a Sanhe editor = %d", forged.Code)
	}
}

// TestTasksRefusedByTheDataLayerWriteNothing: a row the data layer refuses (a count below zero)
// keeps the valid row of the same round from being written.
func TestTasksRefusedByTheDataLayerWriteNothing(t *testing.T) {
	ts, store := newSeededOn(t, "2025-01-21")
	clerk := loginAs(t, ts, store, "clerk", data.RoleEditor, "sanhe")
	clerk.get("/edit/tasks")
	before := version(t, store)
	r := clerk.post("/edit/tasks", url.Values{"source": {"s"}, "value:cross_border_bus_lines/sanhe/2024-11": {"12"},
		"value:cross_border_bus_lines/sanhe/2024-12": {"-3"}, "note:cross_border_bus_lines/sanhe/2024-12": {"checked"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("= %d", r.Code)
	}
	contains(t, "refused", r.Body, "计数须为零或正整数", `value="-3"`, `value="12"`)
	if version(t, store) != before {
		t.Error("half a round was written")
	}
	if _, err := store.CurrentFigure(context.Background(), "cross_border_bus_lines", "sanhe", "2024-11"); err == nil {
		t.Error("the valid row of a refused round was saved")
	}
}
