package briefing

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"pjsx/templates"
)

// A4 in millimetres, with the margins of a printed government briefing.
const (
	pageW, pageH = 210.0, 297.0
	marginX      = 20.0
	marginTop    = 18.0
	marginBottom = 20.0
	textW        = pageW - 2*marginX
	fontName     = "notosanssc"
)

var (
	ink   = [3]int{33, 37, 41}
	muted = [3]int{108, 117, 125}
	rule  = [3]int{206, 212, 218}
	shade = [3]int{241, 243, 245}
	alert = [3]int{192, 57, 43}
)

// PDF draws the briefing on A4: a cover with the title, when it was made and the data's as-of
// date, then each chart on its own page with its sentence, the newest rows of its table and its
// sources; every page numbered. fpdf embeds only the glyphs used, so the file stays small though
// the font is 10 MB.
func PDF(d Doc) ([]byte, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(marginX, marginTop, marginX)
	p.SetAutoPageBreak(true, marginBottom)
	p.AddUTF8FontFromBytes(fontName, "", templates.Font)
	p.SetTitle(drawable(d.Title), true)
	p.SetCreator("pjsx", true)
	p.SetCreationDate(d.MadeAt)
	p.SetModificationDate(d.MadeAt)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() { pdfFooter(p, d) })

	pdfCover(p, d)
	for i, s := range d.Sections {
		if err := pdfSection(p, d, i, s); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("briefing: pdf: %w", err)
	}
	return buf.Bytes(), nil
}

func textColor(p *fpdf.Fpdf, c [3]int) { p.SetTextColor(c[0], c[1], c[2]) }

func pdfFooter(p *fpdf.Fpdf, d Doc) {
	p.SetY(-marginBottom + 6)
	p.SetFont(fontName, "", 8)
	if d.Watermark != "" {
		textColor(p, alert)
		p.CellFormat(textW/2, 5, drawable(d.Watermark), "", 0, "L", false, 0, "")
		p.SetX(marginX)
	}
	textColor(p, muted)
	label := strconv.Itoa(p.PageNo()) + " / {nb}"
	if d.Labels.Page != "" {
		label = fmt.Sprintf(d.Labels.Page, p.PageNo(), "{nb}")
	}
	p.CellFormat(textW, 5, label, "", 0, "R", false, 0, "")
}

func pdfCover(p *fpdf.Fpdf, d Doc) {
	p.AddPage()
	p.SetY(70)
	textColor(p, ink)
	p.SetFont(fontName, "", 24)
	writeLines(p, d.Title, 12)
	if d.Subtitle != "" {
		p.Ln(2)
		p.SetFont(fontName, "", 12)
		textColor(p, muted)
		writeLines(p, d.Subtitle, 7)
	}
	p.Ln(6)
	p.SetDrawColor(rule[0], rule[1], rule[2])
	p.Line(marginX, p.GetY(), marginX+textW, p.GetY())
	p.Ln(6)
	p.SetFont(fontName, "", 12)
	textColor(p, ink)
	writeLines(p, d.label(d.Labels.MadeAt, d.MadeAt.Format("2006-01-02")), 7)
	if d.AsOf != "" {
		writeLines(p, d.label(d.Labels.AsOf, d.AsOf), 7)
	}
	if d.Watermark != "" {
		textColor(p, alert)
		writeLines(p, d.Watermark, 7)
		textColor(p, ink)
	}
	if len(d.Sections) > 0 {
		p.Ln(8)
		p.SetFont(fontName, "", 13)
		writeLines(p, d.Labels.Contents, 8)
		p.SetFont(fontName, "", 11)
		for i, s := range d.Sections {
			writeLines(p, fmt.Sprintf("%d. %s", i+1, s.Title), 6.5)
		}
	}
	if d.Permalink != "" {
		p.SetY(pageH - marginBottom - 16)
		p.SetFont(fontName, "", 8)
		textColor(p, muted)
		writeLines(p, d.label(d.Labels.Link, d.Permalink), 4.5)
	}
}

func pdfSection(p *fpdf.Fpdf, d Doc, i int, s Section) error {
	p.AddPage()
	textColor(p, ink)
	p.SetFont(fontName, "", 15)
	writeLines(p, fmt.Sprintf("%d. %s", i+1, s.Title), 8)
	p.Ln(2)
	if len(s.PNG) > 0 {
		name := fmt.Sprintf("chart-%d", i)
		info := p.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(s.PNG))
		if err := p.Error(); err != nil {
			return fmt.Errorf("briefing: image of %q: %w", s.Title, err)
		}
		h := textW * info.Height() / info.Width()
		p.ImageOptions(name, marginX, p.GetY(), textW, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		p.SetY(p.GetY() + h + 3)
	}
	if len(d.sentences(s)) > 0 {
		p.SetFont(fontName, "", 11)
		for _, line := range d.sentences(s) {
			writeLines(p, line, 6)
			p.Ln(1.5)
		}
		p.Ln(1.5)
	}
	pdfTable(p, d, s)
	if len(s.Sources) > 0 {
		p.Ln(2)
		p.SetFont(fontName, "", 8.5)
		textColor(p, muted)
		for _, src := range s.Sources {
			writeLines(p, d.label(d.Labels.Sources, src), 4.5)
		}
	}
	if s.Link != "" {
		p.SetFont(fontName, "", 8)
		textColor(p, muted)
		writeLines(p, d.label(d.Labels.Link, s.Link), 4.5)
	}
	textColor(p, ink)
	return nil
}

