package dashboard_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
)

var (
	chartCardRe = regexp.MustCompile(`(?s)<figure class="chart-card" id="([^"]+)-card"[^>]*>(.*?)</figure>`)
	islandRe    = regexp.MustCompile(`(?s)<script type="application/json" id="[^"]+">(.*?)</script>`)
	pngLinkRe   = regexp.MustCompile(`href="(/charts/[^"]+\.png\?[^"]*)"`)
	svgLinkRe   = regexp.MustCompile(`href="(/charts/[^"]+\.svg\?[^"]*)"`)
)

// TestEveryChartLinkServesItsImage follows the PNG and SVG links of every chart on the overview,
// a metric page with all four views and a category page: each answers, the PNG decodes at the
// default size, the SVG is well-formed and carries the title of the chart on the page.
func TestEveryChartLinkServesItsImage(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, tc := range []struct {
		page      string
		minCharts int
		want      []string // links that must be among them
	}{
		// The overview draws Line 22 over time for the places with two or more dates; the bus
		// lines' and workstations' one figure each are key figures, not charts.
		{"/?lang=zh", 1, []string{"/charts/rail22_progress.png?lang=zh&regions=sanhe"}},
		{"/?lang=en", 1, []string{"/charts/rail22_progress.png?lang=en&regions=sanhe"}},
		{"/metrics/rail22_station_structure?lang=zh", 4, []string{
			"/charts/rail22_station_structure.png?lang=zh",
			"/charts/rail22_station_structure.png?lang=zh&view=compare",
			"/charts/rail22_station_structure.png?lang=zh&view=latest",
			"/charts/rail22_station_structure.png?lang=zh&view=progress"}},
		{"/metrics/rail22_station_structure" + q("lang", "en", "regions", "sanhe,joint", "granularity", "year"), 4, []string{
			"/charts/rail22_station_structure.png?granularity=year&lang=en&regions=sanhe%2Cjoint&view=latest"}},
		{"/categories/transport?lang=zh", 5, []string{"/charts/rail22_station_structure.png?lang=zh"}},
	} {
		t.Run(tc.page, func(t *testing.T) {
			r := get(t, ts, tc.page)
			if r.Code != http.StatusOK {
				t.Fatalf("%d", r.Code)
			}
			var cards [][]string // the whole cards: a preview's is fetched as the page's script does
			for _, card := range chartCardRe.FindAllStringSubmatch(withCards(t, ts, r.Body), -1) {
				if !strings.Contains(card[0], "data-rest=") {
					cards = append(cards, card)
				}
			}
			if len(cards) < tc.minCharts {
				t.Fatalf("%d charts, want at least %d", len(cards), tc.minCharts)
			}
			var links []string
			for _, card := range cards {
				id, block := card[1], card[2]
				island := islandRe.FindStringSubmatch(block)
				pngs, svgs := pngLinkRe.FindStringSubmatch(block), svgLinkRe.FindStringSubmatch(block)
				if island == nil || pngs == nil || svgs == nil {
					t.Errorf("%s: a chart without its PNG and SVG links", id)
					continue
				}
				var v struct {
					Option struct {
						Title struct {
							Text string `json:"text"`
						} `json:"title"`
					} `json:"option"`
				}
				if err := json.Unmarshal([]byte(island[1]), &v); err != nil || v.Option.Title.Text == "" {
					t.Fatalf("%s: data island without a title: %v", id, err)
				}
				pngURL, svgURL := html.UnescapeString(pngs[1]), html.UnescapeString(svgs[1])
				links = append(links, pngURL)

				img := get(t, ts, pngURL)
				if img.Code != http.StatusOK || img.Header.Get("Content-Type") != "image/png" {
					t.Fatalf("%s %s: %d %s %s", id, pngURL, img.Code, img.Header.Get("Content-Type"), img.Body)
				}
				cfg, err := png.DecodeConfig(strings.NewReader(img.Body))
				if err != nil || cfg.Width != 960 || cfg.Height != 540 {
					t.Errorf("%s %s: PNG %d×%d, %v", id, pngURL, cfg.Width, cfg.Height, err)
				}
				svg := get(t, ts, svgURL)
				if svg.Code != http.StatusOK || svg.Header.Get("Content-Type") != "image/svg+xml" {
					t.Fatalf("%s %s: %d %s", id, svgURL, svg.Code, svg.Body)
				}
				texts, _ := svgTexts(t, svg.Body)
				if !contains1(texts, v.Option.Title.Text) {
					t.Errorf("%s %s: SVG lacks the page's title %q", id, svgURL, v.Option.Title.Text)
				}
				if dir := os.Getenv("PJSX_WRITE_IMAGES"); dir != "" {
					name := strings.NewReplacer("/charts/", "", ".png?", "_", "&", "_", "=", "-", "%2C", ",").Replace(pngURL) + ".png"
					os.WriteFile(filepath.Join(dir, name), []byte(img.Body), 0o644)
				}
			}
			for _, w := range tc.want {
				if !contains1(links, w) {
					t.Errorf("no link %s among %q", w, links)
				}
			}
		})
	}
}

