// Package briefing writes a briefing, the charts a writer picked with their sentences, tables and
// sources, as a PDF (drawn with fpdf and the embedded Noto Sans SC) and as a Word document (a
// small OOXML writer: no Go library for .docx is maintained enough to depend on). Both take the
// same Doc, so the two files always say the same; the package knows nothing of HTTP or the store.
package briefing

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Doc is one briefing. Texts arrive translated: Lang only sets the document's language tags.
type Doc struct {
	Title     string
	Subtitle  string // the filters it was made with, in words; "" for none
	Lang      string // zh or en
	MadeAt    time.Time
	AsOf      string // the data's as-of date (数据截至) or the asked asof, YYYY-MM-DD
	Permalink string // the export page of this selection
	Watermark string // demo data: printed on every page; "" for real data
	Labels    Labels
	Sections  []Section
}

// Labels are the fixed words of the layout, in the document's language.
type Labels struct {
	MadeAt   string // 生成日期
	AsOf     string // 数据截至
	Contents string // 目录
	Sources  string // 来源
	Link     string // 链接
	Page     string // "第 %d 页，共 %s 页" style: a %d for the page and a %s for the page count
	Trimmed  string // "仅列最近 %d 行（共 %d 行）" style: rows shown, rows in all
	NoData   string // said in place of the sentences of a chart without figures
}

// label writes "label：text" in Chinese, "label: text" in English.
func (d Doc) label(label, text string) string {
	if d.Lang == "en" {
		return label + ": " + text
	}
	return label + "：" + text
}

// sentences are a section's sentences, or the no-data line.
func (d Doc) sentences(s Section) []string {
	if len(s.Sentences) == 0 && d.Labels.NoData != "" {
		return []string{d.Labels.NoData}
	}
	return s.Sentences
}

// Section is one chart.
type Section struct {
	Title     string
	Sentences []string // the summary sentences, one per series (region) of the chart
	PNG       []byte   // the chart image; nil for none
	Header    []string
	Rows      [][]string // oldest first; the briefing shows the newest MaxRows
	Sources   []string
	Link      string // the chart's own page
}

// MaxRows is how many rows of a chart's table a briefing shows: the newest, so the table stays
// on the chart's page; the whole table is in the XLSX.
const MaxRows = 12

// shownRows are the newest MaxRows rows.
func (s Section) shownRows() [][]string {
	if len(s.Rows) > MaxRows {
		return s.Rows[len(s.Rows)-MaxRows:]
	}
	return s.Rows
}

func (d Doc) trimmedNote(s Section) string {
	if len(s.Rows) <= MaxRows || d.Labels.Trimmed == "" {
		return ""
	}
	return fmt.Sprintf(d.Labels.Trimmed, MaxRows, len(s.Rows))
}

// columnShares splits a table's width between its columns by the widest text of each (a CJK
// character counting double, a long text counting as 40), so a long source gets room and a year
// does not, and a place's name is not cut for a source's sake; no column gets less than a tenth
// or more than half.
func columnShares(header []string, rows [][]string) []float64 {
	n := len(header)
	widths := make([]float64, n)
	for _, row := range append([][]string{header}, rows...) {
		for i := 0; i < n && i < len(row); i++ {
			widths[i] = max(widths[i], float64(displayWidth(row[i])))
		}
	}
	total := 0.0
	for i := range widths {
		widths[i] = min(max(widths[i], 4), 40)
		total += widths[i]
	}
	for i := range widths {
		widths[i] = min(max(widths[i]/total, 0.1), 0.5)
	}
	total = 0
	for _, w := range widths {
		total += w
	}
	for i := range widths {
		widths[i] /= total
	}
	return widths
}

func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && utf8.RuneLen(r) >= 3 {
			w += 2
		} else {
			w++
		}
	}
	return w
}
