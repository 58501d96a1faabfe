package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"pjsx/data"
)

// Image formats the server renders.
const (
	formatPNG = "png"
	formatSVG = "svg"
)

// imageOptions is how one chart becomes a picture: its format and size and what the picture must
// carry besides the chart (the demo watermark). Width and Height are in CSS pixels; a PNG has
// Width×Scale by Height×Scale pixels.
type imageOptions struct {
	Format        string
	Width, Height int
	Scale         int
	Lang          string
	Granularity   string // the request's, to name the periods of gaps
	Demo          bool
	Integer       bool // a count: whole-number ticks only
	Decimals      int
}

// Type sizes in points, before scaling.
const (
	titlePt    = 15
	subtitlePt = 10.5
	legendPt   = 10
	axisPt     = 9.5
	labelPt    = 9
	footerPt   = 8.5
	footerMax  = 3 // source lines at most; the rest is cut with "…"
)

var (
	inkColor   = charts.Color{R: 0x1f, G: 0x29, B: 0x37, A: 0xff}
	mutedColor = charts.Color{R: 0x55, G: 0x5f, B: 0x6d, A: 0xff}
	demoColor  = charts.Color{R: 0xc0, G: 0x1c, B: 0x28, A: 0x50}
)

// renderChartImage draws a chart exactly as the page has it: the same ECharts option (read by
// go-analyze/charts), its time axis turned into a category axis of the periods that have figures,
// plus a footer with the sources and, for demo data, a watermark.
func renderChartImage(spec chartSpec, o imageOptions) ([]byte, error) {
	cjk, err := loadChartFont()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(spec.Option)
	if err != nil {
		return nil, fmt.Errorf("dashboard: image %s: %w", spec.ID, err)
	}
	var eo charts.EChartsOption
	if err := json.Unmarshal(raw, &eo); err != nil {
		return nil, fmt.Errorf("dashboard: image %s: read option: %w", spec.ID, err)
	}
	var extra optionExtras
	if err := json.Unmarshal(raw, &extra); err != nil {
		return nil, fmt.Errorf("dashboard: image %s: read option: %w", spec.ID, err)
	}
	opt, err := eo.ToOption()
	if err != nil {
		return nil, fmt.Errorf("dashboard: image %s: %w", spec.ID, err)
	}
	s := float64(o.Scale)
	if o.Format == formatSVG || s < 1 {
		s = 1
	}
	px := func(v float64) int { return int(math.Round(v * s)) }
	style := func(pt float64, c charts.Color) charts.FontStyle {
		return charts.FontStyle{Font: cjk, FontSize: pt * s, FontColor: c}
	}

	opt.OutputFormat = o.Format
	opt.Width, opt.Height = px(float64(o.Width)), px(float64(o.Height))
	opt.Title.FontStyle = style(titlePt, inkColor)
	opt.Title.SubtextFontStyle = style(subtitlePt, mutedColor)
	opt.Title.Offset = charts.OffsetStr{Left: charts.PositionCenter}
	opt.Legend.FontStyle = style(legendPt, inkColor)
	opt.Legend.Offset = charts.OffsetStr{Left: charts.PositionCenter, Top: charts.PositionBottom}
	opt.Symbol.Size = 6 * s
	opt.LineStrokeWidth = 2 * s

	alignToPeriods(&opt, spec, extra, o.Granularity)
	addTargetSeries(&opt, extra)
	labelValue := func(v float64) string { return formatValue(v, o.Decimals) }
	for i := range opt.SeriesList {
		opt.SeriesList[i].Label.FontStyle = style(labelPt, mutedColor)
		opt.SeriesList[i].Label.ValueFormatter = labelValue
		opt.SeriesList[i].MarkLine = charts.SeriesMarkLine{}
	}
	opt.XAxis.LabelFontStyle = style(axisPt, mutedColor)
	for i := range opt.YAxis {
		y := &opt.YAxis[i]
		y.LabelFontStyle = style(axisPt, mutedColor)
		y.Title = "" // the unit is in the subtitle; a rotated "个" reads as an arrow
		y.ValueFormatter = axisValue
		if y.Max != nil && *y.Max == 100 {
			y.LabelCount = 6 // a percent: 0, 20, … 100
		} else {
			roundAxis(y, opt.SeriesList, o.Integer, opt.StackSeries != nil && *opt.StackSeries)
		}
	}

	lines := footerLines(spec, milestonesOf(extra), o.Lang, cjk, footerPt*s, float64(opt.Width-px(32)))
	lineHeight := px(footerPt * 1.7)
	opt.Padding = charts.Box{IsSet: true, Left: px(16), Top: px(14), Right: px(28),
		Bottom: px(14) + lineHeight*len(lines)}

	if len(opt.SeriesList) == 0 {
		return renderEmptyImage(opt, spec, o, lines, style, px, lineHeight)
	}
	if opt.SeriesList[0].Type == charts.ChartTypeHorizontalBar {
		return renderHorizontalBars(opt, extra, o, lines, style, px, lineHeight)
	}
	p, err := charts.Render(opt)
	if err != nil {
		return nil, fmt.Errorf("dashboard: image %s: %w", spec.ID, err)
	}
	decorate(p, lines, style, px, lineHeight, o, opt.Width, opt.Height)
	return imageBytes(p, o.Format, opt.Width, opt.Height)
}

