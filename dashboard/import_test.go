package dashboard_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

func (sc *staffClient) upload(name string, body []byte) response {
	sc.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("csrf", sc.csrf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(body)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, sc.ts.URL+"/edit/import", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return sc.do(req)
}

var draftField = regexp.MustCompile(`name="draft" value="([^"]+)"`)

const goodCSV = "指标,地区,时期,数值,来源,备注\n" +
	"cross_border_bus_lines,三河市,2023,4,三河交通局,\n" +
	"cross_border_bus_lines,pinggu,2023,5,平谷交通局,首次\n" +
	"joint_meetings,四地,2024,9,{same},{note}\n"

func xlsxOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportEveryEncodingPreviewThenCommit(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	joint := current(t, store, "joint_meetings", "", "2024")
	csv := strings.NewReplacer("{same}", `"`+strings.ReplaceAll(joint.Source, `"`, `""`)+`"`, "{note}", joint.Note).Replace(goodCSV)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	files := []struct {
		name string
		body []byte
	}{
		{"utf8.csv", []byte(csv)},
		{"bom.csv", append([]byte("\ufeff"), csv...)},
		{"gbk.csv", []byte(gbk)},
		{"book.xlsx", xlsxOf(t, [][]any{
			{"metric", "region", "period", "value", "source", "note"},
			{"cross_border_bus_lines", "sanhe", 2023, 4, "三河交通局", ""},
			{"跨省公交线路", "平谷区", "2023", 5, "平谷交通局", "首次"},
			{"joint_meetings", "joint", 2024, 9, joint.Source, joint.Note},
		})},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			before := version(t, store)
			r := ed.upload(f.name, f.body)
			if r.Code != http.StatusOK {
				t.Fatalf("preview = %d: %s", r.Code, r.Body)
			}
			contains(t, f.name, r.Body, `id="count-new">2<`, `id="count-unchanged">1<`, `id="count-bad">0<`, "三河交通局")
			if v := version(t, store); v != before { // the draft is a quiet write
				t.Errorf("the preview wrote figures (version %d → %d)", before, v)
			}
			m := draftField.FindStringSubmatch(r.Body)
			if m == nil {
				t.Fatal("no commit form")
			}
			if r := ed.post("/edit/import/commit", url.Values{"draft": {m[1]}}); r.Code != http.StatusSeeOther {
				t.Fatalf("commit = %d: %s", r.Code, r.Body)
			}
			if o := current(t, store, "cross_border_bus_lines", "pinggu", "2023"); o.Value != 5 || o.Note != "首次" || o.Source != "平谷交通局" {
				t.Errorf("imported %+v", o)
			}
			// Undo by deleting, so the next encoding imports as new again.
			for _, region := range []string{"sanhe", "pinggu"} {
				o := current(t, store, "cross_border_bus_lines", region, "2023")
				if err := store.RemoveFigure(context.Background(), data.Actor{Name: "test"}, o.ID, "reset"); err != nil {
					t.Fatal(err)
				}
			}
			if r := ed.post("/edit/import/commit", url.Values{"draft": {m[1]}}); r.Code != http.StatusUnprocessableEntity {
				t.Errorf("a second commit of the same draft = %d", r.Code)
			}
		})
	}
}

func TestImportBadRowsCommitNothing(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "sanhe-clerk", data.RoleEditor, "sanhe")
	csv := "metric,region,period,value,source,note\n" +
		"cross_border_bus_lines,sanhe,2023,4,ok,\n" +
		"cross_border_bus_lines,sanhe,2022,2.5,ok,\n" +
		"cross_border_bus_lines,pinggu,2023,4,ok,\n" +
		"nope,sanhe,2023,1,ok,\n" +
		"cross_border_bus_lines,sanhe,2199,1,ok,\n" +
		"cross_border_bus_lines,sanhe,2021,NaN,,\n" +
		"cross_border_bus_lines,sanhe,2023,5,dup,\n" +
		"cross_border_bus_lines,mars,2020,1,ok,\n"
	before := version(t, store)
	r := ed.upload("bad.csv", []byte(csv))
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("preview with bad rows = %d", r.Code)
	}
	for _, want := range []string{
		"<td>3</td><td>value</td><td>计数须为零或正整数",
		"<td>4</td><td>region</td><td>您无权修改该地区的数据",
		"<td>5</td><td>metric</td><td>指标不存在",
		"<td>6</td><td>period</td><td>时期不能在将来",
		"<td>7</td><td>value</td><td>数值须为有限的数",
		"<td>7</td><td>source</td><td>来源为必填项",
		"<td>8</td><td>period</td><td>与第2行的指标、地区和时期重复",
		"<td>9</td><td>region</td><td>未知地区“mars”",
		`id="count-bad">8<`, "全部未导入",
	} {
		contains(t, "bad rows", r.Body, want)
	}
	if draftField.MatchString(r.Body) {
		t.Error("a preview with bad rows offers to commit")
	}
	if v := version(t, store); v != before {
		t.Errorf("a refused import wrote (version %d → %d)", before, v)
	}
	// All or nothing at commit time too: the data layer refuses the whole set in one transaction.
	rows, err := data.ParseImportFile("bad.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := store.ImportFigures(context.Background(), data.Actor{Name: "t"}, rows, func(string) bool { return true }, true)
	if err != data.ErrImportRefused || rep.Committed {
		t.Errorf("commit of bad rows: %v", err)
	}
	if _, err := store.CurrentFigure(context.Background(), "cross_border_bus_lines", "sanhe", "2023"); err != data.ErrNotFound {
		t.Errorf("the good row of a refused file was written: %v", err)
	}
}

