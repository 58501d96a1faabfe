// Package echarts renders a chart model as an ECharts option (built with go-echarts' option
// types) and the meta app.js needs for tooltips, encoded as one JSON data island.
package echarts

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// Island is what the page carries for one chart: the option and its meta.
type Island struct {
	Option map[string]any `json:"option"`
	Meta   Meta           `json:"meta"`
}

// Meta is what app.js reads besides the option: each point's period, text, source and flags, and
// each mark line's annotation, so a tooltip never shows another point's figure.
type Meta struct {
	Lang         string    `json:"lang"`
	Unit         string    `json:"unit"`
	SourceLabel  string    `json:"sourceLabel"`
	NoteLabel    string    `json:"noteLabel"`
	PartialLabel string    `json:"partialLabel"`
	OtherLabel   string    `json:"otherLabel"`
	Sources      []string  `json:"sources"`
	Points       [][]*Item `json:"points"`        // per series, per data item; null for a gap
	Marks        []Mark    `json:"marks"`         // per item of the first series' mark line
	Wan          bool      `json:"wan,omitempty"` // value axes read in 万/亿 (Chinese, a unit not already in 万/亿)
	// Scale is the power of ten an English unit in 10,000s or 100 millions stood for (4, 8): the
	// value axes, whose data stay stored values, read in the unit's base as the labels do
	// (2.5 million visits), under the axis name Unit ("visits").
	Scale int `json:"scale,omitempty"`
}

// Item is one data item's facts.
type Item struct {
	Period  string   `json:"period"`
	Text    string   `json:"text"`            // the value in full, as the table shows it
	Label   string   `json:"label,omitempty"` // the point label's shorter form (12.35万), when it differs
	Source  []int    `json:"s"`               // indexes into Sources
	Note    string   `json:"note,omitempty"`
	Partial bool     `json:"partial,omitempty"`
	Others  []string `json:"others,omitempty"` // other reports of the figure: value, date and source
}

// Mark is one annotation: a target line or a numbered milestone.
type Mark struct {
	Kind   string `json:"kind"` // target, milestone or break (a change of definition)
	Label  string `json:"label"`
	N      int    `json:"n,omitempty"`
	Title  string `json:"title,omitempty"`
	Source string `json:"source,omitempty"`
}

// JSON is the data island of a model: HTML-escaped JSON (encoding/json writes <, > and & as
// \u003c, \u003e, \u0026), safe inside <script type="application/json">.
func JSON(m chart.Model, file string) ([]byte, error) {
	b, err := json.Marshal(Build(m, file))
	if err != nil {
		return nil, fmt.Errorf("echarts: %s: %w", m, err)
	}
	return b, nil
}

// Build is the island of a model; file names the image the toolbox's save button downloads.
func Build(m chart.Model, file string) Island {
	meta := Meta{Lang: m.Lang, Unit: m.Unit, SourceLabel: chart.Word(m.Lang, "source"), NoteLabel: chart.Word(m.Lang, "note"),
		PartialLabel: chart.Word(m.Lang, "partial"), OtherLabel: chart.Word(m.Lang, "other_report"), Sources: m.Sources, Points: [][]*Item{}, Marks: []Mark{},
		Wan: chart.Scaled(1e4, m.Lang, m.Unit) != "", Scale: chart.ScaleOf(m)}
	var option map[string]any
	switch m.View {
	case chart.ViewCompare:
		option = compareBars(m, &meta)
	case chart.ViewLatest:
		option = latestBars(m, &meta)
	case chart.ViewProgress:
		option = progressBars(m, &meta)
	default:
		option = overTime(m, &meta)
	}
	option["color"] = chart.Palette // the image's colours, each readable on white
	if file != "" {
		option["toolbox"] = saveAsImageToolbox(m, file)
	}
	return Island{Option: option, Meta: meta}
}

func itemOf(p chart.Point, sources []string) *Item {
	return &Item{Period: p.Label, Text: p.Display, Label: p.Short, Source: sourceIndexes(p.Source, sources), Note: p.Note, Partial: p.Partial,
		Others: chart.OtherReportTexts(p)}
}

