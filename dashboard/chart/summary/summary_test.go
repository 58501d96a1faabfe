package summary

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func bus(points ...Point) Input {
	return Input{NameZh: "跨省公交线路", NameEn: "Cross-province bus lines", UnitZh: "条", UnitEn: "lines",
		Kind: Cumulative, ScopeZh: "平谷区", ScopeEn: "Pinggu", Points: points}
}

// TestSentenceGolden holds every case of the summary sentence to a reviewed text, Chinese and
// English: go test ./dashboard/chart/summary -update rewrites the files for review in the diff.
func TestSentenceGolden(t *testing.T) {
	services := func(points ...Point) Input {
		return Input{NameZh: "跨省通办事项办理量", NameEn: "Cross-province services handled", UnitZh: "件",
			UnitEn: "cases", Kind: Flow, ScopeZh: "三河市", ScopeEn: "Sanhe", Points: points}
	}
	cases := []struct {
		name string
		in   Input
	}{
		{"one_figure", bus(Point{Period: "2024", End: day("2024-12-31"), Value: 8, Text: "8", Source: "北京日报 2024-12-20"})},
		{"two_figures", bus(
			Point{Period: "2023", End: day("2023-12-31"), Value: 6, Source: "平谷区政府工作报告 2024"},
			Point{Period: "2024", End: day("2024-12-31"), Value: 8, Source: "北京日报 2024-12-20"})},
		{"target_pacing", func() Input {
			in := bus(Point{Period: "2025-06", End: day("2025-06-30"), Value: 9, Source: "平谷区交通局"})
			in.Target, in.AsOf = &Target{Value: 16, Date: day("2025-12-31")}, day("2025-07-15")
			return in
		}()},
		{"target_met", func() Input {
			in := bus(Point{Period: "2024", End: day("2024-12-31"), Value: 8, Source: "北京日报"})
			in.Target, in.AsOf = &Target{Value: 8, Date: day("2024-12-31")}, day("2025-01-10")
			return in
		}()},
		{"target_undated", func() Input {
			in := Input{NameZh: "22号线车站主体结构完成", NameEn: "Line 22 station main structures done", UnitZh: "%", UnitEn: "%",
				Decimals: 1, Kind: Level, ScopeZh: "平蓟三兴四地", ScopeEn: "the four places together",
				Points: []Point{{Period: "2024-02-26", End: day("2024-02-26"), Value: 38.3, Text: "38.3", Source: "China Daily, 2024-02-26"}}}
			in.Target, in.AsOf = &Target{Value: 100}, day("2026-11-30")
			return in
		}()},
		{"flow_year_on_year", services(
			Point{Period: "2023-Q2", End: day("2023-06-30"), Value: 1000, Source: "三河市政务服务局"},
			Point{Period: "2024-Q1", End: day("2024-03-31"), Value: 1100, Source: "三河市政务服务局"},
			Point{Period: "2024-Q2", End: day("2024-06-30"), Value: 1250, Source: "三河市政务服务局"})},
		{"lower_bound", bus(
			Point{Period: "2023", End: day("2023-12-31"), Value: 6, Source: "平谷区政府工作报告 2024"},
			Point{Period: "2024", End: day("2024-12-31"), Value: 8, Qualifier: LowerBound, Source: "新华网 2024-11-02"})},
		{"approx", func() Input {
			in := services(Point{Period: "2023", End: day("2023-12-31"), Value: 4000, Qualifier: Approx, Source: "三河日报"},
				Point{Period: "2024", End: day("2024-12-31"), Value: 5200, Source: "三河市政务服务局"})
			return in
		}()},
		{"partial_period", services(
			Point{Period: "2023", End: day("2023-12-31"), Value: 4800, Source: "三河市政务服务局"},
			Point{Period: "2024", End: day("2024-12-31"), Value: 2600, Partial: true, Source: "三河市政务服务局"})},
		// A unit in 10,000s reads as English numbers of visits, the change and the target too;
		// Chinese keeps 万人次 as entered.
		{"visits_in_10000s", func() Input {
			in := Input{NameZh: "蓟州全年接待游客", NameEn: "Jizhou annual visitors", UnitZh: "万人次", UnitEn: "10,000 visits",
				Decimals: 1, Kind: Flow, ScopeZh: "蓟州区", ScopeEn: "Jizhou", Points: []Point{
					{Period: "2023", End: day("2023-12-31"), Value: 235.5, Text: "235.5", Source: "天津日报"},
					{Period: "2024", End: day("2024-12-31"), Value: 264.1, Text: "264.1", Qualifier: Approx, Source: "蓟州区政府"}}}
			in.Target, in.AsOf = &Target{Value: 1200, Date: day("2025-12-31")}, day("2025-01-10")
			return in
		}()},
		{"level_percent", Input{NameZh: "森林覆盖率", NameEn: "Forest cover", UnitZh: "%", UnitEn: "%", Decimals: 1,
			Kind: Level, ScopeZh: "兴隆县", ScopeEn: "Xinglong", Points: []Point{
				{Period: "2022", End: day("2022-12-31"), Value: 70.2, Text: "70.2", Source: "兴隆县统计公报 2022"},
				{Period: "2023", End: day("2023-12-31"), Value: 71, Text: "71", Source: "兴隆县统计公报 2023"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := "zh: " + Sentence(tc.in, "zh") + "\nen: " + Sentence(tc.in, "en") + "\n"
			golden(t, tc.name, got)
		})
	}
}

func TestSentenceWithoutFiguresIsEmpty(t *testing.T) {
	if s := Sentence(bus(), "zh"); s != "" {
		t.Errorf("no figures: %q", s)
	}
}

func TestCitationGolden(t *testing.T) {
	c := Cite{MetricZh: "跨省公交线路", MetricEn: "Cross-province bus lines", AsOf: day("2024-12-31"),
		Permalink: "https://pjsx.example.cn/metrics/cross_border_bus_lines?regions=pinggu", Accessed: day("2026-11-30")}
	golden(t, "citation", "zh: "+Citation(c, "zh")+"\nen: "+Citation(c, "en")+"\n")
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// A metric's name inside an English sentence loses its capital unless it is an acronym, a
// proper name ("Line 22") or begins with a place.
func TestNameInsideASentence(t *testing.T) {
	for in, want := range map[string]string{
		"Cross-province bus lines":            "cross-province bus lines",
		"Line 22 route length as reported":    "Line 22 route length as reported",
		"PJSX GDP share, primary sector":      "PJSX GDP share, primary sector",
		"Jizhou annual visitors":              "Jizhou annual visitors",
		"Tianjin Port–Mafang sea-rail trains": "Tianjin Port–Mafang sea-rail trains",
		"Beijing-origin projects":             "Beijing-origin projects",
		"Sanheyuan trains":                    "sanheyuan trains",
		"Xinglong tourism revenue, 14th FYP":  "Xinglong tourism revenue, 14th FYP",
		"Abandoned mines restored":            "abandoned mines restored",
	} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
