package dashboard_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"pjsx/dashboard/briefing/briefingtest"
	"pjsx/data"
	"pjsx/data/datatest"
)

// asOfDays: the server's clock stands on 2099-03-10 (Shanghai); a figure is first published on
// 2099-03-01 and revised on 2099-03-03. The seed was published before either.
const (
	asOfToday   = "2099-03-10"
	asOfFirst   = "2099-03-01"
	asOfRevised = "2099-03-03"
)

// asOfFigure is the figure the as-of tests publish and revise: Xinglong's joint meetings of 2098.
func asOfFigure(v float64) data.FigureInput {
	return data.FigureInput{Metric: "joint_meetings", Region: "xinglong", Period: "2098", Value: v,
		Source: "兴隆县政府工作报告", By: "t"}
}

// saveOn publishes in at noon (Shanghai) of day.
func saveOn(t *testing.T, store *data.Store, in data.FigureInput, day string) {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, day, data.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := datatest.SaveFigureAt(context.Background(), store, in, d.Add(12*time.Hour)); err != nil {
		t.Fatal(err)
	}
}

// TestAsOfExportsStayByteIdenticalAfterALaterEdit: every export asked as of a day is the same
// bytes before and after a later revision; today's shows the revision, the day's the old value.
func TestAsOfExportsStayByteIdenticalAfterALaterEdit(t *testing.T) {
	ts, store := newSeededOn(t, asOfToday)
	saveOn(t, store, asOfFigure(5), asOfFirst)
	asof := "asof=" + asOfFirst
	paths := []string{
		"/data/joint_meetings.csv?" + asof,
		"/data/joint_meetings.xlsx?" + asof,
		"/charts/joint_meetings.png?" + asof,
		"/charts/joint_meetings.svg?" + asof,
		"/api/v1/metrics/joint_meetings/series?" + asof,
		"/data/joint_meetings.csv?view=latest&lang=en&" + asof,
	}
	before := map[string]string{}
	for _, p := range paths {
		r := get(t, ts, p)
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", p, r.Code, r.Body)
		}
		before[p] = r.Body
	}
	saveOn(t, store, asOfFigure(7), asOfRevised)
	for _, p := range paths {
		if r := get(t, ts, p); r.Body != before[p] {
			t.Errorf("%s changed after a later edit", p)
		}
	}

	// The day's API answer has the old value and names its day; today's has the revision.
	value := func(path string) (float64, map[string]any) {
		t.Helper()
		var body map[string]any
		if err := json.Unmarshal([]byte(get(t, ts, path).Body), &body); err != nil {
			t.Fatal(err)
		}
		for _, sr := range body["series"].([]any) {
			s := sr.(map[string]any)
			if s["region"] != "xinglong" {
				continue
			}
			for _, p := range s["points"].([]any) {
				if pt := p.(map[string]any); pt["label"] == "2098" {
					return pt["value"].(float64), body
				}
			}
		}
		return -1, body
	}
	if v, body := value("/api/v1/metrics/joint_meetings/series?" + asof); v != 5 || body["asof"] != asOfFirst {
		t.Errorf("as of %s: value %v, asof %v; want 5 and the day", asOfFirst, v, body["asof"])
	}
	if v, body := value("/api/v1/metrics/joint_meetings/series"); v != 7 || body["asof"] != nil {
		t.Errorf("today: value %v, asof %v; want 7 and no asof", v, body["asof"])
	}
	if v, _ := value("/api/v1/metrics/joint_meetings/series?asof=2099-02-28"); v != -1 {
		t.Errorf("before its first publication the figure shows %v", v)
	}
	csv := get(t, ts, "/data/joint_meetings.csv?"+asof).Body
	if !strings.Contains(csv, "2098,5,") || strings.Contains(csv, "2098,7,") {
		t.Errorf("the CSV as of %s does not carry the old value:\n%s", asOfFirst, csv)
	}
	if svg := get(t, ts, "/charts/joint_meetings.svg?"+asof).Body; !strings.Contains(svg, asOfFirst+"公布的数据") {
		t.Errorf("the SVG does not say which day's figures it shows")
	}
}