func sourceIndexes(src string, sources []string) []int {
	out := []int{}
	for _, part := range strings.Split(src, "; ") {
		if i := slices.Index(sources, part); i >= 0 && !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	return out
}

// markersUpTo is how many points a series may have and still draw a marker at each.
const markersUpTo = 30

// zoomAbove is how many points a series may have before the chart gets zoom controls.
const zoomAbove = 24

func common(m chart.Model, grid opts.Grid, legend bool) []charts.GlobalOpts {
	if chart.ScaleOf(m) > 0 { // ticks in words ("7.5 million") are wider than any fixed margin: the grid holds them
		grid.ContainLabel, grid.Left = opts.Bool(true), "16"
	}
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: m.Title, Subtitle: chart.Subtitle(m), Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Top: "50", Type: "plain"}),
		charts.WithGridOpts(grid),
		charts.WithAriaOpts(aria(m, chart.Describe(m))),
		charts.WithAnimation(false),
	}
}

// aria is the chart's accessibility: its description, and for several series of bars ECharts'
// decal patterns, so the bars differ without colour as the image's hatching does.
func aria(m chart.Model, description string) *opts.Aria {
	a := &opts.Aria{Enabled: opts.Bool(true), Label: &opts.AriaLabel{Enabled: opts.Bool(true), Description: description}}
	if m.View == chart.ViewCompare && len(m.Series) > 1 {
		a.Decal = &opts.AriaDecal{Show: opts.Bool(true)}
	}
	return a
}

// overTime is a line per series on a time axis: each point at its date (a level at its
// period's end, a flow at its middle), a partial period hollow, a gap a break in the line, the
// targets as labelled lines and the milestones as numbered vertical lines.
func overTime(m chart.Model, meta *Meta) map[string]any {
	line := charts.NewLine()
	longest := 0
	for _, s := range m.Series {
		longest = max(longest, len(s.Points))
	}
	global := append(common(m, gridFor(m.Series, longest > zoomAbove), true),
		charts.WithXAxisOpts(timeAxis(m)),
		charts.WithYAxisOpts(valueAxis(m)))
	if longest > zoomAbove {
		global = append(global, charts.WithDataZoomOpts(
			opts.DataZoom{Type: "inside", XAxisIndex: []int{0}},
			opts.DataZoom{Type: "slider", XAxisIndex: []int{0}}))
	}
	line.SetGlobalOptions(global...)
	for i, s := range m.Series {
		look := chart.LookOf(i) // a marker and a dash per series, so they differ without colour
		points := make([]opts.LineData, len(s.Points))
		items := make([]*Item, len(s.Points))
		for j, p := range s.Points {
			if p.Gap {
				points[j] = opts.LineData{Value: []any{p.At, "-"}}
				continue
			}
			points[j] = opts.LineData{Name: p.Label, Value: []any{p.At, p.Value}}
			if p.Partial {
				points[j].Symbol = "empty" + strings.ToUpper(look.Marker[:1]) + look.Marker[1:]
			}
			items[j] = itemOf(p, m.Sources)
		}
		size := 8
		// A long series reads as a line: past about 30 points its markers go (the dashes still tell
		// series apart, and a hover still shows each point's tooltip).
		showSymbol := longest <= markersUpTo
		seriesOpts := []charts.SeriesOpts{
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(showSymbol), Symbol: look.Marker, SymbolSize: size, ConnectNulls: opts.Bool(false),
				Step: stepOf(m)}),
			charts.WithLineStyleOpts(opts.LineStyle{Type: look.Dash, Width: 2}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(s.FigureCount() <= 12), Position: "top"}),
		}
		if chart.ShapeOf(m) == chart.ShapePoints { // a few reports: dated points, no line drawn between them (app.js dates their labels)
			seriesOpts = append(seriesOpts, charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}))
		}
		if i == 0 {
			seriesOpts = append(seriesOpts, markLines(m, meta)...)
		}
		line.AddSeries(s.Name, points, seriesOpts...)
		meta.Points = append(meta.Points, items)
	}
	line.Validate()
	return line.JSON()
}

// stepOf is how a running count of things opened is drawn: it holds until the next opening, so
// the line steps at each one (chart.ShapeStep); anything else is a plain line.
func stepOf(m chart.Model) any {
	if chart.ShapeOf(m) == chart.ShapeStep {
		return "end"
	}
	return nil
}

