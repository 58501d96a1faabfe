package dashboard_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	stdimage "image"
	_ "image/png"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestDataCSVHasBOMAndThePageRows(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/data/rail22_station_structure.csv")
	if r.Code != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s", r.Code, r.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(r.Body, "\ufeff") {
		t.Fatalf("CSV must start with the UTF-8 BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"指标代码", "指标", "地区代码", "地区名称", "时期", "数值", "限定", "单位", "来源", "备注"},
		{"rail22_station_structure", "22号线车站主体结构完成", "sanhe", "三河市", "2025-05-10", "60", "", "%", "新京报,2025-05-10:河北段车站主体结构完成60%", "河北段口径"},
	}
	// The Hebei section's three dated figures (2025-02-21, 02-28, 05-10), then the whole line.
	if len(recs) != 5 || !slices.Equal(recs[0], want[0]) || !slices.Equal(recs[3], want[1]) || recs[1][4] != "2025-02-21" {
		t.Fatalf("CSV rows:\n%q\nwant the header, two earlier Hebei rows, then\n%q", recs, want[1])
	}
	if recs[4][2] != "" || recs[4][3] != "四地合计" || recs[4][5] != "38.3" {
		t.Errorf("joint row: %q", recs[4])
	}
	// The page's filters apply.
	r = get(t, ts, "/data/rail22_station_structure.csv"+q("regions", "joint", "lang", "en"))
	recs, _ = csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
	if len(recs) != 2 || recs[0][0] != "Metric code" || recs[1][3] != "Four places together" {
		t.Errorf("regions=joint&lang=en: %q", recs)
	}
}

func TestDataXLSXReadsBackWithFrozenHeaderAndSources(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/data/cross_border_bus_lines.xlsx")
	if r.Code != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("%d %s", r.Code, r.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][6] != "限定" || rows[0][7] != "单位" || rows[0][8] != "来源" || rows[1][2] != "pinggu" ||
		rows[1][5] != "8" || rows[1][7] != "条" || !strings.Contains(rows[1][8], "8条跨省公交线路") {
		t.Fatalf("rows: %q", rows)
	}
	if typ, _ := f.GetCellType(sheet, "F2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("the value must be a number, got cell type %v", typ)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row must stay frozen: %+v %v", panes, err)
	}
}

func TestChartCardsLinkTheirDownloads(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/metrics/cross_border_bus_lines"+q("regions", "pinggu", "from", "2020"))
	contains(t, "metric page", r.Body, `class="chart-downloads"`,
		`href="/charts/cross_border_bus_lines.png?`+"from=2020-01-01&amp;lang=zh&amp;regions=pinggu"+`" download`,
		`href="/charts/cross_border_bus_lines.svg?`, `href="/data/cross_border_bus_lines.csv?`, `href="/data/cross_border_bus_lines.xlsx?`,
		`href="/export?metrics=cross_border_bus_lines&amp;`)
	// The toolbox's save button downloads the server's PNG of the same view at scale 2 (with its
	// sources, as-of date and any demo watermark), not ECharts' canvas snapshot.
	// (On a page with a chart: the bus lines' one figure is a card.)
	r = get(t, ts, "/metrics/rail22_station_structure"+q("regions", "sanhe", "from", "2020"))
	png := "/charts/rail22_station_structure.png?from=2020-01-01&lang=zh&regions=sanhe&scale=2"
	contains(t, "toolbox", r.Body, `"myDownload":{`, `"url":"`+strings.ReplaceAll(png, "&", `\u0026`)+`"`,
		`"file":"rail22_station_structure.png"`)
	if strings.Contains(r.Body, `"saveAsImage"`) {
		t.Error("the canvas snapshot is still offered")
	}
	img := get(t, ts, png)
	cfg, _, err := stdimage.DecodeConfig(strings.NewReader(img.Body))
	if img.Code != http.StatusOK || err != nil || cfg.Width != 2*960 || cfg.Height != 2*540 {
		t.Errorf("%s: %d, %dx%d, %v", png, img.Code, cfg.Width, cfg.Height, err)
	}
}

func TestBriefingPackHoldsWhatWasPicked(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/export/pack.zip"+q("metrics", "cross_border_bus_lines", "metrics", "rail22_station_structure",
		"width", "640", "height", "360", "lang", "zh"))
	if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("%d %s %s", r.Code, r.Header.Get("Content-Type"), r.Body[:min(len(r.Body), 300)])
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	files := map[string][]byte{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, _ := f.Open()
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	slices.Sort(names)
	want := []string{"README.txt", "cross_border_bus_lines.png", "cross_border_bus_lines.svg", "data.xlsx",
		"rail22_station_structure.png", "rail22_station_structure.svg"}
	if !slices.Equal(names, want) {
		t.Fatalf("ZIP holds %q, want %q", names, want)
	}
	x, err := excelize.OpenReader(bytes.NewReader(files["data.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetList()[0])
	if len(rows) != 1+1+4 || rows[1][0] != "cross_border_bus_lines" || rows[5][0] != "rail22_station_structure" {
		t.Errorf("xlsx rows: %q", rows)
	}
	svgTexts(t, string(files["rail22_station_structure.svg"]))
	// The README says what each chart is, where its figures come from, and how to cite it.
	contains(t, "README.txt", string(files["README.txt"]), "1. 跨省公交线路 (cross_border_bus_lines)",
		"单位：条", "来源：新京报,2025-05-10:河北段车站主体结构完成60%",
		"截至2025年5月10日，三河市22号线车站主体结构完成为60%", "目标为100%，已完成38.3%",
		"引用：平蓟三兴协同发展数据看板：《22号线车站主体结构完成》，数据截至2025年5月10日。/metrics/rail22_station_structure?lang=zh（访问日期：", "\r\n")
}

func TestExportPageAndPrintView(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/export"+q("metrics", "cross_border_bus_lines", "regions", "pinggu"))
	if r.Code != http.StatusOK {
		t.Fatalf("/export = %d", r.Code)
	}
	contains(t, "export page", r.Body, `action="/export/pack.zip"`, `formaction="/export/print"`,
		`name="metrics" value="cross_border_bus_lines" checked`, `name="metrics" value="joint_meetings">`,
		`name="regions" value="pinggu" checked`, `name="width"`, `name="scale"`)
	if strings.Contains(r.Body, "<script>") {
		t.Errorf("no inline scripts")
	}
	r = get(t, ts, "/export/print"+q("metrics", "cross_border_bus_lines,rail22_station_structure", "lang", "en"))
	if r.Code != http.StatusOK {
		t.Fatalf("/export/print = %d", r.Code)
	}
	contains(t, "print view", r.Body, "@page { size: A4", `<img src="/charts/cross_border_bus_lines.png?lang=en&amp;width=900&amp;height=420&amp;scale=2"`,
		`<img src="/charts/rail22_station_structure.png?`, "Line 22 station main structures done", `id="chart-rail22_station_structure-table"`)
	if n := strings.Count(r.Body, `class="print-chart"`); n != 2 {
		t.Errorf("print view has %d charts, want 2", n)
	}
}
