// Package image draws a chart model as a PNG or SVG with go-analyze/charts' painter and an
// embedded CJK font: points at their dates on a time axis, targets as labelled lines, milestones
// as numbered lines listed under the chart, the sources and, for demo data, a watermark. It reads
// the model only: no ECharts option, no JSON, nothing matched by value.
package image

import (
	"bytes"
	"encoding/xml"
	"fmt"
	goimage "image"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"pjsx/dashboard/chart"
)

// Formats the drawer writes.
const (
	PNG = "png"
	SVG = "svg"
)

// Options is how one model becomes a picture. Width and Height are in CSS pixels; a PNG has
// Width×Scale by Height×Scale pixels.
type Options struct {
	Format        string
	Width, Height int
	Scale         int
	Demo          bool // draw the demo watermark
	Provenance    Provenance
	// NoFooter leaves out the sources, milestones, definition changes and provenance under the
	// plot: a page's first view, whose caption lists them in full right under the picture, gives
	// the plot that room (on a phone's 360 px picture the footer took a third of the height).
	NoFooter bool
}

// Type sizes in points, before scaling, and line limits of the footer.
const (
	titlePt       = 15
	subtitlePt    = 10.5
	legendPt      = 10
	axisPt        = 9.5
	labelPt       = 9
	footerPt      = 8.5
	sourcesMax    = 3 // source lines at most; the rest is cut with "…"
	milestonesMax = 2
)

