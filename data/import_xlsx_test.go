package data_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

var header = []any{"指标 metric", "地区 region", "时期 period", "数值 value", "来源 source", "备注 note"}

// workbook builds an XLSX file: sheets in order, each a list of rows.
func workbook(t testing.TB, sheets ...sheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			cellName, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.name, cellName, &row); err != nil {
				t.Fatal(err)
			}
		}
		for cellName, format := range sh.formats {
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(sh.name, cellName, cellName, style); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type sheetSpec struct {
	name    string
	rows    [][]any
	formats map[string]string // cell → number format
}

func TestXLSXPercentAndMonthCellsReadAsTheyAreMeant(t *testing.T) {
	body := workbook(t, sheetSpec{name: "数据", rows: [][]any{header,
		{"rail22_pinggu_progress", "joint", "2024-Q2", 0.605, "s", ""},
		{"cross_border_bus_lines", "sanhe", 45444, 12, "s", ""}, // 45444 is 2024-06-01
		{"cross_border_bus_lines", "sanhe", 45444, 12, "s", ""},
	}, formats: map[string]string{"D2": "0%", "C3": "yyyy-mm", "C4": "yyyy/m/d"}})
	rows, err := data.ParseImportFile("f.xlsx", body)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Value != "60.5%" {
		t.Errorf("0.605 shown as 61%% reads %q, want 60.5%%", rows[0].Value)
	}
	if rows[1].Period != "2024-06" {
		t.Errorf("a date formatted yyyy-mm reads %q, want the month 2024-06", rows[1].Period)
	}
	if rows[2].Period != "2024-06-01" {
		t.Errorf("a date formatted as a day reads %q, want 2024-06-01", rows[2].Period)
	}
	if rows[0].Sheet != "数据" || rows[0].Line != 2 {
		t.Errorf("row names sheet %q line %d", rows[0].Sheet, rows[0].Line)
	}
}

func TestXLSXEverySheetWithAHeaderIsRead(t *testing.T) {
	body := workbook(t,
		sheetSpec{name: "说明", rows: [][]any{{"填写说明:每行一个数据"}, {"时期写作 2024 或 2024-06"}}},
		sheetSpec{name: "2023", rows: [][]any{header, {"cross_border_bus_lines", "sanhe", "2023", 3, "s", ""}}},
		sheetSpec{name: "2024", rows: [][]any{{"2024年数据(标题行)"}, {}, header, {"cross_border_bus_lines", "sanhe", "2024", 4, "s", ""}}},
	)
	f, err := data.ParseImport("f.xlsx", body)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 2 || f.Rows[0].Sheet != "2023" || f.Rows[1].Sheet != "2024" || f.Rows[1].Line != 4 {
		t.Fatalf("rows %+v", f.Rows)
	}
	if len(f.SkippedSheets) != 1 || f.SkippedSheets[0] != "说明" {
		t.Errorf("skipped %q, want the instructions sheet", f.SkippedSheets)
	}
	// A message about a sheet names it.
	bad := workbook(t,
		sheetSpec{name: "说明", rows: [][]any{{"填写说明"}}},
		sheetSpec{name: "数据", rows: [][]any{{"指标", "地区", "时期", "数值", "来源", "颜色"}, {"x", "", "2024", 1, "s", "red"}}},
	)
	_, err = data.ParseImport("f.xlsx", bad)
	var ferr *data.ImportFileError
	if !errors.As(err, &ferr) || !strings.Contains(ferr.Msg, "工作表“数据”第1行") || !strings.Contains(ferr.Msg, "未知列“颜色”") ||
		!strings.Contains(ferr.Msg, "指标 metric、地区 region") {
		t.Errorf("unknown column in the second sheet: %v", err)
	}
	// No sheet with a header: the message says what a header is and names the sheets.
	_, err = data.ParseImport("f.xlsx", workbook(t, sheetSpec{name: "说明", rows: [][]any{{"填写说明"}}}))
	if !errors.As(err, &ferr) || !strings.Contains(ferr.Msg, "“说明”") || !strings.Contains(ferr.Msg, "表头") {
		t.Errorf("no header anywhere: %v", err)
	}
}

func TestCSVHeaderBelowATitleAndRowsCountedAsRecords(t *testing.T) {
	csv := "2024年数据\n" +
		"metric,region,period,value,source,note\n" +
		"cross_border_bus_lines,sanhe,2022,1,s,\"two\r\nlines\"\n" +
		"cross_border_bus_lines,sanhe,2023,2,s,\"three\nlines\nhere\"\n" +
		"\n" +
		"cross_border_bus_lines,sanhe,2024,3,s,\n"
	rows, err := data.ParseImportFile("f.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if fmt.Sprint(lines) != "[3 4 6]" {
		t.Errorf("rows numbered %v, want [3 4 6] as a spreadsheet shows them", lines)
	}
	if rows[0].Note != "two\nlines" {
		t.Errorf("a note's CRLF reads %q, want LF", rows[0].Note)
	}
	_, err = data.ParseImportFile("f.csv", []byte("a title\nanother line\n"))
	var ferr *data.ImportFileError
	if !errors.As(err, &ferr) || !strings.Contains(ferr.Msg, "找不到表头行") || !strings.Contains(ferr.Msg, "第1行是“a title”") {
		t.Errorf("no header: %v", err)
	}
}

// bomb is an XLSX file whose sheet holds rows rows of data: a few MB that unpack to far more.
func bomb(t testing.TB, rows int, rowXML func(i int) string) []byte {
	t.Helper()
	small := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{header}})
	zr, err := zip.NewReader(bytes.NewReader(small), int64(len(small)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>metric</t></is></c><c r="B1" t="inlineStr"><is><t>region</t></is></c><c r="C1" t="inlineStr"><is><t>period</t></is></c><c r="D1" t="inlineStr"><is><t>value</t></is></c><c r="E1" t="inlineStr"><is><t>source</t></is></c></row>`)
			for i := 2; i < rows+2; i++ {
				io.WriteString(w, rowXML(i))
			}
			io.WriteString(w, `</sheetData></worksheet>`)
			continue
		}
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	zw.Close()
	return out.Bytes()
}

func TestXLSXBombsAreRefusedAtTheRowLimit(t *testing.T) {
	cases := map[string][]byte{
		// Two million rows: streamed, and refused at the row limit.
		"two million rows": bomb(t, 2_000_000, func(int) string {
			return `<row><c t="inlineStr"><is><t>x</t></is></c><c/><c/><c><v>2</v></c><c t="inlineStr"><is><t>s</t></is></c></row>`
		}),
		// Half a million: within the unzip limit, so streamed and stopped at the row limit.
		"half a million rows": bomb(t, 500_000, func(int) string {
			return `<row><c t="inlineStr"><is><t>x</t></is></c><c/><c/><c><v>2</v></c><c t="inlineStr"><is><t>s</t></is></c></row>`
		}),
		// One row numbered past the format's last row.
		"a row too far": bomb(t, 1, func(int) string { return `<row r="2000000"><c r="A2000000"><v>1</v></c></row>` }),
	}
	for name, body := range cases {
		t.Logf("%s: %d KB", name, len(body)>>10)
		_, err := data.ParseImportFile("bomb.xlsx", body)
		var ferr *data.ImportFileError
		if !errors.As(err, &ferr) || !(strings.Contains(ferr.Msg, "数据超过") || strings.Contains(ferr.Msg, "解压后超过")) {
			t.Errorf("%s: %v", name, err)
		}
		t.Logf("%s: %v", name, err)
	}
}

func TestChinesePeriodsAreRead(t *testing.T) {
	for in, want := range map[string]string{
		"2024年": "2024-01-01 year", "２０２４年": "2024-01-01 year", "2024年6月": "2024-06-01 month", "2024年06月": "2024-06-01 month",
		"2024年第二季度": "2024-04-01 quarter", "2024年二季度": "2024-04-01 quarter", "2024年第4季度": "2024-10-01 quarter",
		"2024年Q3": "2024-07-01 quarter", "2024年6月5日": "2024-06-05 day", "2024 年 6 月": "2024-06-01 month",
	} {
		day, gran, err := data.ParsePeriod(in)
		if got := day + " " + gran; err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"2024年13月", "2024年第五季度", "2024年2月30日", "24年", "2024年6"} {
		if _, _, err := data.ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
}

func TestTextRulesRefuseBidiOverridesAndPercentSignsOutOfPlace(t *testing.T) {
	for _, s := range []string{"a\u202eb", "a\u2066b\u2069", "\u202a"} {
		if msg := data.CheckText(s, 100, true); !strings.Contains(msg, "U+202A") {
			t.Errorf("CheckText(%q) = %q", s, msg)
		}
	}
	if msg := data.CheckText("平谷区统计局 (Pinggu) — 2024", 100, false); msg != "" {
		t.Errorf("plain text refused: %s", msg)
	}
	if data.CheckPercentSign("8%", data.KindCount) == "" || data.CheckPercentSign("８％", data.KindLength) == "" {
		t.Error("a percent sign accepted for a count or a length")
	}
	if data.CheckPercentSign("60%", data.KindPercent) != "" || data.CheckPercentSign("8", data.KindCount) != "" {
		t.Error("a good value refused")
	}
}

// A row that repeats one of another sheet names that sheet.
func TestRepeatAcrossSheetsNamesTheSheet(t *testing.T) {
	store := datatest.NewStore(t)
	if _, err := seed.Load(t.Context(), store); err != nil {
		t.Fatal(err)
	}
	row := []any{"cross_border_bus_lines", "sanhe", "2021", 3, "s", ""}
	f, err := data.ParseImport("f.xlsx", workbook(t,
		sheetSpec{name: "一月", rows: [][]any{header, row}},
		sheetSpec{name: "二月", rows: [][]any{header, row}}))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := store.ImportFigures(t.Context(), data.Actor{Name: "t"}, f.Rows, func(string) bool { return true }, false)
	if err != nil || len(rep.Problems) != 1 || rep.Problems[0].Sheet != "二月" ||
		!strings.Contains(rep.Problems[0].Message, "与工作表“一月”第2行") {
		t.Errorf("problems %+v (%v)", rep.Problems, err)
	}
}
