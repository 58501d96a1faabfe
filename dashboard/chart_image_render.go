package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/go-analyze/charts"
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
	p, err := drawOption(opt)
	if err != nil {
		return nil, fmt.Errorf("dashboard: image %s: %w", spec.ID, err)
	}
	decorate(p, lines, style, px, lineHeight, o, opt.Width, opt.Height)
	return imageBytes(p, o.Format, opt.Width, opt.Height)
}

// drawOption is go-analyze/charts drawing an option into a painter on the server, for PNG and SVG
// bytes. (Pages never render charts on the server: they carry the option as a JSON data island.)
var drawOption = charts.Render

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

// milestonesMax is how many footer lines the milestones get at most.
const milestonesMax = 2

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
