package dashboard_test

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// historyRow is a figure row of seed/HISTORY.md, as its header defines the columns.
type historyRow struct {
	line                                 int
	metric, region, period, value, flags string
	paraphrase                           string
}

// readHistory reads the figure tables of seed/HISTORY.md.
func readHistory(t *testing.T) []historyRow {
	t.Helper()
	f, err := os.Open("../seed/HISTORY.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []historyRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	inTable, n := false, 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "| metric code | region | period | value |"):
			inTable = true
			continue
		case !strings.HasPrefix(line, "|"):
			inTable = false
			continue
		case !inTable || strings.HasPrefix(line, "|---"):
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cells) != 8 {
			t.Fatalf("HISTORY.md line %d has %d cells", n, len(cells))
		}
		code := strings.Trim(strings.Fields(strings.TrimSpace(cells[0]))[0], "`")
		out = append(out, historyRow{line: n, metric: code, region: strings.TrimSpace(cells[1]),
			period: strings.TrimSpace(cells[2]), value: strings.TrimSpace(cells[3]), paraphrase: strings.TrimSpace(cells[6]),
			flags: strings.TrimSpace(cells[7])})
	}
	if len(out) < 80 {
		t.Fatalf("read only %d rows of HISTORY.md", len(out))
	}
	return out
}

var (
	historyPeriod = regexp.MustCompile(`^(≤)?(\d{4}(?:-\d{2}(?:-\d{2})?)?)`)
	historyValue  = regexp.MustCompile(`^([>≥~])?\s*([\d.,]+)`)
	historyRegion = regexp.MustCompile(`^[a-z]+`)
)

// flagged says whether the row's flags hold one of the given flags as a word.
func (r historyRow) flagged(flags ...string) bool {
	for _, w := range strings.FieldsFunc(r.flags, func(c rune) bool { return strings.ContainsRune(" ;,()", c) }) {
		if slices.Contains(flags, w) {
			return true
		}
	}
	return false
}