func TestImportFileLimits(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	many := &strings.Builder{}
	many.WriteString("metric,region,period,value,source\n")
	for i := 0; i <= data.MaxImportRows; i++ {
		many.WriteString("joint_meetings,,2024,1,s\n")
	}
	cases := []struct {
		name, file string
		body       []byte
		want       string
	}{
		{"empty", "e.csv", []byte(" \n"), "文件为空"},
		{"header only", "h.csv", []byte("metric,region,period,value,source\n"), "文件只有表头,没有数据行"},
		{"unknown column", "u.csv", []byte("metric,region,period,value,source,colour\nx,,2024,1,s,red\n"), "未知列“colour”"},
		{"missing column", "m.csv", []byte("metric,period,value\nx,2024,1\n"), "缺少列:地区 region、来源 source"},
		{"old xls", "old.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0}, make([]byte, 64)...), "不支持旧版 .xls 文件"},
		{"not a spreadsheet", "pic.xlsx", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "文件不是有效的 XLSX"},
		{"binary", "x.csv", []byte("a,b\x00\x00c"), "文件不是 CSV 或 XLSX"},
		{"too many rows", "big.csv", []byte(many.String()), fmt.Sprintf("数据超过 %d 行", data.MaxImportRows)},
		{"too large", "huge.csv", bytes.Repeat([]byte("a"), data.MaxImportBytes+1),
			fmt.Sprintf("文件超过 %d MB", data.MaxImportBytes>>20)},
		{"far too large", "huger.csv", bytes.Repeat([]byte("a"), data.MaxImportBytes+100<<10),
			fmt.Sprintf("导入文件上限 %d MB", data.MaxImportBytes>>20)},
	}
	for _, c := range cases {
		r := ed.upload(c.file, c.body)
		if r.Code != http.StatusUnprocessableEntity && r.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: status %d", c.name, r.Code)
		}
		contains(t, c.name, r.Body, c.want)
	}
	if r := ed.post("/edit/import", url.Values{}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "请选择要上传的文件") {
		t.Errorf("no file = %d", r.Code)
	}
	// The templates download in both formats and read back as valid, empty import files.
	for _, path := range []string{"/edit/import/template.csv", "/edit/import/template.xlsx"} {
		r := ed.get(path)
		if r.Code != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s = %d", path, r.Code)
		}
		_, err := data.ParseImportFile(path, []byte(r.Body))
		if fe, ok := err.(*data.ImportFileError); !ok || !strings.Contains(fe.Msg, "没有数据行") {
			t.Errorf("%s does not read back as an empty import file: %v", path, err)
		}
	}
}

// An admin's import of an export that carries a metric the database lacks previews the new
// metric and creates it with its figures; an editor's import of the same file is refused.
func TestAdminImportCreatesTheMetricsAFileCarries(t *testing.T) {
	ctx := context.Background()
	other := datatest.NewStore(t)
	if _, err := seed.Load(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := other.AddMetric(ctx, data.Actor{Name: "a"}, data.Metric{Code: "new_parks", Category: "transport",
		NameZh: "新公园", NameEn: "New parks", UnitZh: "个", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.AddFigure(ctx, data.Actor{Name: "t"}, data.FigureInput{Metric: "new_parks", Region: "sanhe", Period: "2023", Value: 4, Source: "s", By: "t"}); err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if _, err := other.ExportFigures(ctx, &file, data.FormatXLSX); err != nil {
		t.Fatal(err)
	}
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "clerk", data.RoleEditor)
	if r := ed.upload("export.xlsx", file.Bytes()); r.Code != http.StatusUnprocessableEntity || strings.Contains(r.Body, `id="import-new-metrics"`) {
		t.Errorf("an editor's upload of a file with a new metric = %d", r.Code)
	}
	root := loginAs(t, ts, store, "root", data.RoleAdmin)
	r := root.upload("export.xlsx", file.Bytes())
	if r.Code != http.StatusOK {
		t.Fatalf("the admin's preview = %d", r.Code)
	}
	contains(t, "admin preview", r.Body, `id="import-new-metrics"`, "<code>new_parks</code>")
	if _, err := store.Metric(ctx, "new_parks"); err == nil {
		t.Fatal("the preview created the metric")
	}
	m := draftField.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no draft to commit")
	}
	if r := root.post("/edit/import/commit", url.Values{"draft": {m[1]}}); r.Code != http.StatusSeeOther {
		t.Fatalf("commit = %d", r.Code)
	}
	if o := current(t, store, "new_parks", "sanhe", "2023"); o.Value != 4 {
		t.Errorf("the new metric's figure: %+v", o)
	}
}
