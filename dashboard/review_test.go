package dashboard_test

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pjsx/data"
)

// publicOutputs are every public output that shows joint_meetings: the metric page, the API
// series, the CSV and XLSX downloads and the PNG and SVG chart.
var publicOutputs = []string{
	"/metrics/joint_meetings",
	"/api/v1/metrics/joint_meetings/series",
	"/data/joint_meetings.csv",
	"/data/joint_meetings.xlsx",
	"/charts/joint_meetings.png",
	"/charts/joint_meetings.svg",
}

func fetchAll(t *testing.T, c *staffClient) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range publicOutputs {
		r := c.get(p)
		if r.Code != http.StatusOK {
			t.Fatalf("%s = %d", p, r.Code)
		}
		out[p] = r.Body
	}
	return out
}

// sameOutput compares two answers byte for byte, an XLSX file by the files inside it: the
// spreadsheet writer stores them in no fixed order.
func sameOutput(t *testing.T, a, b string) bool {
	t.Helper()
	if a == b {
		return true
	}
	entries := func(s string) map[string]string {
		z, err := zip.NewReader(strings.NewReader(s), int64(len(s)))
		if err != nil {
			return nil
		}
		out := map[string]string{}
		for _, f := range z.File {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			out[f.Name] = string(body)
		}
		return out
	}
	ea, eb := entries(a), entries(b)
	return ea != nil && maps.Equal(ea, eb)
}

