package briefing

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"pjsx/dashboard/briefing/briefingtest"
	"pjsx/templates"
)

func testPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1800, 840))
	for x := range 1800 {
		for y := range 840 {
			img.Set(x, y, color.RGBA{uint8(x / 8), uint8(y / 4), 200, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var zhLabels = Labels{MadeAt: "生成日期", AsOf: "数据截至", Contents: "目录", Sources: "来源", Link: "链接",
	Page: "第 %d 页，共 %s 页", Trimmed: "仅列最近 %d 行（共 %d 行），完整数据见 Excel。"}

func testDoc(t testing.TB, sections int) Doc {
	d := Doc{Title: "平蓟三兴协同发展简报", Subtitle: "地区：平谷区、三河市", Lang: "zh",
		MadeAt: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), AsOf: "2024-12-31",
		Permalink: "/export?metrics=cross_border_bus_lines", Labels: zhLabels}
	pic := testPNG(t)
	names := []string{"跨省公交线路", "跨省通办事项", "森林覆盖率"}
	for i := range sections {
		s := Section{Title: names[i%3], PNG: pic,
			Sentences: []string{"截至2024年，平谷区" + names[i%3] + "累计8条，比2023年（6条）增加2条，增长33.3%（来源：北京日报 2024-12-20）。",
				"As of 2024, cross-province bus lines in Pinggu totalled 8 lines (source: Beijing Daily)."},
			Header:  []string{"地区", "时期", "数值", "单位", "来源"},
			Sources: []string{"北京日报 2024-12-20", "平谷区政府工作报告 2024"}, Link: "/metrics/x"}
		for y := 2004; y <= 2024; y++ {
			s.Rows = append(s.Rows, []string{"平谷区", strconv.Itoa(y), strconv.Itoa(y - 2000), "条",
				"一个很长很长的来源名称，长到一行放不下也不会压住别的格子 " + strconv.Itoa(y)})
		}
		d.Sections = append(d.Sections, s)
	}
	return d
}

func squash(s string) string { return strings.ReplaceAll(s, " ", "") }

func TestPDFHoldsTheChineseSentences(t *testing.T) {
	d := testDoc(t, 2)
	d.Watermark = "演示数据 · 不得用于报告"
	pdf, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	text := briefingtest.PDFText(t, pdf)
	for _, want := range []string{d.Title, d.Sections[0].Sentences[1], "生成日期：2026-11-30", "数据截至：2024-12-31", d.Sections[0].Sentences[0],
		d.Sections[1].Sentences[0], "来源：北京日报2024-12-20", "第1页，共3页", "第3页，共3页", "仅列最近12行（共21行）", "演示数据"} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	// The table shows the newest rows only: 2024 is in it, 2004 is not.
	if !strings.Contains(text, "20条") || strings.Contains(text, "平谷区20044条") {
		t.Errorf("the table is not the newest %d rows:\n%s", MaxRows, text)
	}
	if d.Sections[0].Rows[0][4] != "" && strings.Contains(text, squash(d.Sections[0].Rows[20][4])) {
		t.Errorf("a source too long for its cell was not cut")
	}
}

// docxParts reads the parts of a .docx back.
func docxParts(t *testing.T, docx []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return parts
}

func TestDOCXParsesBackWithItsSentences(t *testing.T) {
	d := testDoc(t, 2)
	d.Sections[1].Sentences[0] = `含 <b>&"引号"</b> 的句子`
	docx, err := DOCX(d)
	if err != nil {
		t.Fatal(err)
	}
	parts := docxParts(t, docx)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/_rels/document.xml.rels", "word/footer1.xml", "docProps/core.xml", "word/media/chart1.png", "word/media/chart2.png"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("the docx lacks %s", name)
			continue
		}
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			if err := xml.Unmarshal(parts[name], new(struct{})); err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
			}
		}
	}
	paras := briefingtest.Paragraphs(t, parts["word/document.xml"])
	for _, want := range []string{d.Title, d.Sections[0].Sentences[0], d.Sections[1].Sentences[0], "生成日期：2026-11-30",
		"数据截至：2024-12-31", "来源：北京日报 2024-12-20"} {
		found := false
		for _, p := range paras {
			found = found || p == want
		}
		if !found {
			t.Errorf("no paragraph reads %q", want)
		}
	}
	if !bytes.Equal(parts["word/media/chart1.png"], d.Sections[0].PNG) {
		t.Error("the chart image was not embedded as it was given")
	}
	if !strings.Contains(string(parts["word/document.xml"]), `descr="`+esc(d.Sections[0].Sentences[0])) {
		t.Error("the chart's alt text is not its sentence")
	}
	if !strings.Contains(string(parts["word/styles.xml"]), `w:eastAsia="宋体"`) {
		t.Error("the styles set no East Asian font")
	}
}

