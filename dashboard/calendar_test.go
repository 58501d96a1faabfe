package dashboard_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// newSeededOn serves the seed with the calendar's clock fixed at the start of day (a Shanghai
// day), and makes cross_border_bus_lines a monthly metric of Pinggu and Sanhe with figures up to
// 2024-11 (Pinggu) and 2024-10 (Sanhe).
func newSeededOn(t testing.TB, day string, opts ...option) (*httptest.Server, *data.Store) {
	t.Helper()
	ts, store, _ := newSeededClock(t, day, opts...)
	return ts, store
}

// newSeededClock is newSeededOn with the clock's day to change: store a YYYY-MM-DD in it.
func newSeededClock(t testing.TB, day string, opts ...option) (*httptest.Server, *data.Store, *atomic.Value) {
	t.Helper()
	ctx := context.Background()
	store := datatest.NewStore(t)
	if _, err := seed.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	m, err := store.Metric(ctx, "cross_border_bus_lines")
	if err != nil {
		t.Fatal(err)
	}
	info := m.MetricInfo
	info.Frequency = data.Month
	info.Scopes = []data.MetricScope{{Region: "pinggu", ScopeZh: "平谷"}, {Region: "sanhe", ScopeZh: "三河"}}
	if err := store.UpdateMetricInfo(ctx, data.Actor{Name: "boss"}, m.Code, info); err != nil {
		t.Fatal(err)
	}
	for _, f := range []data.FigureInput{
		{Metric: m.Code, Region: "pinggu", Period: "2024-10", Value: 20, Source: "s"},
		{Metric: m.Code, Region: "pinggu", Period: "2024-11", Value: 21, Source: "s"},
		{Metric: m.Code, Region: "sanhe", Period: "2024-10", Value: 12, Source: "s"},
	} {
		if _, err := datatest.SaveFigure(ctx, store, f); err != nil {
			t.Fatal(err)
		}
	}
	clock := &atomic.Value{}
	clock.Store(day)
	now := func() time.Time {
		at, err := time.ParseInLocation(time.DateOnly, clock.Load().(string), data.Shanghai)
		if err != nil {
			panic(err)
		}
		return at.Add(10 * time.Hour)
	}
	return serve(t, store, append([]option{func(cfg *dashboard.Config) { cfg.Now = now }}, opts...)...), store, clock
}

// TestCachedPagesFollowTheDay: the overview and the calendar are cached until the data changes,
// but a day passing turns a figure overdue with no change of data: the cached pages follow it.
func TestCachedPagesFollowTheDay(t *testing.T) {
	ts, _, clock := newSeededClock(t, "2025-01-20")
	card := func() string {
		return section(get(t, ts, "/?lang=zh").Body, `href="/metrics/cross_border_bus_lines?lang=zh"`, "</a>")
	}
	contains(t, "on the due day", card(), `title="三河市">已逾期 1 期</span>`)
	contains(t, "calendar on the due day", get(t, ts, "/calendar?lang=zh").Body, "今天(北京时间): <time datetime=\"2025-01-20\">")
	clock.Store("2025-01-21")
	contains(t, "the day after", card(), `title="平谷区、三河市">已逾期 2 期</span>`)
	contains(t, "calendar the day after", get(t, ts, "/calendar?lang=zh").Body, "今天(北京时间): <time datetime=\"2025-01-21\">")
}

// TestCalendarPageAcrossTheYearEnd: on 2025-01-21 Pinggu owes December (one period) and Sanhe
// November and December (two), both overdue since the 20 days after their months; January is due
// next on 2025-02-20.
func TestCalendarPageAcrossTheYearEnd(t *testing.T) {
	ts, _ := newSeededOn(t, "2025-01-21")
	zh := get(t, ts, "/calendar?lang=zh")
	if zh.Code != http.StatusOK {
		t.Fatalf("GET /calendar = %d", zh.Code)
	}
	overdue := section(zh.Body, `id="calendar-overdue"`, "</table>")
	contains(t, "overdue zh", overdue, "2024-12 <span class=\"badge badge-overdue\">已逾期 1 期</span>",
		"2024-11 – 2024-12 <span class=\"badge badge-overdue\">已逾期 2 期</span>", "2024-12-20")
	upcoming := section(zh.Body, `id="calendar-upcoming"`, "</table>")
	contains(t, "upcoming zh", upcoming, `<td data-label="时期">2025-01</td><td data-label="截止日期"><time datetime="2025-02-20">`)
	en := get(t, ts, "/calendar?lang=en")
	contains(t, "calendar en", en.Body, "Reporting calendar", "2 periods overdue", "1 period overdue", "Subscribe (iCalendar feed)")

	// On the due day itself December is still on time for Pinggu; Sanhe still owes November.
	ts2, _ := newSeededOn(t, "2025-01-20")
	page := get(t, ts2, "/calendar?lang=en")
	overdue = rowsOf(section(page.Body, `id="calendar-overdue"`, "</table>"), "cross_border_bus_lines")
	if strings.Count(overdue, "badge-overdue") != 1 || !strings.Contains(overdue, "2024-11 <span class=\"badge badge-overdue\">1 period overdue") {
		t.Errorf("overdue on the due day:\n%s", overdue)
	}
}

