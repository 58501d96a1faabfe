package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
)

// footerLines is the source line under the chart, then the milestones the page marks on the
// time axis (go-analyze/charts draws mark lines only at a series' min, max, mean or median, never
// at a date), each wrapped to the image width.
func footerLines(spec chartSpec, milestones []string, lang string, f *truetype.Font, size, width float64) []string {
	face := truetype.NewFace(f, &truetype.Options{Size: size, DPI: 96})
	defer face.Close()
	text := tr(lang, "sources") + ": " + strings.Join(spec.Sources, "; ")
	if len(spec.Sources) == 0 {
		text = tr(lang, "sources") + ": –"
	}
	lines := wrapText(text, face, width, footerMax)
	if len(milestones) > 0 {
		lines = append(lines, wrapText(tr(lang, "export.milestones")+": "+strings.Join(milestones, "; "), face, width, milestonesMax)...)
	}
	return lines
}

// wrapText breaks text into lines no wider than width, at most maxLines; the last line of a cut
// text ends with "…".
func wrapText(text string, face font.Face, width float64, maxLines int) []string {
	var lines []string
	var cur []rune
	for _, r := range text {
		next := append(cur, r)
		if font.MeasureString(face, string(next)).Ceil() > int(width) && len(cur) > 0 {
			lines = append(lines, string(cur))
			cur = []rune{r}
			continue
		}
		cur = next
	}
	lines = append(lines, string(cur))
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		last := []rune(lines[maxLines-1])
		lines[maxLines-1] = string(last[:max(0, len(last)-2)]) + "…"
	}
	return lines
}

// milestonesOf are the names of the option's mark lines on the time axis ("2024-12 承平高速…")
// that fall within the axis, as the page draws them.
func milestonesOf(extra optionExtras) []string {
	var lo, hi string
	if len(extra.XAxis) > 0 {
		json.Unmarshal(extra.XAxis[0].Min, &lo)
		json.Unmarshal(extra.XAxis[0].Max, &hi)
	}
	var out []string
	for _, es := range extra.Series {
		for _, ml := range es.MarkLine.Data {
			var day string
			if json.Unmarshal(ml.XAxis, &day) != nil || day == "" || ml.Name == "" ||
				(lo != "" && day < lo) || (hi != "" && day > hi) {
				continue
			}
			out = append(out, ml.Name)
		}
	}
	return out
}

// decorate adds what the option does not carry: the source lines and the demo watermark.
func decorate(p *charts.Painter, lines []string, style func(float64, charts.Color) charts.FontStyle,
	px func(float64) int, lineHeight int, o imageOptions, w, h int) {
	y := h - px(10) - lineHeight*(len(lines)-1)
	for _, line := range lines {
		p.Text(line, px(16), y, 0, style(footerPt, mutedColor))
		y += lineHeight
	}
	if !o.Demo {
		return
	}
	mark := tr(o.Lang, "export.watermark")
	fs := style(float64(o.Width)/float64(len([]rune(mark))+4)*0.9, demoColor)
	box := p.MeasureText(mark, 0, fs)
	angle := -math.Pi / 9
	x := float64(w)/2 - float64(box.Width())/2*math.Cos(angle)
	yy := float64(h)/2 - float64(box.Width())/2*math.Sin(angle) + float64(box.Height())/2
	p.Text(mark, int(x), int(yy), angle, fs)
}

// renderEmptyImage is a chart with no figures in range: title, the message, the footer.
func renderEmptyImage(opt charts.ChartOption, spec chartSpec, o imageOptions, lines []string,
	style func(float64, charts.Color) charts.FontStyle, px func(float64) int, lineHeight int) ([]byte, error) {
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: o.Format, Width: opt.Width, Height: opt.Height})
	p.FilledRect(0, 0, opt.Width, opt.Height, charts.ColorWhite, charts.ColorTransparent, 0)
	title := style(titlePt, inkColor)
	tb := p.MeasureText(spec.Title, 0, title)
	p.Text(spec.Title, (opt.Width-tb.Width())/2, px(14)+tb.Height(), 0, title)
	msg := tr(o.Lang, "no_figures")
	mb := p.MeasureText(msg, 0, style(subtitlePt, mutedColor))
	p.Text(msg, (opt.Width-mb.Width())/2, opt.Height/2, 0, style(subtitlePt, mutedColor))
	decorate(p, lines, style, px, lineHeight, o, opt.Width, opt.Height)
	return imageBytes(p, o.Format, opt.Width, opt.Height)
}

// imageBytes encodes the painter; an SVG also states its size, so Word and PowerPoint paste it
// at the asked width and height rather than at some default.
func imageBytes(p *charts.Painter, format string, w, h int) ([]byte, error) {
	b, err := p.Bytes()
	if err != nil {
		return nil, fmt.Errorf("dashboard: encode %s: %w", format, err)
	}
	if format == formatSVG {
		b = bytes.Replace(b, []byte(`<svg xmlns=`),
			[]byte(fmt.Sprintf(`<svg width="%d" height="%d" xmlns=`, w, h)), 1)
	}
	return b, nil
}