// TestPublicOutputsNeverShowAPendingFigure: every public output is requested (so each cache is
// warm), an editor saves a new value through the form, and every output stays byte for byte what
// it was; a reviewer approves it, and every output changes, the page, API and CSV to the new value.
func TestPublicOutputsNeverShowAPendingFigure(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	rv := loginAs(t, ts, store, "reviewer", data.RoleReviewer)
	anon := newStaffClient(t, ts)
	cur := current(t, store, "joint_meetings", "", "2024")
	before := fetchAll(t, anon)

	newValue := cur.Value + 7
	r := ed.post(fmt.Sprintf("/edit/figures/%d", cur.ID), url.Values{"value": {fmt.Sprint(newValue)},
		"source": {"联席会议纪要(复核)"}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/edit/review" {
		t.Fatalf("save = %d → %q", r.Code, r.Header.Get("Location"))
	}
	contains(t, "the flash after a pending save", ed.get("/edit/review").Body, "已提交审核")
	contains(t, "the edit form", ed.get(fmt.Sprintf("/edit/figures/%d", cur.ID)).Body, `id="figure-waiting"`, "待审核")
	for p, body := range fetchAll(t, anon) {
		if !sameOutput(t, body, before[p]) {
			t.Errorf("%s changed after a pending save", p)
		}
	}
	if o := current(t, store, "joint_meetings", "", "2024"); o.ID != cur.ID {
		t.Fatalf("the pending revision is current: %+v", o)
	}

	queue := rv.get("/edit/review")
	contains(t, "the queue", queue.Body, "联席会议纪要(复核)", "editor", `id="nav-review"`, `<span class="count"`)
	ref := regexp.MustCompile(`name="rev" value="(figure:\d+)"`).FindStringSubmatch(queue.Body)
	if ref == nil {
		t.Fatalf("no revision to approve:\n%s", queue.Body)
	}
	if r := rv.post("/edit/review/approve", url.Values{"rev": {ref[1]}}); r.Code != http.StatusSeeOther {
		t.Fatalf("approve = %d: %s", r.Code, r.Body)
	}
	after := fetchAll(t, anon)
	for p, body := range after {
		if sameOutput(t, body, before[p]) {
			t.Errorf("%s did not change after the approval", p)
		}
	}
	for _, p := range []string{"/api/v1/metrics/joint_meetings/series", "/data/joint_meetings.csv"} {
		contains(t, p, after[p], "联席会议纪要(复核)")
	}
	if o := current(t, store, "joint_meetings", "", "2024"); o.Value != newValue {
		t.Errorf("after approval: %+v", o)
	}
}

// TestReviewRightsOverHTTP: who may approve or return a pending revision, through the review
// forms: the author, another editor and a reviewer of another place get 403 and nothing
// changes; a return without a comment comes back 422 with the message and nothing changes; the
// author sees the returned revision with the comment on /edit/review and in the figure's
// history; a reviewer's own revision is refused to them and approved by an admin.
func TestReviewRightsOverHTTP(t *testing.T) {
	ts, store := newSeeded(t)
	author := loginAs(t, ts, store, "author", data.RoleEditor, "sanhe")
	other := loginAs(t, ts, store, "other", data.RoleEditor, "sanhe")
	pinggu := loginAs(t, ts, store, "pinggu-rv", data.RoleReviewer, "pinggu")
	sanhe := loginAs(t, ts, store, "sanhe-rv", data.RoleReviewer, "sanhe")
	boss := loginAs(t, ts, store, "boss", data.RoleAdmin)

	add := func(c *staffClient, period string) string {
		t.Helper()
		r := c.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"},
			"period": {period}, "value": {"3"}, "source": {"三河市交通局"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("save = %d: %s", r.Code, r.Body)
		}
		items, err := store.ReviewItems(context.Background(), data.ReviewQuery{State: data.ReviewPending})
		if err != nil || len(items) == 0 {
			t.Fatal(items, err)
		}
		return fmt.Sprintf("figure:%d", items[len(items)-1].Ref.ID)
	}
	ref := add(author, "2021")
	contains(t, "the author's review page", author.get("/edit/review").Body, `id="review-mine"`, "待审核")
	for who, c := range map[string]*staffClient{"the author": author, "another editor": other, "a Pinggu reviewer": pinggu} {
		if r := c.post("/edit/review/approve", url.Values{"rev": {ref}}); r.Code != http.StatusForbidden {
			t.Errorf("%s approves = %d", who, r.Code)
		}
		if r := c.post("/edit/review/return", url.Values{"rev": {ref}, "comment": {"x"}}); r.Code != http.StatusForbidden {
			t.Errorf("%s returns = %d", who, r.Code)
		}
	}
	if !strings.Contains(sanhe.get("/edit/review").Body, ref) || strings.Contains(pinggu.get("/edit/review").Body, ref) {
		t.Error("the queue shows a revision to the wrong reviewer")
	}
	r := sanhe.post("/edit/review/return", url.Values{"rev": {ref}, "comment": {" "}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a return without a comment = %d", r.Code)
	}
	contains(t, "the refused return", r.Body, "退回须写明原因", `aria-invalid="true"`)
	if r := sanhe.post("/edit/review/return", url.Values{"rev": {ref}, "comment": {"请附上文件号"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("return = %d: %s", r.Code, r.Body)
	}
	page := author.get("/edit/review").Body
	contains(t, "returned to the author", page, `id="review-returned"`, "请附上文件号", "sanhe-rv", "已退回")
	id := strings.TrimPrefix(ref, "figure:")
	contains(t, "the figure's history", author.get("/edit/figures/"+id+"/history").Body, "已退回", "请附上文件号")
	contains(t, "the author's tasks", author.get("/edit/tasks").Body, `id="tasks-returned"`, "退回给我的 (1)")
	if _, err := store.CurrentFigure(context.Background(), "cross_border_bus_lines", "sanhe", "2021"); err == nil {
		t.Error("a returned figure is public")
	}

	own := add(sanhe, "2020")
	if r := sanhe.post("/edit/review/approve", url.Values{"rev": {own}}); r.Code != http.StatusForbidden {
		t.Errorf("a reviewer approves their own = %d", r.Code)
	}
	if r := boss.post("/edit/review/approve", url.Values{"rev": {own}}); r.Code != http.StatusSeeOther {
		t.Errorf("an admin approves a reviewer's = %d: %s", r.Code, r.Body)
	}
	if o := current(t, store, "cross_border_bus_lines", "sanhe", "2020"); o.Value != 3 {
		t.Errorf("approved: %+v", o)
	}
	contains(t, "the audit", boss.get("/admin/audit").Body, "review.submit", "review.approve", "review.return", "请附上文件号")
}

// TestWebImportWaitsForReviewAsOneSubmission: an import through /edit/import is pending until
// approved; a reviewer approves the part of the submission in their places at once, and the
// reviewer of the other place the rest.
func TestWebImportWaitsForReviewAsOneSubmission(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	sanhe := loginAs(t, ts, store, "sanhe-rv", data.RoleReviewer, "sanhe")
	pinggu := loginAs(t, ts, store, "pinggu-rv", data.RoleReviewer, "pinggu")
	csv := "metric,region,period,value,source\n" +
		"cross_border_bus_lines,sanhe,2021,4,三河交通局\n" +
		"cross_border_bus_lines,sanhe,2020,3,三河交通局\n" +
		"cross_border_bus_lines,pinggu,2021,5,平谷交通局\n"
	r := ed.upload("round.csv", []byte(csv))
	m := draftField.FindStringSubmatch(r.Body)
	if r.Code != http.StatusOK || m == nil {
		t.Fatalf("preview = %d: %s", r.Code, r.Body)
	}
	if r := ed.post("/edit/import/commit", url.Values{"draft": {m[1]}}); r.Code != http.StatusSeeOther {
		t.Fatalf("commit = %d: %s", r.Code, r.Body)
	}
	public := func(region, period string) bool {
		_, err := store.CurrentFigure(context.Background(), "cross_border_bus_lines", region, period)
		return err == nil
	}
	if public("sanhe", "2021") || public("sanhe", "2020") || public("pinggu", "2021") {
		t.Fatal("an imported figure is public before review")
	}
	contains(t, "the staff list", ed.get("/edit/figures?metric=cross_border_bus_lines").Body, `data-review="pending"`, "待审核")
	batch := regexp.MustCompile(`name="batch" value="(\d+)"`).FindStringSubmatch(sanhe.get("/edit/review").Body)
	if batch == nil {
		t.Fatal("the import is not offered as one submission")
	}
	if r := sanhe.post("/edit/review/approve", url.Values{"batch": {batch[1]}}); r.Code != http.StatusSeeOther {
		t.Fatalf("approve the submission = %d: %s", r.Code, r.Body)
	}
	if !public("sanhe", "2021") || !public("sanhe", "2020") || public("pinggu", "2021") {
		t.Fatal("the Sanhe reviewer's approval of the submission: want Sanhe's two figures public, Pinggu's waiting")
	}
	// A whole submission comes back with one comment: to the part this reviewer looks after.
	r = ed.upload("again.csv", []byte("metric,region,period,value,source\n"+
		"cross_border_bus_lines,sanhe,2019,1,三河交通局\ncross_border_bus_lines,sanhe,2018,1,三河交通局\n"))
	if m = draftField.FindStringSubmatch(r.Body); m == nil || ed.post("/edit/import/commit", url.Values{"draft": {m[1]}}).Code != http.StatusSeeOther {
		t.Fatal("the second import")
	}
	again := regexp.MustCompile(`name="batch" value="(\d+)"`).FindAllStringSubmatch(sanhe.get("/edit/review").Body, -1)
	if len(again) == 0 {
		t.Fatal("the second import is not offered as one submission")
	}
	last := again[len(again)-1][1]
	if r := sanhe.post("/edit/review/return", url.Values{"batch": {last}, "comment": {""}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("returning a submission without a comment = %d", r.Code)
	}
	if r := sanhe.post("/edit/review/return", url.Values{"batch": {last}, "comment": {"年份有误"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("return the submission = %d: %s", r.Code, r.Body)
	}
	if back, _ := store.ReviewItems(context.Background(), data.ReviewQuery{Author: "editor", State: data.ReviewReturned}); len(back) != 2 {
		t.Errorf("returned to the editor: %d revisions, want the submission's 2", len(back))
	}

	ref := regexp.MustCompile(`name="rev" value="(figure:\d+)"`).FindStringSubmatch(pinggu.get("/edit/review").Body)
	if ref == nil {
		t.Fatal("Pinggu's figure is not in the Pinggu reviewer's queue")
	}
	if r := pinggu.post("/edit/review/approve", url.Values{"rev": {ref[1]}}); r.Code != http.StatusSeeOther {
		t.Fatalf("approve = %d: %s", r.Code, r.Body)
	}
	for region, want := range map[string]float64{"sanhe": 4, "pinggu": 5} {
		if o := current(t, store, "cross_border_bus_lines", region, "2021"); o.Value != want {
			t.Errorf("%s after approval: %+v", region, o)
		}
	}
}

// TestReviewOffPublishesAtOnce: with --no-review an editor's save is public at once and the
// settings page says the flag wins; with review on, an admin's setting turns it off.
func TestReviewOffPublishesAtOnce(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	boss := loginAs(t, ts, store, "boss", data.RoleAdmin)
	r := ed.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"},
		"period": {"2021"}, "value": {"3"}, "source": {"s"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", r.Code)
	}
	if o := current(t, store, "cross_border_bus_lines", "sanhe", "2021"); o.Value != 3 {
		t.Errorf("--no-review: %+v", o)
	}
	contains(t, "settings under --no-review", boss.get("/admin/settings").Body, `id="flag-wins"`, "--no-review")
	contains(t, "review page under --no-review", ed.get("/edit/review").Body, `id="review-off"`)

	ts2, store2 := newSeeded(t)
	ed2 := loginAs(t, ts2, store2, "editor", data.RoleEditor)
	boss2 := loginAs(t, ts2, store2, "boss", data.RoleAdmin)
	if r := boss2.post("/admin/settings", url.Values{"review": {"maybe"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("a bad setting = %d", r.Code)
	}
	if r := boss2.post("/admin/settings", url.Values{"review": {"off"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("turning review off = %d: %s", r.Code, r.Body)
	}
	if body := boss2.get("/admin/settings").Body; strings.Contains(body, `id="flag-wins"`) {
		t.Error("the settings page says a flag wins that was not given")
	}
	if r := ed2.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"},
		"period": {"2021"}, "value": {"3"}, "source": {"s"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", r.Code)
	}
	if o := current(t, store2, "cross_border_bus_lines", "sanhe", "2021"); o.Value != 3 {
		t.Errorf("review turned off by the admin: %+v", o)
	}
}

// TestPendingMilestoneStaysOffThePublicList: a milestone saved by an editor is listed on
// /milestones and in the API only once a reviewer approves it.
func TestPendingMilestoneStaysOffThePublicList(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	rv := loginAs(t, ts, store, "reviewer", data.RoleReviewer)
	anon := newStaffClient(t, ts)
	anon.get("/milestones") // warm the cache
	if r := ed.post("/edit/events", url.Values{"date": {"2024-05"}, "title_zh": {"审核中的里程碑"}, "source": {"s"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %s", r.Code, r.Body)
	}
	for _, p := range []string{"/milestones", "/api/v1/events"} {
		if strings.Contains(anon.get(p).Body, "审核中的里程碑") {
			t.Errorf("%s shows a pending milestone", p)
		}
	}
	contains(t, "the staff list", ed.get("/edit/events").Body, "审核中的里程碑", `data-review="pending"`)
	ref := regexp.MustCompile(`name="rev" value="(event:\d+)"`).FindStringSubmatch(rv.get("/edit/review").Body)
	if ref == nil {
		t.Fatal("the milestone is not in the queue")
	}
	if r := rv.post("/edit/review/approve", url.Values{"rev": {ref[1]}}); r.Code != http.StatusSeeOther {
		t.Fatalf("approve = %d", r.Code)
	}
	for _, p := range []string{"/milestones", "/api/v1/events"} {
		contains(t, p, anon.get(p).Body, "审核中的里程碑")
	}
}

// TestLargeSubmissionIsListedInPartAndApprovedWhole: an import of more rows than the queue lists
// shows its first ones and the number left, and approving the submission approves every row.
func TestLargeSubmissionIsListedInPartAndApprovedWhole(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	rv := loginAs(t, ts, store, "reviewer", data.RoleReviewer)
	var csv strings.Builder
	csv.WriteString("metric,region,period,value,source\n")
	for y := 1950; y < 2010; y++ {
		fmt.Fprintf(&csv, "cross_border_bus_lines,sanhe,%d,%d,三河交通局\n", y, y-1949)
	}
	r := ed.upload("years.csv", []byte(csv.String()))
	m := draftField.FindStringSubmatch(r.Body)
	if m == nil || ed.post("/edit/import/commit", url.Values{"draft": {m[1]}}).Code != http.StatusSeeOther {
		t.Fatalf("import: %d %s", r.Code, r.Body)
	}
	page := rv.get("/edit/review").Body
	if n := strings.Count(page, `class="review-item"`); n != 50 {
		t.Errorf("the queue lists %d revisions of the submission, want 50", n)
	}
	contains(t, "the queue", page, "60 条", `class="review-more"`, "10</p>")
	batch := regexp.MustCompile(`name="batch" value="(\d+)"`).FindStringSubmatch(page)
	if batch == nil || rv.post("/edit/review/approve", url.Values{"batch": {batch[1]}}).Code != http.StatusSeeOther {
		t.Fatal("approving the submission")
	}
	for _, y := range []string{"1950", "2009"} {
		current(t, store, "cross_border_bus_lines", "sanhe", y)
	}
}