// pdfTable draws the newest rows, one line each: a cell too long for its column ends in "…"
// (the full text is in the XLSX), so rows never overlap. The header repeats on a new page.
func pdfTable(p *fpdf.Fpdf, d Doc, s Section) {
	rows := s.shownRows()
	if len(s.Header) == 0 || len(rows) == 0 {
		return
	}
	const rowH = 6.0
	shares := columnShares(s.Header, rows)
	widths := make([]float64, len(shares))
	for i, sh := range shares {
		widths[i] = sh * textW
	}
	p.SetDrawColor(rule[0], rule[1], rule[2])
	p.SetLineWidth(0.2)
	header := func() {
		p.SetFont(fontName, "", 9)
		p.SetFillColor(shade[0], shade[1], shade[2])
		textColor(p, ink)
		for i, h := range s.Header {
			p.CellFormat(widths[i], rowH, fitText(p, h, widths[i]-2), "1", 0, "L", true, 0, "")
		}
		p.Ln(rowH)
	}
	header()
	p.SetFont(fontName, "", 9)
	for _, row := range rows {
		if p.GetY()+rowH > pageH-marginBottom {
			p.AddPage()
			header()
			p.SetFont(fontName, "", 9)
		}
		for i := range s.Header {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			p.CellFormat(widths[i], rowH, fitText(p, cell, widths[i]-2), "1", 0, "L", false, 0, "")
		}
		p.Ln(rowH)
	}
	if note := d.trimmedNote(s); note != "" {
		p.SetFont(fontName, "", 8)
		textColor(p, muted)
		writeLines(p, note, 5)
		textColor(p, ink)
	}
}

// fitText cuts s to width millimetres in the current font, ending in "…" when cut.
func fitText(p *fpdf.Fpdf, s string, width float64) string {
	s = drawable(s)
	if p.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// writeLines writes text over the text width, wrapped by wrapLines. fpdf's MultiCell is not used:
// it takes a Chinese character for a space at a line break and drops it.
func writeLines(p *fpdf.Fpdf, text string, lineH float64) {
	for _, line := range wrapLines(p, drawable(text), textW) {
		p.CellFormat(textW, lineH, line, "", 2, "L", false, 0, "")
	}
}

// Chinese typesetting never starts a line with a closing mark nor ends one with an opening mark.
const (
	noLineStart = "，。、；：？！）》」』】〕…%,.;:?!)]"
	noLineEnd   = "（《「『【〔(["
)

// wrapLines splits text into lines no wider than width in the current font: at a space between
// Latin words, anywhere between Chinese characters, never before closing punctuation.
func wrapLines(p *fpdf.Fpdf, text string, width float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		r := []rune(para)
		if len(r) == 0 {
			lines = append(lines, "")
		}
		for len(r) > 0 {
			if p.GetStringWidth(string(r)) <= width {
				lines = append(lines, string(r))
				break
			}
			n := 1 // the most runes that fit, at least one
			for n < len(r) && p.GetStringWidth(string(r[:n+1])) <= width {
				n++
			}
			cut := n
			for k := n; k > n/2; k-- { // the latest break opportunity in the line's second half
				if r[k] == ' ' || r[k-1] == ' ' || isWide(r[k]) || isWide(r[k-1]) {
					if !strings.ContainsRune(noLineStart, r[k]) && !strings.ContainsRune(noLineEnd, r[k-1]) {
						cut = k
						break
					}
				}
			}
			lines = append(lines, strings.TrimRight(string(r[:cut]), " "))
			r = []rune(strings.TrimLeft(string(r[cut:]), " "))
		}
	}
	return lines
}

func isWide(r rune) bool { return r >= 0x2E80 }

// drawable is text fpdf can set: it knows only the Basic Multilingual Plane (a rune beyond it,
// an emoji or a rare CJK extension character, would stop it), and control characters draw
// nothing. Such a rune becomes a white square, so the reader sees that something is missing.
func drawable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r > 0xFFFF:
			return '□'
		case r == '\t' || r == '\n':
			return r
		case r < 0x20 || r == 0x7F:
			return -1
		}
		return r
	}, s)
}