func contains1(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestChartViewParameter: view picks the chart; a bad one, or progress for a metric without it,
// is a 400 naming view; the data download of a view lists what the view shows.
func TestChartViewParameter(t *testing.T) {
	ts, store := newSeeded(t)
	saveFigures(t, store,
		data.FigureInput{Metric: "cross_border_bus_lines", Region: "pinggu", Period: "2023", Value: 3},
		data.FigureInput{Metric: "cross_border_bus_lines", Region: "pinggu", Period: "2024", Value: 5},
		data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2024", Value: 2},
		data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2025", Value: 4},
		data.FigureInput{Metric: "cross_border_bus_lines", Region: "jizhou", Period: "2025", Value: 1})
	for _, tc := range []struct {
		path string
		code int
	}{
		{"/charts/rail22_station_structure.svg" + q("view", "over_time"), 200},
		{"/charts/cross_border_bus_lines.svg" + q("view", "compare", "granularity", "year"), 200},
		{"/charts/cross_border_bus_lines.png" + q("view", "latest", "lang", "en"), 200},
		{"/charts/rail22_station_structure.png" + q("view", "progress", "scale", "2"), 200},
		{"/data/rail22_station_structure.xlsx" + q("view", "progress"), 200},
		{"/charts/cross_border_bus_lines.png" + q("view", "progress"), 400},
		{"/data/cross_border_bus_lines.csv" + q("view", "progress"), 400},
		{"/charts/cross_border_bus_lines.svg" + q("view", "pie"), 400},
		{"/data/cross_border_bus_lines.csv" + q("view", "<b>"), 400},
		{"/charts/rail22_progress.png" + q("view", "latest"), 400},
		{"/charts/rail22_progress.svg" + q("regions", "sanhe", "lang", "en"), 200},
		{"/metrics/cross_border_bus_lines" + q("view", "nope"), 400},
	} {
		r := get(t, ts, tc.path)
		if r.Code != tc.code {
			t.Errorf("%s: %d, want %d (%s)", tc.path, r.Code, tc.code, r.Body)
		}
		if tc.code == 400 && !strings.Contains(r.Body, "view") {
			t.Errorf("%s: the 400 does not name view: %s", tc.path, r.Body)
		}
	}

	// A flow (not cumulative) compares as stacked bars, with gaps where a region has no figure.
	if err := store.AddMetric(context.Background(), data.Actor{Name: "admin"}, data.Metric{Code: "test_flow",
		Category: "transport", NameZh: "客流", NameEn: "Riders", UnitZh: "人次", UnitEn: "trips", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
	saveFigures(t, store,
		data.FigureInput{Metric: "test_flow", Region: "pinggu", Period: "2024-Q1", Value: 120},
		data.FigureInput{Metric: "test_flow", Region: "pinggu", Period: "2024-Q2", Value: 80},
		data.FigureInput{Metric: "test_flow", Region: "sanhe", Period: "2024-Q2", Value: 90},
		data.FigureInput{Metric: "test_flow", Region: "xinglong", Period: "2024-Q3", Value: 30})
	for _, format := range []string{"png", "svg"} {
		if r := get(t, ts, "/charts/test_flow."+format+q("view", "compare")); r.Code != 200 {
			t.Errorf("stacked %s: %d %s", format, r.Code, r.Body)
		}
	}
	texts, _ := svgTexts(t, get(t, ts, "/charts/test_flow.svg"+q("view", "compare")).Body)
	if !contains1(texts, "200") { // 80 + 90 in 2024-Q2: the axis must pass 170
		t.Errorf("the stacked axis stops below the highest stack: %q", texts)
	}
	if dir := os.Getenv("PJSX_WRITE_IMAGES"); dir != "" {
		os.WriteFile(filepath.Join(dir, "stacked.png"), []byte(get(t, ts, "/charts/test_flow.png"+q("view", "compare")).Body), 0o644)
		for _, v := range []string{"over_time", "compare", "latest"} {
			for _, lang := range []string{"zh", "en"} {
				os.WriteFile(filepath.Join(dir, "bus_"+v+"_"+lang+".png"),
					[]byte(get(t, ts, "/charts/cross_border_bus_lines.png"+q("view", v, "lang", lang)).Body), 0o644)
			}
		}
		os.WriteFile(filepath.Join(dir, "progress.png"),
			[]byte(get(t, ts, "/charts/rail22_station_structure.png"+q("view", "progress", "scale", "2")).Body), 0o644)
	}

	rows := func(path string) [][]string {
		t.Helper()
		r := get(t, ts, path)
		if r.Code != 200 {
			t.Fatalf("%s: %d %s", path, r.Code, r.Body)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs[1:]
	}
	if !equalRows(rows("/data/rail22_station_structure.csv"+q("view", "progress")),
		rows("/data/rail22_station_structure.csv"+q("view", "latest"))) {
		t.Errorf("progress lists other figures than latest")
	}
	all := rows("/data/cross_border_bus_lines.csv")
	latest := rows("/data/cross_border_bus_lines.csv" + q("view", "latest"))
	if !equalRows(rows("/data/cross_border_bus_lines.csv"+q("view", "compare")), all) {
		t.Errorf("compare lists other figures than over_time")
	}
	regions := map[string]bool{}
	for _, r := range all {
		regions[r[2]] = true
	}
	if len(latest) != len(regions) || len(latest) >= len(all) {
		t.Errorf("latest: %d rows for %d regions (%d figures)", len(latest), len(regions), len(all))
	}
	rail := rows("/data/rail22_progress.csv")
	metrics := map[string]bool{}
	for _, r := range rail {
		metrics[r[0]] = true
		if strings.Contains(r[3], "·") {
			t.Errorf("rail22_progress row names its region %q", r[3])
		}
	}
	if len(metrics) < 2 || !metrics["rail22_station_structure"] {
		t.Errorf("rail22_progress data has metrics %v", metrics)
	}
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

// TestNavLinksToTheBriefingPack: every page's navigation leads to /export, in its language.
func TestNavLinksToTheBriefingPack(t *testing.T) {
	ts, _ := newSeeded(t)
	contains(t, "zh nav", get(t, ts, "/metrics/cross_border_bus_lines?lang=zh").Body, `<a href="/export?lang=zh">导出简报</a>`)
	contains(t, "en nav", get(t, ts, "/?lang=en").Body, `<a href="/export?lang=en">Briefing pack</a>`)
	if r := get(t, ts, "/export?lang=zh"); r.Code != http.StatusOK {
		t.Errorf("/export: %d", r.Code)
	}
}

// TestImagesListTheMilestones: the milestones the page marks on the time axis are in the image's
// footer, under the sources, within the filters, on at most two lines.
func TestImagesListTheMilestones(t *testing.T) {
	ts, store := newSeeded(t)
	footer := func(path string) (milestones []string, all string) {
		t.Helper()
		r := get(t, ts, path)
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, r.Code, r.Body)
		}
		texts, _ := svgTexts(t, r.Body)
		sources := -1
		for i, s := range texts {
			if strings.HasPrefix(s, "数据来源: ") || strings.HasPrefix(s, "Sources: ") {
				sources = i
			}
			if strings.HasPrefix(s, "大事记: ") || strings.HasPrefix(s, "Milestones: ") {
				if sources < 0 || i-sources > 3 {
					t.Errorf("%s: milestones not right under the (at most 3) source lines: %q", path, texts)
				}
				return texts[i : len(texts)-2], strings.Join(texts, "\n") // the last two: the provenance
			}
		}
		return nil, strings.Join(texts, "\n")
	}
	// The page's time axis runs over whole years around the figures (2024–2026 here): the 2021
	// milestone is off it, on the page and in the image.
	m, _ := footer("/charts/rail22_station_structure.svg")
	contains(t, "zh milestones", strings.Join(m, ""), "大事记: 1 2024-01-31 “平谷区—蓟州—兴隆”公交专线试运行", "4 2024-12 承平高速河北段通车")
	if strings.Contains(strings.Join(m, ""), "2021-06-26") {
		t.Errorf("a milestone off the time axis is listed: %q", m)
	}
	m, _ = footer("/charts/rail22_station_structure.svg" + q("lang", "en", "from", "2024-02"))
	contains(t, "en milestones", strings.Join(m, ""), "Milestones: 1 by 2024-02-26 Chengping", "3 2024-12 Chengping Expressway Hebei section opens")
	if strings.Contains(strings.Join(m, ""), "2024-01-31") {
		t.Errorf("a milestone before from=2024-02 is listed: %q", m)
	}
	m, _ = footer("/charts/rail22_station_structure.svg" + q("width", "300", "height", "400"))
	if len(m) != 2 || !strings.HasSuffix(m[1], "…") {
		t.Errorf("a long list must be cut to two lines ending in …: %q", m)
	}
	if m, _ := footer("/charts/rail22_station_structure.svg" + q("view", "latest")); m != nil {
		t.Errorf("bars have no time axis and no milestones: %q", m)
	}
	if m, all := footer("/charts/medical_expert_workstations.svg"); m != nil || strings.Contains(all, "大事记") {
		t.Errorf("a category without milestones lists %q", m)
	}
	// A milestone title is staff text: drawn as it was typed, never as markup.
	evil := `</text><script>alert(1)</script>&"'`
	if _, err := store.AddEvent(context.Background(), data.Actor{Name: "admin"}, data.EventInput{Date: "2025-03",
		TitleZh: "恶意" + evil, TitleEn: "evil" + evil, Category: "transport", Source: "t"}); err != nil {
		t.Fatal(err)
	}
	r := get(t, ts, "/charts/rail22_station_structure.svg"+q("width", "1600"))
	texts, elements := svgTexts(t, r.Body)
	if elements["script"] {
		t.Errorf("a milestone title made a <script> element")
	}
	contains(t, "escaped milestone", strings.Join(texts, ""), "2025-03 恶意"+evil)
	if dir := os.Getenv("PJSX_WRITE_IMAGES"); dir != "" {
		os.WriteFile(filepath.Join(dir, "milestones.png"), []byte(get(t, ts, "/charts/rail22_station_structure.png").Body), 0o644)
		os.WriteFile(filepath.Join(dir, "milestones-narrow.png"), []byte(get(t, ts, "/charts/rail22_station_structure.png"+q("width", "400", "height", "400", "lang", "en")).Body), 0o644)
	}
}

// saveFigures enters figures with a test source, failing the test on any error.
func saveFigures(t *testing.T, store *data.Store, figures ...data.FigureInput) {
	t.Helper()
	for _, f := range figures {
		f.Source, f.By = "测试来源", "t"
		if _, err := datatest.SaveFigure(context.Background(), store, f); err != nil {
			t.Fatal(err)
		}
	}
}