// optionExtras is what go-analyze/charts does not read from an option but the image needs: the
// period of each point (the page draws them on a time axis) and the target mark line.
type optionExtras struct {
	XAxis  []extraAxis `json:"xAxis"`
	YAxis  []extraAxis `json:"yAxis"`
	Series []struct {
		Data     []extraPoint `json:"data"`
		MarkLine struct {
			Data []struct {
				Name  string          `json:"name"`
				XAxis json.RawMessage `json:"xAxis"`
				YAxis *float64        `json:"yAxis"`
			} `json:"data"`
		} `json:"markLine"`
	} `json:"series"`
}

type extraAxis struct {
	Type string          `json:"type"`
	Min  json.RawMessage `json:"min"`
	Max  json.RawMessage `json:"max"` // a number, or a date on a time axis
}

// extraPoint is one data item: a bare value, or {value, label} where value may be [period, y].
type extraPoint struct {
	Value json.RawMessage
	Label string // a per-item label the page draws (the progress bars)
}

func (e *extraPoint) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) == 0 || b[0] != '{' {
		e.Value = b
		return nil
	}
	var v struct {
		Value json.RawMessage `json:"value"`
		Label *struct {
			Formatter string `json:"formatter"`
		} `json:"label"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	e.Value = v.Value
	if v.Label != nil {
		e.Label = v.Label.Formatter
	}
	return nil
}

// period is the period of a point on a time axis ([period, y]); "" for any other point.
func (e extraPoint) period() string {
	var pair []json.RawMessage
	var day string
	if json.Unmarshal(e.Value, &pair) != nil || len(pair) == 0 || json.Unmarshal(pair[0], &day) != nil {
		return ""
	}
	return day
}

func (x optionExtras) axisType(axes []extraAxis) string {
	if len(axes) == 0 {
		return ""
	}
	return axes[0].Type
}

type periodKey struct{ day, label string }

// alignToPeriods puts every series on one category axis of the periods that have figures, in
// time order; a series with no figure for a period has a gap there, never an invented value.
// Yearly figures get every year between the first and the last, so years stay evenly spaced.
func alignToPeriods(opt *charts.ChartOption, spec chartSpec, extra optionExtras, granularity string) {
	if len(extra.Series) != len(opt.SeriesList) || extra.axisType(extra.XAxis) != "time" {
		return
	}
	type point struct {
		key   periodKey
		value float64
	}
	perSeries := make([][]point, len(opt.SeriesList))
	seen := map[periodKey]bool{}
	yearly := true
	for i, es := range extra.Series {
		values := opt.SeriesList[i].Values
		for j, d := range es.Data {
			day := d.period()
			if day == "" || j >= len(values) {
				continue
			}
			label := data.FormatPeriod(day, granularity)
			if i < len(spec.Meta.Points) && j < len(spec.Meta.Points[i]) && spec.Meta.Points[i][j] != nil {
				label = spec.Meta.Points[i][j].Period
			}
			yearly = yearly && len(label) == 4
			k := periodKey{day, label}
			seen[k] = true
			perSeries[i] = append(perSeries[i], point{k, values[j]})
		}
	}
	keys := make([]periodKey, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	if yearly && len(keys) > 0 {
		keys = fillYears(keys)
	}
	slices.SortFunc(keys, func(a, b periodKey) int {
		if c := strings.Compare(a.day, b.day); c != 0 {
			return c
		}
		return len(a.label) - len(b.label)
	})
	index := make(map[periodKey]int, len(keys))
	labels := make([]string, len(keys))
	for i, k := range keys {
		index[k] = i
		labels[i] = k.label
	}
	for i := range opt.SeriesList {
		values := make([]float64, len(keys))
		for j := range values {
			values[j] = charts.GetNullValue()
		}
		for _, pt := range perSeries[i] {
			values[index[pt.key]] = pt.value
		}
		opt.SeriesList[i].Values = values
	}
	opt.XAxis.Labels = labels
	opt.XAxis.BoundaryGap = charts.Ptr(true)
}

func fillYears(keys []periodKey) []periodKey {
	first, last := 9999, 0
	for _, k := range keys {
		y, _ := strconv.Atoi(k.label)
		first, last = min(first, y), max(last, y)
	}
	out := make([]periodKey, 0, last-first+1)
	for y := first; y <= last; y++ {
		label := strconv.Itoa(y)
		out = append(out, periodKey{label + "-01-01", label})
	}
	return out
}

// addTargetSeries draws the target mark line of the page as a flat series named like it, since
// go-analyze/charts has no mark line at a fixed value.
func addTargetSeries(opt *charts.ChartOption, extra optionExtras) {
	n := len(opt.XAxis.Labels)
	if n == 0 {
		return
	}
	for _, es := range extra.Series {
		for _, ml := range es.MarkLine.Data {
			if ml.YAxis == nil {
				continue
			}
			values := make([]float64, n)
			for i := range values {
				values[i] = *ml.YAxis
			}
			opt.SeriesList = append(opt.SeriesList, charts.GenericSeries{Type: charts.ChartTypeLine,
				Name: ml.Name, Values: values, Label: charts.SeriesLabel{Show: charts.Ptr(false)}})
			opt.Legend.SeriesNames = nil
			return
		}
	}
}

// roundAxis runs the value axis from 0 to a round maximum in steps of 1, 2 or 5 times a power of
// ten; a count only ever gets whole steps, so it never shows a fractional tick.
func roundAxis(y *charts.YAxisOption, series charts.GenericSeriesList, integer, stacked bool) {
	top := 0.0
	var sums []float64 // stacked bars reach the sum of their period
	for _, s := range series {
		for i, v := range s.Values {
			if v == charts.GetNullValue() || math.IsNaN(v) {
				continue
			}
			top = max(top, v)
			if stacked && v > 0 {
				for len(sums) <= i {
					sums = append(sums, 0)
				}
				sums[i] += v
				top = max(top, sums[i])
			}
		}
	}
	step, n := niceStep(top, integer)
	y.Min = charts.Ptr(0.0)
	y.Max = charts.Ptr(step * float64(n))
	y.LabelCount = n + 1
	y.PreferNiceIntervals = charts.Ptr(false)
}

// niceStep picks a step (…, 0.5, 1, 2, 5, 10, …; whole for integer) and a number of steps (at most 6) that
// go past top, so the highest point and its label sit inside the chart.
func niceStep(top float64, integer bool) (float64, int) {
	mag := 0.001
	if integer {
		mag = 1
	}
	for ; ; mag *= 10 {
		for _, f := range []float64{1, 2, 5} {
			step := f * mag
			if n := int(math.Floor(top/step)) + 1; n <= 6 {
				return step, n
			}
		}
	}
}

// axisValue writes an axis tick without trailing zeros, with digit grouping.
func axisValue(v float64) string {
	s := formatValue(v, 2)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

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

// milestonesMax is how many footer lines the milestones get at most.
const milestonesMax = 2

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

// renderHorizontalBars draws the progress view: go-analyze/charts reads horizontal bars from an
// option but not the bounds of their value axis, so the bars are drawn with its bar chart
// directly, on a value axis from 0 to the target (the page's axis), first region on top (the
// page's inverse axis), each bar labelled as on the page.
func renderHorizontalBars(opt charts.ChartOption, extra optionExtras, o imageOptions, lines []string,
	style func(float64, charts.Color) charts.FontStyle, px func(float64) int, lineHeight int) ([]byte, error) {
	var names []string
	if len(opt.YAxis) > 0 {
		names = slices.Clone(opt.YAxis[0].Labels)
	}
	slices.Reverse(names)
	axis := charts.ValueAxisOption{Min: charts.Ptr(0.0), LabelFontStyle: opt.XAxis.LabelFontStyle,
		ValueFormatter: axisValue, PreferNiceIntervals: charts.Ptr(false)}
	var top float64
	if len(extra.XAxis) > 0 && json.Unmarshal(extra.XAxis[0].Max, &top) == nil && top > 0 {
		axis.Max = charts.Ptr(top)
		axis.LabelCount = 6
	}
	var series charts.BarSeriesList
	for i, gs := range opt.SeriesList {
		values := slices.Clone(gs.Values)
		slices.Reverse(values)
		var labels []string
		if i < len(extra.Series) {
			for _, d := range extra.Series[i].Data {
				labels = append(labels, d.Label)
			}
		}
		// The formatter is told the series, not the bar: a bar's label is found by its value, in
		// bar order among equal values.
		byValue := map[float64][]string{}
		for j, v := range gs.Values {
			if j < len(labels) && labels[j] != "" {
				byValue[v] = append(byValue[v], labels[j])
			}
		}
		label := charts.SeriesLabel{Show: charts.Ptr(true), FontStyle: style(labelPt, inkColor),
			LabelFormatter: func(_ int, _ string, v float64) (string, *charts.LabelStyle) {
				if l := byValue[v]; len(l) > 0 {
					byValue[v] = l[1:]
					return l[0], nil
				}
				return formatValue(v, o.Decimals), nil
			}}
		series = append(series, charts.BarSeries{Name: gs.Name, Values: values, Label: label})
	}
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: o.Format, Width: opt.Width, Height: opt.Height})
	err := p.BarChart(charts.BarChartOption{
		Theme:               opt.Theme,
		Padding:             opt.Padding,
		Horizontal:          true,
		ValueAxis:           []charts.ValueAxisOption{axis},
		CategoryAxis:        charts.CategoryAxisOption{Labels: names, LabelFontStyle: opt.XAxis.LabelFontStyle},
		SeriesList:          series,
		SeriesLabelPosition: "right",
		Title:               opt.Title,
		Legend:              charts.LegendOption{Show: charts.Ptr(false)},
		BarSize:             0.5,
		ValueFormatter:      axisValue,
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard: image: %w", err)
	}
	decorate(p, lines, style, px, lineHeight, o, opt.Width, opt.Height)
	return imageBytes(p, o.Format, opt.Width, opt.Height)
}