// TestAsOfRefusesBadDays: a bad or future asof is a 400 naming the field, in both languages, on
// every output; today is fine.
func TestAsOfRefusesBadDays(t *testing.T) {
	ts, _ := newSeededOn(t, asOfToday)
	for _, bad := range []string{"2099-02-30", "yesterday", "2099-3-1", "20990301", "2099-03-11"} {
		for _, p := range []string{"/data/joint_meetings.csv", "/charts/joint_meetings.png", "/api/v1/metrics/joint_meetings/series",
			"/metrics/joint_meetings", "/api/v1/regions", "/api/v1/plans", "/calendar.ics"} {
			r := get(t, ts, p+q("asof", bad))
			if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "asof") {
				t.Errorf("%s?asof=%s: %d, want 400 naming asof: %.200s", p, bad, r.Code, r.Body)
			}
		}
	}
	if r := get(t, ts, "/api/v1/metrics/joint_meetings/series"+q("asof", "2099-03-11")); !strings.Contains(r.Body, "未来") || !strings.Contains(r.Body, "future") {
		t.Errorf("a future day's message is not in both languages: %s", r.Body)
	}
	if r := get(t, ts, "/api/v1/metrics/joint_meetings/series"+q("asof", asOfToday)); r.Code != http.StatusOK {
		t.Errorf("asof today: %d %s", r.Code, r.Body)
	}
}

// TestAsOfShowsTheCatalogOfThatDay: a metric renamed on a day keeps its old name in every output
// asked as of an earlier day.
func TestAsOfShowsTheCatalogOfThatDay(t *testing.T) {
	ts, store := newSeededOn(t, asOfToday)
	old, err := store.Metric(context.Background(), "joint_meetings")
	if err != nil {
		t.Fatal(err)
	}
	renamed, _ := time.Parse(time.RFC3339, "2099-03-05T02:00:00Z")
	if err := datatest.RenameMetricAt(context.Background(), store, "joint_meetings", "联席会议次数", "Joint meetings held", renamed); err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]string{"2099-03-04": old.NameZh, "2099-03-05": "联席会议次数", "": "联席会议次数"} {
		var body map[string]any
		if err := json.Unmarshal([]byte(get(t, ts, "/api/v1/metrics/joint_meetings/series"+q("asof", day)).Body), &body); err != nil {
			t.Fatal(err)
		}
		if body["name_zh"] != want {
			t.Errorf("API as of %q names the metric %v, want %q", day, body["name_zh"], want)
		}
		if svg := get(t, ts, "/charts/joint_meetings.svg"+q("asof", day)).Body; !strings.Contains(svg, want) {
			t.Errorf("the SVG as of %q does not carry the name %q", day, want)
		}
	}
}