// TestCalendarFeedIsRFC5545: CRLF lines of at most 75 octets, one VEVENT per due item (overdue
// periods and the next one), a UID per metric × place × period, all-day dates, and the same bytes
// on a second request.
func TestCalendarFeedIsRFC5545(t *testing.T) {
	ts, _ := newSeededOn(t, "2025-01-21")
	feed := get(t, ts, "/calendar.ics?lang=zh")
	if feed.Code != http.StatusOK || !strings.HasPrefix(feed.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed = %d %s", feed.Code, feed.Header.Get("Content-Type"))
	}
	body := feed.Body
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Fatalf("not a calendar: %q", body[:min(len(body), 80)])
	}
	lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	for _, l := range lines {
		if len(l) > 75 || strings.Contains(l, "\n") {
			t.Errorf("bad line (%d octets): %q", len(l), l)
		}
	}
	unfolded := strings.Split(strings.ReplaceAll(strings.TrimSuffix(body, "\r\n"), "\r\n ", ""), "\r\n")
	events := map[string]map[string]string{}
	var cur map[string]string
	for _, l := range unfolded {
		switch {
		case l == "BEGIN:VEVENT":
			cur = map[string]string{}
		case l == "END:VEVENT":
			if _, dup := events[cur["UID"]]; dup {
				t.Errorf("UID %s twice", cur["UID"])
			}
			events[cur["UID"]] = cur
			cur = nil
		case cur != nil:
			k, v, _ := strings.Cut(l, ":")
			cur[k] = v
		}
	}
	for uid, want := range map[string]string{
		"cross_border_bus_lines.pinggu.2024-12@pjsx": "20250120",
		"cross_border_bus_lines.pinggu.2025-01@pjsx": "20250220",
		"cross_border_bus_lines.sanhe.2024-11@pjsx":  "20241220",
		"cross_border_bus_lines.sanhe.2024-12@pjsx":  "20250120",
		"cross_border_bus_lines.sanhe.2025-01@pjsx":  "20250220",
	} {
		ev, ok := events[uid]
		if !ok {
			t.Errorf("no event %s", uid)
			continue
		}
		if ev["DTSTART;VALUE=DATE"] != want || ev["DTSTAMP"] == "" || !strings.HasPrefix(ev["SUMMARY"], "报送截止") {
			t.Errorf("%s: %v", uid, ev)
		}
	}
	if _, ok := events["cross_border_bus_lines.jizhou.2024-12@pjsx"]; ok {
		t.Error("jizhou owes a metric scoped to pinggu and sanhe")
	}
	if again := get(t, ts, "/calendar.ics?lang=zh"); again.Body != body {
		t.Error("the feed changed between two requests on one day")
	}
	if bad := get(t, ts, "/calendar.ics?lang=fr"); bad.Code != http.StatusBadRequest {
		t.Errorf("lang=fr = %d", bad.Code)
	}
}