// TestEveryUsableHistoryRowIsInTheAPI reads seed/HISTORY.md by its header's rules: rows without
// flags and rows flagged C are seeded (one value drawn, the other a named alternative report),
// P rows are plans (targets or plans of dates), and Y?, T, context and hold rows are left out.
// Every seeded row must be a point of its series in /api/v1/metrics/{code}/series, or the
// alternative report of one; every P row a target or a planned date.
func TestEveryUsableHistoryRowIsInTheAPI(t *testing.T) {
	ts, store := newSeeded(t)
	ctx := context.Background()
	// Rows the seed leaves out on purpose, and why.
	notSeeded := map[string]string{
		"bus_line_opening ≤2019-03-12": "its opening day is not known: seeded as an “on or before” milestone only",
	}
	type point struct{ label, region string }
	series := map[string]map[point][]float64{}
	apiSeries := func(code string) map[point][]float64 {
		if s, ok := series[code]; ok {
			return s
		}
		r := get(t, ts, "/api/v1/metrics/"+code+"/series")
		if r.Code != 200 {
			t.Fatalf("%s series: %d %s", code, r.Code, r.Body)
		}
		var body struct {
			Series []struct {
				Region string `json:"region"`
				Points []struct {
					Label string  `json:"label"`
					Value float64 `json:"value"`
				} `json:"points"`
			} `json:"series"`
		}
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		s := map[point][]float64{}
		for _, sr := range body.Series {
			for _, p := range sr.Points {
				k := point{p.Label, sr.Region}
				s[k] = append(s[k], p.Value)
			}
		}
		series[code] = s
		return s
	}
	plans, err := store.DatePlans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seeded, alternatives, planned := 0, 0, 0
	perSeries := map[string]int{}
	for _, r := range readHistory(t) {
		region := historyRegion.FindString(r.region)
		pm := historyPeriod.FindStringSubmatch(r.period)
		vm := historyValue.FindStringSubmatch(r.value)
		switch {
		case region == "context" || strings.Contains(r.region, "hold") || strings.HasPrefix(r.paraphrase, "(hold") ||
			strings.HasPrefix(r.paraphrase, "(not re-found"):
			continue
		case r.flagged("Y?", "T"):
			continue
		case vm == nil:
			continue // qualitative ("基本完工"): not a number
		case pm == nil:
			t.Fatalf("HISTORY.md line %d: period %q", r.line, r.period)
		}
		want, _ := strconv.ParseFloat(strings.ReplaceAll(vm[2], ",", ""), 64)
		if why, ok := notSeeded[r.metric+" "+pm[1]+pm[2]]; ok {
			t.Logf("line %d not seeded: %s", r.line, why)
			continue
		}
		if r.flagged("P") {
			if strings.HasSuffix(r.metric, "_planned_opening") {
				found := false
				for _, p := range plans {
					for _, rep := range p.Reports {
						if p.Code == r.metric && data.FormatPeriod(rep.Reported, rep.ReportedPrecision) == pm[2] {
							found = true
						}
					}
				}
				if !found {
					t.Errorf("HISTORY.md line %d: no planned date of %s reported %s", r.line, r.metric, pm[2])
				}
			} else {
				metric := strings.TrimSuffix(r.metric, "_target")
				targets, err := store.Targets(ctx, metric)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(targets, func(x data.Target) bool {
					return x.Value == want && strings.HasPrefix(r.period, data.FormatPeriod(x.Period, x.Granularity))
				}) {
					t.Errorf("HISTORY.md line %d: no target %g of %s at %s (%+v)", r.line, want, metric, pm[2], targets)
				}
			}
			planned++
			continue
		}
		if vs := apiSeries(r.metric)[point{pm[2], region}]; slices.ContainsFunc(vs, func(v float64) bool { return math.Abs(v-want) < 1e-9 }) {
			seeded++
			perSeries[r.metric+"/"+region]++
			continue
		}
		alts, err := store.AlternativeReports(ctx, r.metric)
		if err != nil {
			t.Fatal(err)
		}
		dbRegion := region
		if region == "joint" {
			dbRegion = ""
		}
		if r.flagged("C") && slices.ContainsFunc(alts, func(a data.AlternativeReport) bool {
			return a.Region == dbRegion && a.Value == want && a.Reported == pm[2]
		}) {
			alternatives++
			continue
		}
		t.Errorf("HISTORY.md line %d: %s %s %s = %g is neither in the API series nor an alternative report",
			r.line, r.metric, region, pm[2], want)
	}
	t.Logf("%d rows drawn, %d named as other reports, %d plans", seeded, alternatives, planned)
	if perSeries["rail22_stations_capped/joint"] < 3 || perSeries["rail22_station_structure/sanhe"] < 2 {
		t.Errorf("series with three or more dated points: %v", perSeries)
	}
}

// TestEverySeededFigureIsCited: every seeded figure, milestone, other report, target and planned
// date carries its title and publication date, and its outlet unless the report names none (then
// its source says so). A title in 〔〕 describes a report whose headline the history does not give.
func TestEverySeededFigureIsCited(t *testing.T) {
	_, store := newSeeded(t)
	ctx := context.Background()
	check := func(what, source string, c data.Citation) {
		t.Helper()
		unnamed := strings.Contains(source, "未署名") || strings.HasPrefix(source, "新闻报道") ||
			strings.HasPrefix(source, "《平谷区奋力书写") // the ten-year article, read on a re-post
		if c.Title == "" || c.Date == "" || (c.Outlet == "" && !unnamed) {
			t.Errorf("%s: citation %+v (source %q)", what, c, source)
		}
		if _, _, err := data.ParsePeriod(c.Date); err != nil {
			t.Errorf("%s: publication date %q", what, c.Date)
		}
		if c.URL != "" && !strings.HasPrefix(c.URL, "http") {
			t.Errorf("%s: address %q", what, c.URL)
		}
	}
	figures, err := store.CurrentFigures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range figures {
		check(o.Metric+"/"+o.Region+"/"+o.Period, o.Source, o.Citation)
	}
	events, _ := store.Events(ctx, data.EventQuery{})
	for _, e := range events {
		check("milestone "+e.Date+" "+e.TitleEn, e.Source, e.Citation)
	}
	metrics, _ := store.Metrics(ctx)
	for _, m := range metrics {
		alts, _ := store.AlternativeReports(ctx, m.Code)
		for _, a := range alts {
			check("other report of "+m.Code, a.Source, a.Citation)
		}
		targets, _ := store.Targets(ctx, m.Code)
		for _, x := range targets {
			check("target of "+m.Code, x.Source, x.Citation)
		}
		if m.DefinitionZh == "" || m.DefinitionEn == "" {
			t.Errorf("%s has no definition", m.Code)
		}
	}
	plans, _ := store.DatePlans(ctx)
	for _, p := range plans {
		for _, r := range p.Reports {
			check("planned date of "+p.Code, r.Source, r.Citation)
		}
	}
	if len(figures) < 80 || len(events) < 45 {
		t.Errorf("only %d figures and %d milestones seeded", len(figures), len(events))
	}
}