// TestAsOfPages: every public page as of a day says so under a banner with a link to today's
// view, keeps the day in its links, and shows that day's figures; a revised figure says
// 已修订 / revised since with both values.
func TestAsOfPages(t *testing.T) {
	ts, store := newSeededOn(t, asOfToday)
	saveOn(t, store, asOfFigure(5), asOfFirst)
	saveOn(t, store, asOfFigure(7), asOfRevised)
	asof := "asof=" + asOfFirst
	for _, path := range []string{"/", "/metrics/joint_meetings", "/categories/mechanism", "/milestones", "/calendar",
		"/export?metrics=joint_meetings", "/export/print?metrics=joint_meetings"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		r := get(t, ts, path+sep+asof)
		if r.Code != http.StatusOK {
			t.Errorf("%s as of a day: %d %.300s", path, r.Code, r.Body)
			continue
		}
		contains(t, path, r.Body, `class="asof-banner"`, "以下为 "+asOfFirst+" 日终公布的数据", "查看今日数据")
		// Every link within the dashboard keeps the day, but the banner's to today's view.
		for _, m := range regexp.MustCompile(`href="(/[^"]*)"`).FindAllStringSubmatch(r.Body, -1) {
			link := m[1]
			if strings.Contains(link, "asof="+asOfFirst) || strings.HasPrefix(link, "/static/") || link == "/login" ||
				strings.HasPrefix(link, "/calendar.ics") { // a feed is subscribed to: always today's
				continue
			}
			if !strings.Contains(r.Body, `查看今日数据`) || !strings.Contains(r.Body, `href="`+link+`">查看今日数据`) {
				t.Errorf("%s: the link %s drops the day", path, link)
			}
		}
		if today := get(t, ts, path); strings.Contains(today.Body, "asof-banner") {
			t.Errorf("%s today shows the asof banner", path)
		}
	}

	// The metric page as of the first day: the old value, and the revision with both values.
	page := get(t, ts, "/metrics/joint_meetings?"+asof).Body
	contains(t, "metric page as of a day", page, "已修订：兴隆县 2098 在 "+asOfFirst+" 公布为 5 次，今日为 7 次",
		`<input type="hidden" name="asof" value="`+asOfFirst+`">`, "/charts/joint_meetings.png?asof="+asOfFirst)
	en := get(t, ts, "/metrics/joint_meetings?lang=en&"+asof).Body
	contains(t, "English metric page as of a day", en, "As published on "+asOfFirst, "See today&#39;s figures",
		"Revised since:", "Xinglong, 2098 was 5 meetings as published on "+asOfFirst+"; it is 7 meetings today")
	if today := get(t, ts, "/metrics/joint_meetings").Body; strings.Contains(today, "已修订") {
		t.Error("today's page speaks of revisions")
	}
	// As of the revision's day there is nothing revised since.
	if later := get(t, ts, "/metrics/joint_meetings?asof="+asOfRevised).Body; strings.Contains(later, "已修订") {
		t.Error("the page as of the revision's day says revised")
	}
}

// docxParts are the paragraphs of a Word briefing, one a line, and its images by name.
func docxParts(t *testing.T, body string) (string, map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		t.Fatalf("not a DOCX: %v: %.200s", err, body)
	}
	text, media := "", map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch {
		case f.Name == "word/document.xml":
			text = strings.Join(briefingtest.Paragraphs(t, b), "\n")
		case strings.HasPrefix(f.Name, "word/media/"):
			media[f.Name] = string(b)
		}
	}
	return text, media
}

// TestAsOfBriefing: a briefing's permalink carries its day (the day it was made when none was
// asked), so following it later shows the same figures: its charts are the same bytes after a
// later edit, and it says 已修订 with both values where today's figures differ.
func TestAsOfBriefing(t *testing.T) {
	ts, store := newSeededOn(t, asOfToday)
	saveOn(t, store, asOfFigure(5), asOfFirst)
	today, _ := docxParts(t, get(t, ts, "/export/briefing.docx"+q("metrics", "joint_meetings")).Body)
	contains(t, "briefing made today", today, "/export?asof="+asOfToday+"&metrics=joint_meetings")
	asked := "/export/briefing.docx" + q("metrics", "joint_meetings", "asof", asOfFirst)
	before, beforeMedia := docxParts(t, get(t, ts, asked).Body)
	for _, text := range []string{today, before} {
		if strings.Contains(text, "已修订") {
			t.Errorf("a briefing with nothing revised since speaks of revisions:\n%s", text)
		}
	}
	saveOn(t, store, asOfFigure(7), asOfRevised)
	after, afterMedia := docxParts(t, get(t, ts, asked).Body)
	contains(t, "briefing as of a day", after, "/export?asof="+asOfFirst+"&metrics=joint_meetings", "数据截至："+asOfFirst,
		"兴隆县多层级联席会议累计5次")
	if after != before { // made again later, the same briefing; the page it links to says what was revised
		t.Errorf("the briefing as of %s changed after a later edit:\nbefore %s\nafter  %s", asOfFirst, before, after)
	}
	contains(t, "the metric page the briefing links to", get(t, ts, "/metrics/joint_meetings"+q("asof", asOfFirst)).Body,
		"已修订：兴隆县 2098 在 "+asOfFirst+" 公布为 5 次，今日为 7 次。")
	if len(beforeMedia) == 0 || len(afterMedia) != len(beforeMedia) {
		t.Fatalf("images: %d before, %d after", len(beforeMedia), len(afterMedia))
	}
	for name, img := range beforeMedia {
		if afterMedia[name] != img {
			t.Errorf("%s changed after a later edit", name)
		}
	}
}