// markLines are the targets and milestones, on the first series (ECharts draws mark lines per
// series); meta.Marks says what each one is, for its tooltip.
func markLines(m chart.Model, meta *Meta) []charts.SeriesOpts {
	var items []charts.SeriesOpts
	for _, t := range m.Targets {
		if t.Start != "" && (t.Date < m.Span.From || t.Start > m.Span.To) {
			continue // a plan of a period off the axis
		}
		if t.Start != "" { // a plan of one period: a segment over that period, within the axis
			items = append(items, charts.WithMarkLineNameCoordItemOpts(opts.MarkLineNameCoordItem{Name: t.Label,
				Coordinate0: []any{max(t.Start, m.Span.From), t.Value}, Coordinate1: []any{min(t.Date, m.Span.To), t.Value}}))
		} else {
			items = append(items, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: t.Label, YAxis: t.Value}))
		}
		meta.Marks = append(meta.Marks, Mark{Kind: "target", Label: t.Label})
	}
	for _, ms := range m.Milestones {
		items = append(items, charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: strconv.Itoa(ms.N), XAxis: ms.At}))
		meta.Marks = append(meta.Marks, Mark{Kind: "milestone", Label: ms.Label, N: ms.N, Title: ms.Title, Source: ms.Source})
	}
	for _, b := range m.Breaks {
		items = append(items, charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: b.Label, XAxis: b.Date}))
		meta.Marks = append(meta.Marks, Mark{Kind: "break", Label: b.Label + " · " + b.RegionName, Title: b.Note})
	}
	if len(items) > 0 {
		items = append(items, charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b}"}}))
	}
	return items
}

// compareBars compares the series period by period: grouped bars for levels, stacked bars for
// flows (whose sum means something); the periods in time order.
func compareBars(m chart.Model, meta *Meta) map[string]any {
	cats, idx := chart.Categories(m)
	labels := make([]string, len(cats))
	for i, p := range cats {
		labels[i] = p.Label
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(m, gridFor(m.Series, len(cats) > zoomAbove), true),
		charts.WithYAxisOpts(valueAxis(m)))...)
	if len(cats) > zoomAbove {
		bar.SetGlobalOptions(charts.WithDataZoomOpts(opts.DataZoom{Type: "inside", XAxisIndex: []int{0}},
			opts.DataZoom{Type: "slider", XAxisIndex: []int{0}}))
	}
	bar.SetXAxis(labels)
	for i, s := range m.Series {
		values := make([]opts.BarData, len(cats))
		items := make([]*Item, len(cats))
		for j := range values {
			values[j] = opts.BarData{Value: "-"}
		}
		for j, p := range s.Points {
			if k := idx[i][j]; k >= 0 {
				values[k] = opts.BarData{Value: p.Value}
				items[k] = itemOf(p, m.Sources)
			}
		}
		barOpts := opts.BarChart{}
		label := opts.Label{Show: opts.Bool(len(cats) <= 12), Position: "top"} // each bar's value, as in the image
		if !m.Cumulative {
			barOpts.Stack = "total"
			label.Position = "inside"
		}
		bar.AddSeries(s.Name, values, charts.WithBarChartOpts(barOpts), charts.WithLabelOpts(label))
		meta.Points = append(meta.Points, items)
	}
	bar.Validate()
	return bar.JSON()
}

// latestBars puts the newest figure of each series side by side.
func latestBars(m chart.Model, meta *Meta) map[string]any {
	names, values, items := oneBarEach(m)
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(m, opts.Grid{Left: "56", Right: "40", Top: "72", Bottom: "36"}, false),
		charts.WithYAxisOpts(valueAxis(m)))...)
	bar.SetXAxis(names)
	bar.AddSeries(chart.Word(m.Lang, "latest"), values,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "40%"}))
	meta.Points = [][]*Item{items}
	bar.Validate()
	return bar.JSON()
}

// progressBars shows each series' newest figure as a bar against the target, with its period
// and what is left to reach it.
func progressBars(m chart.Model, meta *Meta) map[string]any {
	target := chart.Target{Value: 100}
	if len(m.Targets) > 0 {
		target = m.Targets[0]
	}
	names, values, items := oneBarEach(m)
	for i, s := range m.Series {
		p := s.Points[0]
		label := chart.ProgressLabel(m, target, p)
		values[i].Label = &opts.Label{Show: opts.Bool(true), Position: "insideLeft", Formatter: escapeFormatter(label)}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(m, opts.Grid{Left: "120", Right: "48", Top: "72", Bottom: "36"}, false),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: target.Value, Name: m.Unit}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))...)
	bar.SetXAxis(names).XYReversal()
	bar.AddSeries(chart.Word(m.Lang, "latest"), values, charts.WithBarChartOpts(opts.BarChart{ShowBackground: opts.Bool(true), BarWidth: "50%"}))
	meta.Points = [][]*Item{items}
	bar.Validate()
	option := bar.JSON()
	return option
}