// TestOnOrBeforeMilestonesSayIt: a milestone HISTORY.md dates "≤2016-11-03" is shown as on or
// before that day, never as the exact day.
func TestOnOrBeforeMilestonesSayIt(t *testing.T) {
	ts, _ := newSeeded(t)
	zh := get(t, ts, "/milestones", "Accept-Language", "zh-CN")
	contains(t, "milestones zh", zh.Body, "<time>2016-11-03前</time>", "<time>2016-12-23</time>")
	en := get(t, ts, "/milestones?lang=en")
	contains(t, "milestones en", en.Body, "<time>by 2016-11-03</time>")
	var body struct {
		Events []data.Event `json:"events"`
	}
	if err := json.Unmarshal([]byte(get(t, ts, "/api/v1/events").Body), &body); err != nil {
		t.Fatal(err)
	}
	before := 0
	for _, e := range body.Events {
		if e.OnOrBefore {
			before++
		}
	}
	if before != 8 {
		t.Errorf("%d milestones on or before their date in the API, want HISTORY.md's 8", before)
	}
}

// TestAPICarriesPlansTargetsBreaksAndOtherReports: the plans of dates have their own route; a
// metric's series names its targets, definition changes and the other reports beside its points,
// and each point its citation.
func TestAPICarriesPlansTargetsBreaksAndOtherReports(t *testing.T) {
	ts, _ := newSeeded(t)
	var plans struct {
		Plans []data.DatePlan `json:"plans"`
	}
	if err := json.Unmarshal([]byte(get(t, ts, "/api/v1/plans").Body), &plans); err != nil {
		t.Fatal(err)
	}
	if len(plans.Plans) != 2 || plans.Plans[0].Code != "rail22_planned_opening" || len(plans.Plans[0].Reports) != 9 ||
		plans.Plans[1].Actual != "2026-01-01" {
		t.Errorf("plans: %+v", plans.Plans)
	}
	var body struct {
		Targets      []chart.Target           `json:"targets"`
		Breaks       []data.SeriesBreak       `json:"breaks"`
		OtherReports []data.AlternativeReport `json:"other_reports"`
		Series       []struct {
			Points []struct {
				Citation data.Citation `json:"citation"`
			} `json:"points"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(get(t, ts, "/api/v1/metrics/rail22_station_structure/series").Body), &body); err != nil {
		t.Fatal(err)
	}
	// The metric's own 100 % and the year-end plan of 38 % for 2023, both drawn as reference lines.
	if !slices.ContainsFunc(body.Targets, func(x chart.Target) bool {
		return x.Value == 38 && x.Date == "2023-12-31" && x.Region == chart.JointCode
	}) ||
		len(body.OtherReports) != 1 || body.OtherReports[0].Value != 39 {
		t.Errorf("targets %+v, other reports %+v", body.Targets, body.OtherReports)
	}
	for _, s := range body.Series {
		for _, p := range s.Points {
			if p.Citation.Title == "" {
				t.Errorf("a point without its citation: %+v", body.Series)
			}
		}
	}
	if err := json.Unmarshal([]byte(get(t, ts, "/api/v1/metrics/rail22_total_investment_est/series").Body), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Breaks) != 1 || body.Breaks[0].Date != "2021-06-26" {
		t.Errorf("breaks: %+v", body.Breaks)
	}
}