// TestAsOfBeforeTheFirstPublication: a day before any figure was public is an honest empty view,
// not an error.
func TestAsOfBeforeTheFirstPublication(t *testing.T) {
	ts, _ := newSeededOn(t, asOfToday)
	for _, path := range []string{"/", "/metrics/joint_meetings", "/milestones", "/categories/mechanism"} {
		r := get(t, ts, path+q("asof", "2001-01-01"))
		if r.Code != http.StatusOK {
			t.Errorf("%s as of 2001: %d %.300s", path, r.Code, r.Body)
		}
		contains(t, path, r.Body, "以下为 2001-01-01 日终公布的数据")
	}
	contains(t, "metric page as of 2001", get(t, ts, "/metrics/joint_meetings"+q("asof", "2001-01-01")).Body, "所选范围内暂无数据")
	var api struct {
		Series []any  `json:"series"`
		AsOf   string `json:"asof"`
	}
	if err := json.Unmarshal([]byte(get(t, ts, "/api/v1/metrics/joint_meetings/series"+q("asof", "2001-01-01")).Body), &api); err != nil {
		t.Fatal(err)
	}
	if len(api.Series) != 0 || api.AsOf != "2001-01-01" {
		t.Errorf("API as of 2001: %d series, asof %q", len(api.Series), api.AsOf)
	}
	var events struct {
		Events []any  `json:"events"`
		AsOf   string `json:"asof"`
	}
	if err := json.Unmarshal([]byte(get(t, ts, "/api/v1/events"+q("asof", "2001-01-01")).Body), &events); err != nil {
		t.Fatal(err)
	}
	if len(events.Events) != 0 || events.AsOf != "2001-01-01" {
		t.Errorf("events as of 2001: %d, asof %q", len(events.Events), events.AsOf)
	}
	if r := get(t, ts, "/api/v1/events"); !strings.Contains(r.Body, `"events":[{`) {
		t.Errorf("today's events are empty: %.200s", r.Body)
	}
	for _, p := range []string{"/api/v1/events", "/api/v1/metrics", "/milestones", "/", "/embed/metrics/joint_meetings"} {
		if r := get(t, ts, p+q("asof", "2099-13-01")); r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "asof") {
			t.Errorf("%s with a bad asof: %d %.200s", p, r.Code, r.Body)
		}
	}
	// Line 22's named chart too: no rows before the first publication, today's rows today.
	if csv := get(t, ts, "/data/rail22_progress.csv"+q("asof", "2001-01-01")); csv.Code != http.StatusOK || strings.Count(csv.Body, "\n") != 1 {
		t.Errorf("Line 22 as of 2001: %d\n%s", csv.Code, csv.Body)
	}
	if csv := get(t, ts, "/data/rail22_progress.csv"+q("asof", asOfToday)); strings.Count(csv.Body, "\n") < 3 {
		t.Errorf("Line 22 as of today has no rows:\n%s", csv.Body)
	}
	contains(t, "embed as of a day", get(t, ts, "/embed/metrics/joint_meetings"+q("asof", asOfFirst)).Body, `class="asof-banner"`)
}