// TestDOCXConvertsWithLibreOffice is the one LibreOffice conversion of the test run (it is slow
// to start): the document opens, and the PDF it makes holds the sentences.
func TestDOCXConvertsWithLibreOffice(t *testing.T) {
	soffice := briefingtest.Tool(t, "soffice", "libreoffice")
	d := testDoc(t, 2)
	docx, err := DOCX(d)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "briefing.docx")
	if err := os.WriteFile(in, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "briefing.pdf"))
	if err != nil {
		t.Fatalf("LibreOffice made no PDF: %v", err)
	}
	if os.Getenv("BRIEFING_KEEP") != "" {
		_ = os.WriteFile(os.Getenv("BRIEFING_KEEP"), pdf, 0o644)
	}
	text := briefingtest.PDFText(t, pdf)
	// Word wraps long table cells, so the page count depends on the reader's fonts: only the
	// footer's form is asserted.
	for _, want := range []string{d.Title, d.Sections[0].Sentences[0], d.Sections[1].Sentences[0], "第1页，共"} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("LibreOffice's PDF lacks %q:\n%s", want, text)
		}
	}
}

// TestWrapLinesKeepsEveryCharacter: wrapped Chinese and English text loses nothing (fpdf's own
// MultiCell drops the character at each break), fits the width and starts no line with a comma.
func TestWrapLinesKeepsEveryCharacter(t *testing.T) {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(fontName, "", templates.Font)
	p.SetFont(fontName, "", 11)
	for _, text := range []string{
		"截至2024年，平谷区跨省公交线路累计8条，比2023年（6条）增加2条，增长33.3%（来源：北京日报 2024-12-20；平谷区政府工作报告 2024）。2025年底目标为16条，已完成56.2%，时间进度53.7%。",
		"As of 2024, cross-province bus lines in Pinggu totalled 8 lines, up 2 lines or 33.3% from 6 lines in 2023 (sources: 北京日报 2024-12-20; 平谷区政府工作报告 2024).",
		"https://pjsx.example.cn/export?metrics=cross_border_bus_lines,rail22_station_structure,medical_workstations&regions=pinggu,sanhe",
	} {
		for _, width := range []float64{40, 63, 90, 121, textW} {
			lines := wrapLines(p, text, width)
			if got := strings.ReplaceAll(strings.Join(lines, ""), " ", ""); got != strings.ReplaceAll(text, " ", "") {
				t.Errorf("width %v: wrapping changed the text:\n got %s\nwant %s", width, got, text)
			}
			for _, l := range lines {
				if w := p.GetStringWidth(l); w > width+0.01 {
					t.Errorf("width %v: line %q is %.1f mm wide", width, l, w)
				}
				if strings.HasPrefix(l, "，") || strings.HasPrefix(l, "。") || strings.HasPrefix(l, "）") {
					t.Errorf("width %v: line starts with closing punctuation: %q", width, l)
				}
				if strings.HasSuffix(l, "（") || strings.HasSuffix(l, "《") {
					t.Errorf("width %v: line ends with an opening mark: %q", width, l)
				}
			}
			if len(lines) < 2 && width < 90 {
				t.Errorf("width %v: nothing was wrapped", width)
			}
		}
	}
}

// TestTextFromStaffNeverBreaksAFile: names and sources are typed by staff; an emoji, a rare CJK
// character beyond the Basic Multilingual Plane (fpdf panics on them), a control character, PDF
// string delimiters and XML markup all give a valid PDF and a well-formed DOCX.
func TestTextFromStaffNeverBreaksAFile(t *testing.T) {
	d := testDoc(t, 1)
	hostile := "标题 ) ( \\ 😀 𠀀 \x00\x07 <w:p>&amp; end"
	d.Title = hostile
	d.Sections[0].Title = hostile
	d.Sections[0].Sentences = []string{"句子 " + hostile}
	d.Sections[0].Rows[20][4] = "源 " + hostile
	d.Sections[0].Sources = []string{hostile}
	pdf, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	text := briefingtest.PDFText(t, pdf)
	if want := squash("句子 标题 ) ( \\ □ □ <w:p>&amp; end"); !strings.Contains(text, want) {
		t.Errorf("the PDF lacks %q:\n%s", want, text)
	}
	docx, err := DOCX(d)
	if err != nil {
		t.Fatal(err)
	}
	parts := docxParts(t, docx)
	paras := briefingtest.Paragraphs(t, parts["word/document.xml"])
	found := false
	for _, p := range paras {
		found = found || strings.HasPrefix(p, "句子 标题 ) ( \\ 😀 𠀀 ")
	}
	if !found {
		t.Errorf("no paragraph keeps the text as typed:\n%q", paras)
	}
	if err := xml.Unmarshal(parts["docProps/core.xml"], new(struct{})); err != nil {
		t.Errorf("core.xml: %v", err)
	}
}