// Height is the height a chart wants on the page in pixels; 0 for the stylesheet's default.
func Height(m chart.Model) int {
	if m.View == chart.ViewProgress {
		return 120 + 56*len(m.Series)
	}
	return 0
}

func oneBarEach(m chart.Model) ([]string, []opts.BarData, []*Item) {
	names := make([]string, len(m.Series))
	values := make([]opts.BarData, len(m.Series))
	items := make([]*Item, len(m.Series))
	for i, s := range m.Series {
		p := s.Points[0]
		names[i] = s.Name
		values[i] = opts.BarData{Value: p.Value}
		items[i] = itemOf(p, m.Sources)
	}
	return names, values, items
}

// escapeFormatter keeps a label literal: ECharts reads {a}, {b}, {c} in formatters as
// placeholders, so braces in staff text would be replaced.
func escapeFormatter(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r != '{' && r != '}' {
			out = append(out, r)
		}
	}
	return string(out)
}

// valueAxis is the y axis of a metric: from zero, whole numbers for counts, 0–100 for percents.
func valueAxis(m chart.Model) opts.YAxis {
	y := opts.YAxis{Type: "value", Name: m.Unit, Min: 0}
	if m.Kind == data.KindCount {
		y.MinInterval = 1
	}
	if m.Kind == data.KindPercent {
		y.Max = 100
	}
	return y
}

// timeAxis spans the model's span; ticks are no finer than the finest figure, so yearly figures
// get a tick a year, not "4月 7月 10月".
func timeAxis(m chart.Model) opts.XAxis {
	ax := opts.XAxis{Type: "time"}
	if m.Span.From != "" {
		ax.Min = m.Span.From
	}
	if m.Span.To != "" {
		ax.Max = m.Span.To
	}
	const day = 24 * 3600 * 1000
	finest := map[string]float64{data.Year: 365 * day, data.Quarter: 90 * day, data.Month: 28 * day, data.Day: day}
	ax.MinInterval = finest[data.Year]
	for _, s := range m.Series {
		for _, p := range s.Points {
			ax.MinInterval = min(ax.MinInterval, finest[p.Granularity])
		}
	}
	ax.MinInterval = max(ax.MinInterval, 28*day)
	return ax
}

// gridFor leaves room above the plot for the title and a legend that wraps onto more lines as
// series grow, and below it for the zoom slider when there is one.
func gridFor(series []chart.Series, zoom bool) opts.Grid {
	width := 0
	for _, s := range series {
		width += 40 + 13*len([]rune(s.Name))
	}
	lines := 1 + width/520
	bottom := 36
	if zoom {
		bottom = 80
	}
	return opts.Grid{Left: "56", Right: "88", Top: strconv.Itoa(50 + 22*lines + 28), Bottom: strconv.Itoa(bottom)}
}

// downloadIcon is ECharts' own "save as image" icon, so the button looks as readers know it.
const downloadIcon = "path://M4.7,22.9L29.3,45.5L54.7,23.4M4.6,43.6L4.6,58L53.8,58L53.8,43.6M29.2,45.1L29.2,0"

// Download is the toolbox's save button: not ECharts' canvas snapshot (no sources, no as-of, no
// demo watermark) but the server's PNG of the same view at scale 2, which always carries them.
// ECharts calls a custom feature "my…"; app.js gives it the onclick that downloads URL as File.
type Download struct {
	Show  bool   `json:"show"`
	Title string `json:"title"`
	Icon  string `json:"icon"`
	URL   string `json:"url"`
	File  string `json:"file"`
}

// ImageURL is the server PNG of the model's view at scale 2: what the save button downloads.
func ImageURL(m chart.Model) string {
	q := "scale=2"
	if m.Query != "" {
		q = m.Query + "&" + q
	}
	return "/charts/" + url.PathEscape(m.Chart) + ".png?" + q
}

// saveAsImageToolbox is the toolbox with the save button only; name is the saved file's name.
func saveAsImageToolbox(m chart.Model, name string) any {
	type feature struct {
		MyDownload Download `json:"myDownload"`
	}
	type toolbox struct {
		opts.Toolbox
		Feature feature `json:"feature"`
	}
	return toolbox{
		Toolbox: opts.Toolbox{Show: opts.Bool(true), Right: "8", Top: "0"},
		Feature: feature{MyDownload: Download{Show: true, Title: chart.Word(m.Lang, "save_image"), Icon: downloadIcon,
			URL: ImageURL(m), File: name + ".png"}},
	}
}
