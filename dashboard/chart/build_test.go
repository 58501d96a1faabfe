package chart_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/data"
	"pjsx/data/datatest"
)

// seedAwkward loads figures where real data is awkward: a flow and a level with months missing,
// a year reported beside its months, sums that make float noise, a figure with more decimals
// than its metric shows.
func seedAwkward(t testing.TB) *data.Store {
	t.Helper()
	store := datatest.NewStore(t)
	target := 100.0
	set := data.SeedSet{Version: 1,
		Regions:    []data.Region{{Code: "pinggu", NameZh: "平谷区", NameEn: "Pinggu", Sort: 1}, {Code: "sanhe", NameZh: "三河市", NameEn: "Sanhe", Sort: 3}},
		Categories: []data.Category{{Code: "transport", NameZh: "交通互联", NameEn: "Transport"}},
		Metrics: []data.Metric{
			{Code: "riders", Category: "transport", NameZh: "乘客", NameEn: "Riders", UnitZh: "万人次", UnitEn: "10k trips", Kind: data.KindAmount, Decimals: 1},
			{Code: "lines", Category: "transport", NameZh: "线路", NameEn: "Lines", UnitZh: "条", UnitEn: "lines", Kind: data.KindCount, Cumulative: true},
			{Code: "done", Category: "transport", NameZh: "完成", NameEn: "Done", UnitZh: "%", UnitEn: "%", Kind: data.KindPercent, Cumulative: true, Decimals: 1, Target: &target, TargetDate: "2026-12-31"},
		},
		Events: []data.EventInput{
			{Date: "2019-05-01", TitleZh: "早", TitleEn: "Early", Category: "transport", Source: "s", By: "t"},
			{Date: "2020-02", TitleZh: "开通", TitleEn: "Opens", Category: "transport", Source: "gov", By: "t"},
		},
	}
	add := func(metric, region, period string, v float64) {
		set.Figures = append(set.Figures, data.FigureInput{Metric: metric, Region: region, Period: period, Value: v,
			Source: "src " + period, By: "t"})
	}
	// riders: Q1 2020 from one month only; 2021 fully monthly with noisy sums; 2022 as a year and two months.
	add("riders", "pinggu", "2020-01", 10)
	for mo := 1; mo <= 12; mo++ {
		add("riders", "pinggu", fmt.Sprintf("2021-%02d", mo), []float64{52.3, 52.3, 52.4, 52.2, 52.3, 52.3, 52.3, 52.3, 52.3, 52.3, 52.3, 52.5}[mo-1])
	}
	add("riders", "pinggu", "2022", 600)
	add("riders", "pinggu", "2022-02", 50)
	add("riders", "pinggu", "2022-03", 51)
	// lines: 2026 January–October only; 2025 complete to December.
	add("lines", "sanhe", "2025-12", 7)
	for mo := 1; mo <= 10; mo++ {
		add("lines", "sanhe", fmt.Sprintf("2026-%02d", mo), float64(7+mo))
	}
	// done: a figure typed with more decimals than the metric shows, mixed days and years.
	add("done", "", "2023-06-03", 27)
	add("done", "", "2024", 38.3)
	add("done", "", "2024-02-26", 15.4)
	add("done", "", "2025-05-10", 0.1234567890123)
	if _, err := store.ApplySeed(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	return store
}

func build(t *testing.T, store *data.Store, name, query string) chart.Model {
	t.Helper()
	q, _ := url.ParseQuery(query)
	regions, _ := store.Regions(context.Background())
	req, err := chart.ParseRequest(name, q, regions, "zh")
	if err != nil {
		t.Fatalf("%s?%s: %v", name, query, err)
	}
	m, err := chart.Build(context.Background(), store, req)
	if err != nil {
		t.Fatalf("%s?%s: %v", name, query, err)
	}
	return m
}

// points writes a model's points as "region label=text[flags]" in order.
func points(m chart.Model) string {
	var out []string
	for _, s := range m.Series {
		for _, p := range s.Points {
			v := p.Text
			if p.Gap {
				v = "-"
			}
			if p.Partial {
				v += "(partial)"
			}
			out = append(out, s.Region+" "+p.Label+"="+v)
		}
	}
	return strings.Join(out, " ")
}

func TestAggregatesArePartialWhenTheirPeriodIsIncomplete(t *testing.T) {
	store := seedAwkward(t)
	for _, c := range []struct{ name, query, want string }{
		{"riders", "granularity=quarter&to=2020", "pinggu 2020-Q1=10(partial)"},
		{"riders", "granularity=year&from=2020&to=2021", "pinggu 2020=10(partial) pinggu 2021=627.8"},
		// The year as reported beats the sum of its months.
		{"riders", "granularity=year&from=2022", "pinggu 2022=600"},
		{"lines", "granularity=year", "sanhe 2025=7 sanhe 2026=17(partial)"},
		{"lines", "granularity=quarter&from=2026-07", "sanhe 2026-Q3=16 sanhe 2026-Q4=17(partial)"},
		// The latest view never passes a partial period off as the newest complete one.
		{"lines", "granularity=year&view=latest", "sanhe 2025=7"},
		{"lines", "granularity=quarter&view=latest", "sanhe 2026-Q3=16"},
	} {
		if got := points(build(t, store, c.name, c.query)); got != c.want {
			t.Errorf("%s?%s:\n got %s\nwant %s", c.name, c.query, got, c.want)
		}
	}
}

func TestSumsCarryNoFloatNoise(t *testing.T) {
	m := build(t, seedAwkward(t), "riders", "granularity=year&from=2021&to=2021")
	p := m.Series[0].Points[0]
	if p.Value != 627.8 || p.Text != "627.8" {
		t.Errorf("2021 = %v (%q), want 627.8", p.Value, p.Text)
	}
}

func TestRangeKeepsEveryOverlappingPeriod(t *testing.T) {
	store := seedAwkward(t)
	got := points(build(t, store, "done", "from=2024-06"))
	if !strings.Contains(got, "2024=38.3") || strings.Contains(got, "2024-02-26") {
		t.Errorf("from=2024-06 = %s, want the year 2024 and not 2024-02-26", got)
	}
	got = points(build(t, store, "riders", "from=2021-12&to=2022-01"))
	if got != "pinggu 2021-12=52.5 pinggu 2022=600" {
		t.Errorf("from=2021-12&to=2022-01 = %s", got)
	}
}

func TestFiguresKeepTheirDecimalsAndPointsAreInTimeOrder(t *testing.T) {
	m := build(t, seedAwkward(t), "done", "")
	got := points(m)
	want := "joint 2023-06-03=27 joint 2024-02-26=15.4 joint 2024=38.3 joint 2025-05-10=0.1234567890123"
	if got != want {
		t.Errorf("points\n got %s\nwant %s", got, want)
	}
	var at []string
	for _, p := range m.Series[0].Points {
		at = append(at, p.At)
	}
	if strings.Join(at, " ") != "2023-06-03 2024-02-26 2024-12-31 2025-05-10" {
		t.Errorf("a level sits at its period's end: %v", at)
	}
	if m.Series[0].Points[3].Value != 0.1234567890123 {
		t.Errorf("stored value %v not kept in full", m.Series[0].Points[3].Value)
	}
	if len(m.Targets) != 1 || m.Targets[0].Label != "目标 100% (2026-12-31)" {
		t.Errorf("targets = %+v", m.Targets)
	}
	if m.AsOf != "2025-05-10" || len(m.Sources) != 4 {
		t.Errorf("as of %q, sources %q", m.AsOf, m.Sources)
	}
}

func TestFlowsSitAtTheMiddleOfTheirPeriod(t *testing.T) {
	m := build(t, seedAwkward(t), "riders", "granularity=year&from=2021&to=2021")
	if p := m.Series[0].Points[0]; p.At != "2021-07-02" {
		t.Errorf("a flow year sits at %s, want its middle 2021-07-02", p.At)
	}
}

func TestMilestonesAreNumberedAnnotationsWithinTheSpan(t *testing.T) {
	m := build(t, seedAwkward(t), "riders", "")
	if len(m.Milestones) != 1 || m.Milestones[0].N != 1 || m.Milestones[0].Label != "2020-02" || m.Milestones[0].Source != "gov" {
		t.Errorf("milestones = %+v (span %+v)", m.Milestones, m.Span)
	}
	for _, s := range m.Series {
		if strings.Contains(s.Name, "开通") || strings.Contains(s.Name, "目标") {
			t.Errorf("an annotation became a series: %q", s.Name)
		}
	}
}

func TestMonthlyGapsAreMarkedNotInvented(t *testing.T) {
	m := build(t, seedAwkward(t), "riders", "granularity=month&from=2020-01&to=2020-12")
	if got := points(m); got != "pinggu 2020-01=10" {
		t.Errorf("one month: %s", got)
	}
	m = build(t, seedAwkward(t), "lines", "granularity=month&from=2025-10&to=2026-02")
	if got := points(m); got != "sanhe 2025-12=7 sanhe 2026-01=8 sanhe 2026-02=9" {
		t.Errorf("%s", got)
	}
}

func TestNamedChartPutsEachMetricInItsOwnSeries(t *testing.T) {
	store := seedAwkward(t)
	ctx := context.Background()
	// A named chart is catalog data: a row and its metrics, one the catalog does not hold.
	if err := store.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO named_charts (name, title_zh) VALUES ('both', '两项');
			INSERT INTO named_chart_metrics (chart, metric, sort) VALUES ('both', 'lines', 1), ('both', 'missing', 2), ('both', 'done', 3)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	regions, _ := store.Regions(ctx)
	req, _ := chart.ParseRequest("both", url.Values{}, regions, "en")
	m, err := chart.Build(ctx, store, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Series) != 2 || m.Series[0].Name != "Lines · Sanhe" || m.Series[1].Metric != "done" || m.Title != "两项" || !m.Named {
		t.Errorf("series %+v, title %q", m.Series, m.Title)
	}
	req.View = chart.ViewLatest
	if _, err := chart.Build(ctx, store, req); err == nil {
		t.Error("a named chart took the latest view")
	}
}

func TestParseRequestNamesEveryBadField(t *testing.T) {
	regions := []data.Region{{Code: "pinggu"}}
	q, _ := url.ParseQuery("regions=mars&from=2024-13&granularity=week&view=pie&lang=fr")
	_, err := chart.ParseRequest("x", q, regions, "zh")
	errs, ok := err.(chart.FieldErrors)
	if !ok || len(errs) != 5 {
		t.Fatalf("err = %v", err)
	}
	for i, want := range []string{"regions", "from", "granularity", "view", "lang"} {
		if errs[i].Param != want {
			t.Errorf("error %d names %s, want %s", i, errs[i].Param, want)
		}
	}
	q, _ = url.ParseQuery("regions=joint,pinggu&from=2024&to=2024-Q2&granularity=month&from=singlemessage")
	r, err := chart.ParseRequest("x", q, regions, "en")
	if err != nil {
		t.Fatal(err)
	}
	if r.Query() != "from=2024-01-01&granularity=month&lang=en&regions=joint%2Cpinggu&to=2024-06-30" {
		t.Errorf("query = %s", r.Query())
	}
}

func TestAReportedYearNotesWhatItsMonthsGive(t *testing.T) {
	m := build(t, seedAwkward(t), "riders", "granularity=year&from=2022")
	p := m.Series[0].Points[0]
	if p.Value != 600 || p.Aggregate || p.Finer != "101" || !p.FinerPartial {
		t.Errorf("2022 = %+v, want the reported 600 noting that its months give 101 (partial)", p)
	}
}

func TestQualifiersAreShownAndCarriedThroughAggregates(t *testing.T) {
	store := seedAwkward(t)
	ctx := context.Background()
	for _, f := range []data.FigureInput{
		{Metric: "riders", Region: "sanhe", Period: "2023-01", Value: 5, Qualifier: data.QualifierLowerBound, Source: "s", By: "t"},
		{Metric: "riders", Region: "sanhe", Period: "2023-02", Value: 6, Qualifier: data.QualifierApprox, Source: "s", By: "t"},
		{Metric: "riders", Region: "sanhe", Period: "2023-03", Value: 7, Source: "s", By: "t"},
	} {
		if _, err := datatest.SaveFigure(ctx, store, f); err != nil {
			t.Fatal(err)
		}
	}
	m := build(t, store, "riders", "regions=sanhe&from=2023&to=2023-03")
	var shown []string
	for _, p := range m.Series[0].Points {
		shown = append(shown, p.Text+"|"+p.Display)
	}
	if strings.Join(shown, " ") != "5|≥5 6|约6 7|7" {
		t.Errorf("as entered: %v", shown)
	}
	// A quarter summing an "at least" figure is at least its sum.
	p := build(t, store, "riders", "regions=sanhe&from=2023&to=2023-03&granularity=quarter&lang=en").Series[0].Points[0]
	if p.Value != 18 || !p.LowerBound || !p.Approximate || p.Display != "≥180,000" { // 18 of "10k trips", in English
		t.Errorf("2023-Q1 = %+v", p)
	}
}