// TestAsOfPack: the ZIP pack as of a day holds that day's images and says which day its figures
// were published on, with what was revised since.
func TestAsOfPack(t *testing.T) {
	ts, store := newSeededOn(t, asOfToday)
	saveOn(t, store, asOfFigure(5), asOfFirst)
	saveOn(t, store, asOfFigure(7), asOfRevised)
	r := get(t, ts, "/export/pack.zip"+q("metrics", "joint_meetings", "asof", asOfFirst))
	if r.Code != http.StatusOK {
		t.Fatalf("pack: %d %.300s", r.Code, r.Body)
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	contains(t, "pack README", files["README.txt"], asOfFirst+"公布的数据", "asof="+asOfFirst,
		"已修订：兴隆县 2098 在 "+asOfFirst+" 公布为 5 次，今日为 7 次。")
	if svg := get(t, ts, "/charts/joint_meetings.svg"+q("asof", asOfFirst, "scale", "2")).Body; files["joint_meetings.svg"] != svg {
		t.Error("the pack's SVG is not the one the dashboard serves for that day")
	}
}

// TestAsOfKeyFigure: the overview as of a day shows that day's newest figure on its key card
// and, where it was revised since, today's value beside it.
func TestAsOfKeyFigure(t *testing.T) {
	ts, store := newSeededOn(t, asOfToday)
	bus := func(v float64) data.FigureInput {
		return data.FigureInput{Metric: "cross_border_bus_lines", Region: "pinggu", Period: "2098", Value: v, Source: "平谷区交通局", By: "t"}
	}
	saveOn(t, store, bus(30), asOfFirst)
	saveOn(t, store, bus(31), asOfRevised)
	card := func(path string) string {
		t.Helper()
		body := get(t, ts, path).Body
		i := strings.Index(body, `href="/metrics/cross_border_bus_lines?`)
		if i < 0 {
			t.Fatalf("%s: no key card for the bus lines", path)
		}
		end := strings.Index(body[i:], "</a>")
		return body[i : i+end]
	}
	then := card("/?asof=" + asOfFirst)
	contains(t, "key card as of the first day", then, "30", "已修订 · 今日 31 条")
	if strings.Contains(then, ">31<") {
		t.Errorf("the card as of the first day shows today's value: %s", then)
	}
	if now := card("/"); strings.Contains(now, "已修订") || !strings.Contains(now, "31") {
		t.Errorf("today's card: %s", now)
	}
	if later := card("/?asof=" + asOfRevised); strings.Contains(later, "已修订") {
		t.Errorf("the card as of the revision's day says revised: %s", later)
	}
}

// TestAsOfCalendarFeedRegionsAndPlans: the .ics feed asked as of a day lists what was due then
// (not today's), says the day in its name and keeps it in its links; the regions and plans,
// seed data without revisions, are today's, the answer naming the day asked for.
func TestAsOfCalendarFeedRegionsAndPlans(t *testing.T) {
	ts, _ := newSeededOn(t, asOfToday)
	today := get(t, ts, "/calendar.ics?lang=en")
	then := get(t, ts, "/calendar.ics"+q("lang", "en", "asof", "2001-01-01"))
	if then.Code != http.StatusOK || then.Body == today.Body {
		t.Fatalf("the feed as of 2001 = %d, the same as today's: %v", then.Code, then.Body == today.Body)
	}
	contains(t, "the feed as of 2001", then.Body, "as of 2001-01-01", "asof=2001-01-01")
	for _, p := range []string{"/api/v1/regions", "/api/v1/plans"} {
		now, past := get(t, ts, p), get(t, ts, p+q("asof", asOfFirst))
		if past.Code != http.StatusOK || !strings.Contains(past.Body, `"asof":"`+asOfFirst+`"`) {
			t.Errorf("%s as of a day: %d %.200s", p, past.Code, past.Body)
		}
		if strings.Replace(past.Body, `"asof":"`+asOfFirst+`",`, "", 1) != now.Body {
			t.Errorf("%s as of a day differs from today's beyond the day it names", p)
		}
	}
}