// TestDueDaysInTheAdminForm: an admin sets a metric's due days; a word is refused beside the field.
func TestDueDaysInTheAdminForm(t *testing.T) {
	ts, store := newSeededOn(t, "2025-01-21")
	admin := loginAs(t, ts, store, "boss2", data.RoleAdmin)
	bad := admin.post("/admin/metrics/cross_border_bus_lines/info", url.Values{"frequency": {"month"}, "due_days": {"soon"}})
	if bad.Code != http.StatusUnprocessableEntity {
		t.Fatalf("due_days=soon = %d", bad.Code)
	}
	contains(t, "refused due days", bad.Body, `id="due_days" name="due_days" inputmode="numeric" value="soon"`, "整数天数")
	if r := admin.post("/admin/metrics/cross_border_bus_lines/info", url.Values{"frequency": {"month"}, "due_days": {"600"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("due_days=600 = %d", r.Code)
	}
	ok := admin.post("/admin/metrics/cross_border_bus_lines/info", url.Values{"frequency": {"month"}, "due_days": {"40"},
		"scope_zh.pinggu": {"平谷"}, "scope_zh.sanhe": {"三河"}})
	if ok.Code != http.StatusSeeOther {
		t.Fatalf("save = %d %s", ok.Code, ok.Body)
	}
	// With 40 days December is due on 2025-02-09: Pinggu owes nothing on 2025-01-21.
	page := get(t, ts, "/calendar?lang=en")
	overdue := rowsOf(section(page.Body, `id="calendar-overdue"`, "</table>"), "cross_border_bus_lines")
	if strings.Count(overdue, "badge-overdue") != 1 || !strings.Contains(overdue, `<td data-label="Reported by">Sanhe</td><td data-label="Period">2024-11 `) {
		t.Errorf("overdue with 40 days:\n%s", overdue)
	}
	contains(t, "calendar with 40 days", page.Body, `datetime="2025-02-09"`)
}

// section is the part of body from the first from to the next to after it ("" if none).
func section(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], to)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

// rowsOf keeps the lines of html that mention s.
func rowsOf(html, s string) string {
	var out []string
	for _, l := range strings.Split(html, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestOverdueOnCardsAndMetricPage: the overview's key-figure card of a metric with an overdue
// figure carries the 逾期 badge, and the metric page lists each reporting place's standing.
func TestOverdueOnCardsAndMetricPage(t *testing.T) {
	ts, _ := newSeededOn(t, "2025-01-21")
	home := get(t, ts, "/?lang=zh")
	card := section(home.Body, `href="/metrics/cross_border_bus_lines?lang=zh"`, "</a>")
	if card == "" {
		t.Fatal("no key-figure card of cross_border_bus_lines")
	}
	contains(t, "card", card, `<span class="badge badge-overdue" title="平谷区、三河市">已逾期 2 期</span>`)
	page := get(t, ts, "/metrics/cross_border_bus_lines?lang=en")
	status := section(page.Body, `class="due-status"`, "</section>")
	contains(t, "metric page", status, "<b>Pinggu</b>: Latest figure 2024-11 <span class=\"badge badge-overdue\">1 period overdue</span> · next 2025-01 (due <time datetime=\"2025-02-20\">",
		"<b>Sanhe</b>: Latest figure 2024-10 <span class=\"badge badge-overdue\">2 periods overdue</span>")
	// A day earlier than December's due date nobody owes December: only Sanhe's November is late.
	ts2, _ := newSeededOn(t, "2025-01-19")
	home = get(t, ts2, "/?lang=zh")
	contains(t, "card a day before", section(home.Body, `href="/metrics/cross_border_bus_lines?lang=zh"`, "</a>"),
		`title="三河市">已逾期 1 期</span>`)
	page = get(t, ts2, "/metrics/cross_border_bus_lines?lang=zh")
	contains(t, "metric page a day before", section(page.Body, `class="due-status"`, "</section>"), "<b>平谷区</b>: 最新数据 2024-11 · 按时")
}

// TestPacingOnTheMetricPage: on 2023-07-02 the joint station-structure figure of 2023-06-30 (19 %)
// against the 2023 year-end plan of 38 % is 50 % done with 50.1 % of the year gone: on pace.
func TestPacingOnTheMetricPage(t *testing.T) {
	ts, store := newSeededOn(t, "2023-07-02")
	if _, err := datatest.SaveFigure(context.Background(), store, data.FigureInput{Metric: "rail22_station_structure",
		Period: "2023-06-30", Value: 19, Source: "s"}); err != nil {
		t.Fatal(err)
	}
	page := get(t, ts, "/metrics/rail22_station_structure?lang=zh")
	contains(t, "pacing", section(page.Body, `class="pacing"`, "</section>"), "年度目标进度",
		"时间进度 50.1%,完成 50.0%,与时间同步(相差 0.1 个百分点)")
	en := get(t, ts, "/metrics/rail22_station_structure?lang=en")
	contains(t, "pacing en", en.Body, "50.1% of the year gone, 50.0% done: on pace (0.1 points apart)")
	// No target for 2025: no pacing.
	ts2, _ := newSeededOn(t, "2025-07-02")
	if p := get(t, ts2, "/metrics/rail22_station_structure?lang=zh"); strings.Contains(p.Body, `class="pacing"`) {
		t.Error("pacing without a target this year")
	}
}

// A yearly figure kept only from history (Jizhou's visitors of 2006) owes more periods than a
// badge should count: it says since when nothing came (not "19 periods overdue"), while a figure
// two years behind still counts them.
func TestLongOverdueSaysSinceWhen(t *testing.T) {
	ts, _ := newSeededOn(t, "2026-11-30")
	page := get(t, ts, "/metrics/jizhou_annual_visitors?lang=en").Body
	contains(t, "history-only metric", page, `<span class="badge badge-overdue">nothing since 2006</span>`)
	if strings.Contains(page, "19 periods overdue") {
		t.Error("a figure of 2006 is counted 19 periods overdue")
	}
	cal := section(get(t, ts, "/calendar?lang=zh").Body, `id="calendar-overdue"`, "</table>")
	contains(t, "calendar zh", cal, "2006 后无新数据", "已逾期 2 期")
	contains(t, "two years behind", get(t, ts, "/metrics/pjsx_gdp_share_primary?lang=en").Body, "2 periods overdue")
}
