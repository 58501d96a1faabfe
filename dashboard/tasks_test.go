package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
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

// TestTasksAskForANoteFarOutsideTheUsualRange: a figure within ±50 % of the one before can still
// lie far outside what the metric's figures have been (31.5–264.1 here, widened by half that on
// each side): it asks for a confirming note instead of being refused; with the note it is saved.
func TestTasksAskForANoteFarOutsideTheUsualRange(t *testing.T) {
	ts, store := newSeededOn(t, "2025-01-21", withoutReview)
	if _, err := store.AddFigure(context.Background(), data.Actor{Name: "test"}, data.FigureInput{Metric: "jizhou_mayday_visitors",
		Region: "pinggu", Period: "2022-05", Value: 100, Source: "test"}); err != nil { // a third figure makes a range
		t.Fatal(err)
	}
	clerk := loginAs(t, ts, store, "clerk", data.RoleEditor, "jizhou")
	cell := "value:jizhou_mayday_visitors/jizhou/2024-05"
	contains(t, "tasks", clerk.get("/edit/tasks?lang=en").Body, `name="`+cell+`"`)

	before := version(t, store)
	far := clerk.post("/edit/tasks?lang=en", url.Values{"source": {"蓟州区文旅局"}, cell: {"390"}}) // +48 % on 264.1
	if far.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a value far outside the usual = %d", far.Code)
	}
	contains(t, "unusual", far.Body, `name="`+cell+`" value="390"`,
		`class="field-warning" role="alert">Far outside the range of this metric&#39;s figures so far (31.5–264.1, 3 figures)`)
	if version(t, store) != before {
		t.Fatal("a round waiting for a note wrote something")
	}
	noted := clerk.post("/edit/tasks?lang=en", url.Values{"source": {"蓟州区文旅局"}, cell: {"390"},
		"note:jizhou_mayday_visitors/jizhou/2024-05": {"新景区开放,客流创新高"}})
	if noted.Code != http.StatusSeeOther {
		t.Fatalf("the far value with a note = %d %s", noted.Code, section(noted.Body, `<main`, `</main>`))
	}
	if o, err := store.CurrentFigure(context.Background(), "jizhou_mayday_visitors", "jizhou", "2024-05"); err != nil || o.Value != 390 {
		t.Errorf("2024-05: %+v %v", o, err)
	}
}

// TestTasksAskForAYearlyFigureAsItIsKept: Jizhou's May Day visitors are reported once a year for
// May (2023-05): the calendar counts 2023-05 as 2023's figure, and the grid asks for 2024-05, which
// it saves (a year figure "2024" would be refused: the metric's periods are months).
func TestTasksAskForAYearlyFigureAsItIsKept(t *testing.T) {
	ts, store := newSeededOn(t, "2025-07-01", withoutReview)
	clerk := loginAs(t, ts, store, "clerk", data.RoleEditor, "jizhou")
	page := clerk.get("/edit/tasks?lang=en")
	cell := "value:jizhou_mayday_visitors/jizhou/2024-05"
	contains(t, "tasks", page.Body, `name="`+cell+`"`, "264.1 <small>(2023-05)</small>")
	if strings.Contains(page.Body, "jizhou_mayday_visitors/jizhou/2023") {
		t.Error("2023 is asked for although its May figure is stored")
	}
	ok := clerk.post("/edit/tasks?lang=en", url.Values{"source": {"蓟州区文旅局"}, cell: {"250"},
		"value:jizhou_mayday_visitors/jizhou/2025-05": {"260"}})
	if ok.Code != http.StatusSeeOther {
		t.Fatalf("the round = %d %s", ok.Code, section(ok.Body, `<main`, `</main>`))
	}
	o, err := store.CurrentFigure(context.Background(), "jizhou_mayday_visitors", "jizhou", "2024-05")
	if err != nil || o.Value != 250 {
		t.Errorf("2024-05: %+v %v", o, err)
	}
}

// TestTasksAskForTheNewestFewPeriods: Jizhou's annual visitors were last reported for 2006; the
// round asks for the newest three years, not eighteen, and its first row says how many older ones
// are missing, with a link to the figure form for them.
func TestTasksAskForTheNewestFewPeriods(t *testing.T) {
	ts, store := newSeededOn(t, "2025-07-01", withoutReview)
	clerk := loginAs(t, ts, store, "clerk", data.RoleEditor, "jizhou")
	page := clerk.get("/edit/tasks?lang=en")
	asked := regexp.MustCompile(`name="value:jizhou_annual_visitors/jizhou/(\d{4})"`).FindAllStringSubmatch(page.Body, -1)
	var years []string
	for _, m := range asked {
		years = append(years, m[1])
	}
	if strings.Join(years, ",") != "2022,2023,2024" {
		t.Errorf("the round asks for %v; want the newest three years", years)
	}
	contains(t, "tasks", page.Body, `<a href="/edit/figures/new?metric=jizhou_annual_visitors&amp;region=jizhou">15 earlier periods are missing too`)
}