var (
	inkColor   = charts.Color{R: 0x1f, G: 0x29, B: 0x37, A: 0xff}
	mutedColor = charts.Color{R: 0x55, G: 0x5f, B: 0x6d, A: 0xff}
	gridColor  = charts.Color{R: 0xe3, G: 0xe6, B: 0xea, A: 0xff}
	axisColor  = charts.Color{R: 0x9a, G: 0xa3, B: 0xae, A: 0xff}
	markColor  = charts.Color{R: 0x8a, G: 0x94, B: 0xa3, A: 0xff}
	targetInk  = charts.Color{R: 0xc2, G: 0x41, B: 0x0c, A: 0xff}
	demoColor  = charts.Color{R: 0xc0, G: 0x1c, B: 0x28, A: 0x50}
	white      = charts.Color{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// colorOf is series i's colour, from the palette the page uses too.
func colorOf(i int) charts.Color { return hexColor(chart.LookOf(i).Color) }

// hexColor reads "#rrggbb" (every marker and line asks: no fmt.Sscanf).
func hexColor(h string) charts.Color {
	v, _ := strconv.ParseUint(strings.TrimPrefix(h, "#"), 16, 32)
	return charts.Color{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// Drawer draws models with one font.
type Drawer struct {
	font *truetype.Font
}

// NewDrawer parses a TrueType font (a CJK one, so Chinese labels are never boxes).
func NewDrawer(ttf []byte) (*Drawer, error) {
	f, err := truetype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("image: font: %w", err)
	}
	return &Drawer{font: f}, nil
}

// canvas is one picture being drawn: the painter, the scale and the font.
type canvas struct {
	p      *charts.Painter
	font   *truetype.Font
	s      float64
	w, h   int
	lang   string
	unit   string // the unit of the model's stored values, in lang (ValueUnit)
	format string
	qrPx   int   // pixels the footer keeps free at its right for a QR code
	texts  int   // texts drawn so far
	middle []int // which of them (in drawing order) are centred on their x, for the SVG
	// legendBoxes are where the legend's entries are drawn, which point labels keep off.
	legendBoxes []rect
	// pix is a PNG's picture (nil for an SVG): its markers are stamped on it directly and its
	// texts drawn in pieces, where the painter is slow (issue 16).
	pix     *goimage.RGBA
	sprites map[spriteKey]*goimage.RGBA // a PNG's markers, drawn once per look
	footer  *advanceCache               // the footer's face, see footerFace
}

func (c *canvas) px(v float64) int { return int(math.Round(v * c.s)) }

func (c *canvas) style(pt float64, col charts.Color) charts.FontStyle {
	return charts.FontStyle{Font: c.font, FontSize: pt * c.s, FontColor: col}
}

func (c *canvas) textWidth(text string, fs charts.FontStyle) int {
	return c.p.MeasureText(text, 0, fs).Width()
}

// fit shortens text with … until it is at most width wide: a legend entry or title that a
// narrow picture cannot hold whole (the page and the table say it in full).
func (c *canvas) fit(text string, fs charts.FontStyle, width int) string {
	if c.textWidth(text, fs) <= width {
		return text
	}
	r := []rune(text)
	for len(r) > 1 && c.textWidth(string(r)+"…", fs) > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// text draws text with its left end at x and its baseline at y.
func (c *canvas) text(text string, x, y int, fs charts.FontStyle) { c.put(text, x, y, 0, fs, false) }

// centred draws text centred on x. In an SVG the text is anchored at its middle rather than
// placed at a computed left end, so it stays centred where another font measures it otherwise
// (Word and WPS substitute the font).
func (c *canvas) centred(text string, x, y int, fs charts.FontStyle) {
	if c.format == SVG {
		c.put(text, x, y, 0, fs, true)
		return
	}
	c.text(text, x-c.textWidth(text, fs)/2, y, fs)
}

// put is every text's way onto the picture; it counts them so the SVG's centred ones can be
// anchored at their middle afterwards (the painter writes no text-anchor).
func (c *canvas) put(text string, x, y int, angle float64, fs charts.FontStyle, middle bool) {
	if text == "" {
		return // the painter draws nothing for it
	}
	if middle {
		c.middle = append(c.middle, c.texts)
	}
	c.texts++
	if c.pix != nil { // a PNG's text in pieces, each on the (turned) baseline where the whole puts it
		cos, sin := math.Cos(angle), math.Sin(angle)
		for _, piece := range c.pieces(text, fs) {
			c.p.Text(piece.text, x+int(math.Round(piece.at*cos)), y+int(math.Round(piece.at*sin)), angle, fs)
		}
		return
	}
	c.p.Text(text, x, y, angle, fs)
}

// anchorMiddle gives the SVG's centred texts text-anchor="middle" and the SVG a <title> and a
// <desc> (its summary), which screen readers and Word's alt text read.
func anchorMiddle(svg []byte, middle []int, title, desc string) []byte {
	parts := bytes.Split(svg, []byte("<text "))
	var b bytes.Buffer
	b.Write(parts[0])
	for i, part := range parts[1:] {
		b.WriteString("<text ")
		if slices.Contains(middle, i) {
			b.WriteString(`text-anchor="middle" `)
		}
		b.Write(part)
	}
	out := b.Bytes()
	if end := bytes.IndexByte(out, '>'); end > 0 && bytes.HasPrefix(out, []byte("<svg")) {
		var head bytes.Buffer
		head.WriteString("<title>")
		xml.EscapeText(&head, []byte(title))
		head.WriteString("</title><desc>")
		xml.EscapeText(&head, []byte(desc))
		head.WriteString("</desc>")
		out = slices.Insert(out, end+1, head.Bytes()...)
	}
	return out
}

func (c *canvas) line(x0, y0, x1, y1 int, col charts.Color, width float64, dash []float64) {
	pts := []charts.Point{{X: x0, Y: y0}, {X: x1, Y: y1}}
	if dash != nil {
		c.p.DashedLineStroke(pts, col, width*c.s, dash)
		return
	}
	c.p.LineStroke(pts, col, width*c.s)
}

// Draw draws a model.
func (d *Drawer) Draw(m chart.Model, o Options) ([]byte, error) {
	s := float64(max(1, o.Scale))
	if o.Format == SVG {
		s = 1
	}
	c := &canvas{font: d.font, s: s, lang: m.Lang, unit: m.ValueUnit(), format: o.Format}
	c.w, c.h = c.px(float64(o.Width)), c.px(float64(o.Height))
	c.p = charts.NewPainter(charts.PainterOptions{OutputFormat: o.Format, Width: c.w, Height: c.h, Font: d.font})
	if o.Format != SVG {
		c.pix = painterRGBA(c.p)
	}
	c.p.FilledRect(0, 0, c.w, c.h, white, white, 0)

	top := c.header(m)
	code := qrCode(o)
	if o.NoFooter {
		code = nil
	}
	c.qrPx = c.qrSide(code)
	var footer []string
	if !o.NoFooter {
		footer = append(c.footerLines(m), c.provenanceLines(m, o.Provenance)...)
	}
	lineHeight := c.px(footerPt * 1.7)
	bottom := c.h - c.px(14) - max(lineHeight*len(footer), c.qrPx)
	plot := box{left: c.px(16), top: top, right: c.w - c.px(28), bottom: bottom}
	switch {
	case m.Empty():
		c.centred(chart.Word(m.Lang, "no_figures"), c.w/2, (plot.top+plot.bottom)/2, c.style(subtitlePt, mutedColor))
	case m.View == chart.ViewCompare:
		c.compare(m, plot)
	case m.View == chart.ViewLatest:
		c.latest(m, plot)
	case m.View == chart.ViewProgress:
		c.progress(m, plot)
	default:
		c.overTime(m, plot)
	}
	y := c.h - c.px(10) - lineHeight*(len(footer)-1)
	for _, l := range footer {
		c.text(l, c.px(16), y, c.style(footerPt, mutedColor))
		y += lineHeight
	}
	c.drawQR(code)
	if o.Demo {
		c.watermark(chart.Word(m.Lang, "watermark"))
	}
	var b []byte
	var err error
	if o.Format == SVG {
		b, err = c.p.Bytes()
	} else {
		b, err = encodePNG(c.p)
	}
	if err != nil {
		return nil, fmt.Errorf("image: encode %s: %w", o.Format, err)
	}
	if o.Format == SVG {
		// An SVG states its size, so Word and PowerPoint paste it at the asked width and height.
		b = bytes.Replace(b, []byte(`<svg xmlns=`), []byte(fmt.Sprintf(`<svg width="%d" height="%d" xmlns=`, c.w, c.h)), 1)
		b = anchorMiddle(b, c.middle, m.Title, chart.Describe(m))
		// Where Noto Sans SC is not installed (Word and WPS on an office PC), a CJK font of the
		// same em widths rather than the reader's default serif.
		b = bytes.ReplaceAll(b, []byte(`font-family:'Noto Sans SC',sans-serif`), []byte(svgFonts))
	}
	return b, nil
}

// svgFonts is the SVG texts' font list: the drawing font first, then the CJK sans fonts of
// Windows, macOS and Linux desktops.
const svgFonts = `font-family:'Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif`

type box struct{ left, top, right, bottom int }

// header draws the title, the subtitle and (for several series) the legend, and returns where
// the plot may start.
func (c *canvas) header(m chart.Model) int {
	// A long title on a narrow picture (a phone's first view, 360 px) steps down in size rather
	// than running off both sides; 11 pt is as small as a title goes.
	size := float64(titlePt)
	ts := c.style(size, inkColor)
	for size > 11 && c.textWidth(m.Title, ts) > c.w-c.px(24) {
		size -= 0.5
		ts = c.style(size, inkColor)
	}
	title := c.fit(m.Title, ts, c.w-c.px(24))
	y := c.px(14) + c.px(titlePt*1.33)
	c.centred(title, c.w/2, y, ts)
	y += c.px(subtitlePt * 1.9)
	c.centred(chart.Subtitle(m), c.w/2, y, c.style(subtitlePt, mutedColor))
	y += c.px(10)
	if len(m.Series) > 0 && (m.View == chart.ViewOverTime || m.View == chart.ViewCompare || m.View == "") {
		y = c.legend(m.Series, y)
	}
	return y + c.px(16)
}

// legend draws a swatch and name per series, wrapping onto more lines, centred.
func (c *canvas) legend(series []chart.Series, y int) int {
	fs := c.style(legendPt, inkColor)
	gap, sw := c.px(16), c.px(18)
	var rows [][]int
	width := 0
	var row []int
	rowWidths := []int{}
	maxW := c.w - c.px(40)
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = c.fit(s.Name, fs, maxW-sw-c.px(5))
		w := sw + c.px(5) + c.textWidth(names[i], fs)
		if len(row) > 0 && width+gap+w > maxW {
			rows, rowWidths = append(rows, row), append(rowWidths, width)
			row, width = nil, 0
		}
		if len(row) > 0 {
			width += gap
		}
		row = append(row, i)
		width += w
	}
	rows, rowWidths = append(rows, row), append(rowWidths, width)
	lh := c.px(legendPt * 1.9)
	for r, row := range rows {
		y += lh
		x := (c.w - rowWidths[r]) / 2
		for _, i := range row {
			c.seriesLine(i, []charts.Point{{X: x, Y: y - c.px(4)}, {X: x + sw, Y: y - c.px(4)}}, 2)
			c.marker(i, x+sw/2, y-c.px(4), legendMarker, false)
			c.text(names[i], x+sw+c.px(5), y, fs)
			w := sw + c.px(5) + c.textWidth(names[i], fs)
			c.legendBoxes = append(c.legendBoxes, rect{x, y - c.px(legendPt*1.3), x + w, y + c.px(legendPt*0.4)})
			x += w + gap
		}
	}
	return y
}

// footerLines are the sources, then the numbered milestones, each wrapped to the width.
func (c *canvas) footerLines(m chart.Model) []string {
	face := c.footerFace()
	width := float64(c.w - c.px(32) - c.qrPx)
	text := chart.Word(m.Lang, "sources") + ": –"
	if len(m.Sources) > 0 {
		text = chart.Word(m.Lang, "sources") + ": " + strings.Join(m.Sources, "; ")
	}
	lines := wrapText(text, face, width, sourcesMax)
	if len(m.Milestones) > 0 {
		parts := make([]string, len(m.Milestones))
		for i, ms := range m.Milestones {
			parts[i] = fmt.Sprintf("%d %s %s", ms.N, ms.Label, ms.Title)
		}
		lines = append(lines, wrapText(chart.Word(m.Lang, "milestones")+": "+strings.Join(parts, "; "), face, width, milestonesMax)...)
	}
	for _, b := range m.Breaks { // a change of definition is said under the image, where the line stops
		lines = append(lines, wrapText(b.Label+" · "+b.RegionName+": "+b.Note, face, width, 1)...)
	}
	return lines
}

// footerFace is the footer's face, for measuring its lines; one per picture, remembering the
// advance of each character: wrapText measures a line again as it grows, and a truetype face
// loads a glyph's outline to give its advance (a millisecond of a picture's time, issue 16).
func (c *canvas) footerFace() font.Face {
	if c.footer == nil {
		c.footer = &advanceCache{Face: truetype.NewFace(c.font, &truetype.Options{Size: footerPt * c.s, DPI: 96}), adv: map[rune]advance{}}
	}
	return c.footer
}

// advanceCache is a face that asks its face for each character's advance once.
type advanceCache struct {
	font.Face
	adv map[rune]advance
}

type advance struct {
	width fixed.Int26_6
	ok    bool
}

func (f *advanceCache) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	a, hit := f.adv[r]
	if !hit {
		a.width, a.ok = f.Face.GlyphAdvance(r)
		f.adv[r] = a
	}
	return a.width, a.ok
}

// wrapText breaks text into lines no wider than width, at most maxLines: between words of a
// Latin text (a URL or a word longer than a line is broken where it must), between characters
// of a Chinese one. The last line of a cut text ends with "…".
func wrapText(text string, face font.Face, width float64, maxLines int) []string {
	fits := func(s string) bool { return font.MeasureString(face, s).Ceil() <= int(width) }
	var lines []string
	cur := ""
	for _, unit := range breakUnits(text) {
		if next := cur + unit; fits(strings.TrimRight(next, " ")) || cur == "" {
			cur = next
		} else {
			lines = append(lines, strings.TrimRight(cur, " "))
			cur = strings.TrimLeft(unit, " ")
		}
		for !fits(cur) && len([]rune(cur)) > 1 { // one unit wider than a line: break it anywhere
			r := []rune(cur)
			n := len(r) - 1
			for n > 1 && !fits(string(r[:n])) {
				n--
			}
			lines = append(lines, string(r[:n]))
			cur = string(r[n:])
		}
	}
	lines = append(lines, strings.TrimRight(cur, " "))
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		last := []rune(lines[maxLines-1])
		lines[maxLines-1] = string(last[:max(0, len(last)-2)]) + "…"
	}
	return lines
}

// breakUnits cuts text where a line may break: after each space (a word keeps its trailing
// space) and around each CJK character or full-width punctuation mark.
func breakUnits(text string) []string {
	var units []string
	cur := []rune{}
	flush := func() {
		if len(cur) > 0 {
			units = append(units, string(cur))
			cur = []rune{}
		}
	}
	for _, r := range text {
		switch {
		case r == ' ':
			cur = append(cur, r)
			flush()
		case wide(r):
			if isClosing(r) && len(units) > 0 && len(cur) == 0 { // "，" never starts a line
				units[len(units)-1] += string(r)
				continue
			}
			if isClosing(r) {
				cur = append(cur, r)
				flush()
				continue
			}
			flush()
			cur = append(cur, r)
			flush()
		case isClosing(r) && len(cur) == 0 && len(units) > 0 && !strings.HasSuffix(units[len(units)-1], " "):
			units[len(units)-1] += string(r) // "新京报," keeps its comma
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return units
}

// wide is a character a line may break before and after (CJK ideographs, kana, full-width forms).
func wide(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFFEF || r >= 0x3000 && r <= 0x303F
}

// isClosing is punctuation that stays with the character before it.
func isClosing(r rune) bool {
	return strings.ContainsRune("，。、；：？！）》」』】,.;:?!)", r)
}

func (c *canvas) watermark(mark string) {
	fs := c.style(float64(c.w)/c.s/float64(len([]rune(mark))+4)*0.9, demoColor)
	b := c.p.MeasureText(mark, 0, fs)
	angle := -math.Pi / 9
	x := float64(c.w)/2 - float64(b.Width())/2*math.Cos(angle)
	y := float64(c.h)/2 - float64(b.Width())/2*math.Sin(angle) + float64(b.Height())/2
	c.put(mark, int(x), int(y), angle, fs, false)
}
