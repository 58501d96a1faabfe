package dashboard_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"pjsx/dashboard/briefing/briefingtest"
	"pjsx/data"
)

func TestBriefingPDFHoldsEachChartsSentence(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/export/briefing.pdf"+q("metrics", "cross_border_bus_lines,rail22_station_structure", "lang", "zh"))
	if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("%d %s %s", r.Code, r.Header.Get("Content-Type"), r.Body[:min(len(r.Body), 300)])
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="pjsx-briefing.pdf"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	text := briefingtest.PDFText(t, []byte(r.Body))
	today := time.Now().In(time.FixedZone("", 8*3600)).Format("2006-01-02")
	for _, want := range []string{"平蓟三兴协同发展简报", "生成日期：" + today, "数据截至：2025-05-10",
		"截至2024年，平谷区跨省公交线路累计8条（来源：《平谷区奋力书写京津冀协同发展新篇章!》",
		"截至2025年5月10日，三河市22号线车站主体结构完成为60%，与2025年2月28日持平",
		"截至2024年2月26日，平蓟三兴四地22号线车站主体结构完成为38.3%",
		"目标为100%，已完成38.3%。", "来源：新京报,2025-05-10:河北段车站主体结构完成60%", "第1页，共3页", "第3页，共3页"} {
		if !strings.Contains(text, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}

func TestBriefingDOCXParsesBackWithItsSentences(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/export/briefing.docx"+q("metrics", "cross_border_bus_lines", "metrics", "rail22_station_structure",
		"lang", "en", "regions", "sanhe,joint"))
	if r.Code != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "wordprocessingml") {
		t.Fatalf("%d %s %s", r.Code, r.Header.Get("Content-Type"), r.Body[:min(len(r.Body), 300)])
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	images := 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/media/") {
			images++
		}
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			doc, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if images != 2 {
		t.Errorf("%d images, want one per chart (2)", images)
	}
	paras := briefingtest.Paragraphs(t, doc)
	all := strings.Join(paras, "\n")
	for _, want := range []string{"Ping-Ji-San-Xing collaboration briefing", "Places: Sanhe, Four places together",
		"As of 10 May 2025, Line 22 station main structures done in Sanhe stood at 60%, unchanged from 28 February 2025",
		"As of 26 February 2024, Line 22 station main structures done in the four places together stood at 38.3% (source: China Daily, 2024-02-26: station main structures 38.3 percent complete). The target is 100%; 38.3% reached.",
		"Data as of: 2025-05-10", "No figures in this selection.",
		"Link: /metrics/rail22_station_structure?lang=en&regions=sanhe,joint"} {
		if !strings.Contains(all, want) {
			t.Errorf("no paragraph holds %q:\n%s", want, all)
		}
	}
	// Pinggu's bus lines are filtered out: sanhe and joint only.
	if strings.Contains(all, "in Pinggu") {
		t.Errorf("the regions filter was not applied:\n%s", all)
	}
}

func TestBriefingRefusesBadInput(t *testing.T) {
	ts, _ := newSeeded(t)
	today := time.Now().In(time.FixedZone("", 8*3600))
	for _, format := range []string{"pdf", "docx"} {
		path := "/export/briefing." + format
		for _, tc := range []struct{ query, param string }{
			{"", ""}, // nothing picked: the form again (TestExportFormShownAgainWhenNothingPicked)
			{q("metrics", "nope"), "metrics"},
			{q("metrics", "cross_border_bus_lines", "asof", "2024-13-01"), "asof"},
			{q("metrics", "cross_border_bus_lines", "asof", "2024"), "asof"},
			{q("metrics", "cross_border_bus_lines", "asof", today.AddDate(0, 0, 30).Format("2006-01-02")), "asof"},
			{q("metrics", "cross_border_bus_lines", "regions", "beijing"), "regions"},
			{q("metrics", "cross_border_bus_lines", "lang", "fr"), "lang"},
			{q("metrics", "cross_border_bus_lines", "from", "soon"), "from"},
		} {
			r := get(t, ts, path+tc.query)
			if r.Code != http.StatusBadRequest {
				t.Errorf("%s%s = %d, want 400", path, tc.query, r.Code)
				continue
			}
			if tc.param != "" && !strings.Contains(r.Body, tc.param+":") {
				t.Errorf("%s%s: the message does not name %q", path, tc.query, tc.param)
			}
		}
		// Today and a past day are asof days a briefing can show, and it says so on the cover.
		for _, day := range []time.Time{today, today.AddDate(0, 0, -30)} {
			r := get(t, ts, path+q("metrics", "cross_border_bus_lines", "asof", day.Format("2006-01-02")))
			if r.Code != http.StatusOK {
				t.Errorf("%s asof=%s = %d", path, day.Format("2006-01-02"), r.Code)
			}
		}
	}
}

func TestExportPageOffersTheBriefings(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/export"+q("metrics", "cross_border_bus_lines"))
	contains(t, "export page", r.Body, `formaction="/export/briefing.pdf"`, `formaction="/export/briefing.docx"`,
		"下载 PDF 简报", "下载 Word 简报")
}

// TestBriefingSentenceMarksAPeriodNotOver: this year has not ended (until its last day is over),
// so its figure is called partial.
func TestBriefingSentenceMarksAPeriodNotOver(t *testing.T) {
	ts, store := newSeeded(t)
	now := time.Now().In(time.FixedZone("", 8*3600))
	year := now.Year()
	if _, err := store.AddFigure(context.Background(), data.Actor{Name: "test"}, data.FigureInput{Metric: "joint_meetings",
		Period: strconv.Itoa(year), Value: 12, Source: "test"}); err != nil {
		t.Fatal(err)
	}
	r := get(t, ts, "/export/briefing.pdf"+q("metrics", "joint_meetings", "regions", "joint"))
	if r.Code != http.StatusOK {
		t.Fatalf("%d", r.Code)
	}
	text := briefingtest.PDFText(t, []byte(r.Body))
	want := "截至" + strconv.Itoa(year) + "年（部分期间），平蓟三兴四地多层级联席会议累计12次"
	if !strings.Contains(text, want) {
		t.Errorf("the PDF lacks %q:\n%s", want, text)
	}
}
