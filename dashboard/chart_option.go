package dashboard

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"pjsx/data"
)

// seriesGroup is the figures of one region (or the joint figure) in period order.
type seriesGroup struct {
	Region string
	Name   string
	Obs    []data.Observation
}

// groupByRegion splits current figures into one series per region, the four places first in
// their order, the joint figure last.
func groupByRegion(obs []data.Observation, regions []data.Region, lang string) []seriesGroup {
	byCode := map[string]*seriesGroup{}
	for _, o := range obs {
		g := byCode[o.Region]
		if g == nil {
			g = &seriesGroup{Region: o.Region, Name: regionName(o.Region, regions, lang)}
			byCode[o.Region] = g
		}
		g.Obs = append(g.Obs, o)
	}
	order := map[string]int{"": 1 << 30}
	for _, r := range regions {
		order[r.Code] = r.Sort
	}
	out := make([]seriesGroup, 0, len(byCode))
	for _, g := range byCode {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i].Region] < order[out[j].Region] })
	return out
}

func regionName(code string, regions []data.Region, lang string) string {
	if code == "" {
		return tr(lang, "joint")
	}
	for _, r := range regions {
		if r.Code == code {
			return pick(lang, r.NameZh, r.NameEn)
		}
	}
	return code
}

// formatValue writes a figure with the metric's decimals and digit grouping.
func formatValue(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// lineExtras are the optional parts of an over-time chart.
type lineExtras struct {
	Granularity string       // "" as entered; else periods without a figure are drawn as gaps
	Events      []data.Event // milestones to mark as vertical lines
	Regions     []data.Region
}

// lineOverTime builds the "over time" chart of one metric: a line per region on a time axis,
// the target as a dashed line where one is set, milestones as marked lines, integer axes for
// counts, zoom on long series.
func lineOverTime(id string, m data.Metric, obs []data.Observation, regions []data.Region, lang string) chartSpec {
	return lineChart(id, pick(lang, m.NameZh, m.NameEn), m, groupByRegion(obs, regions, lang), lang, lineExtras{Regions: regions})
}

// lineChart draws several series on one time axis; m gives the unit, kind, decimals and target
// they share (the Line 22 progress chart puts several percent metrics side by side, each its own
// series, never merged).
func lineChart(id, title string, m data.Metric, groups []seriesGroup, lang string, x lineExtras) chartSpec {
	unit := pick(lang, m.UnitZh, m.UnitEn)
	spec := chartSpec{
		ID:    id,
		Title: title,
		Unit:  unit,
		enc:   &encodedOnce{},
		Meta: chartMeta{Lang: lang, Unit: unit, Decimals: m.Decimals,
			SourceLabel: tr(lang, "source"), NoteLabel: tr(lang, "note")},
	}
	var obs []data.Observation
	for _, g := range groups {
		obs = append(obs, g.Obs...)
	}
	spec.AsOf, spec.Sources = asOfAndSources(obs)

	line := charts.NewLine()
	subtitle := unit
	if spec.AsOf != "" {
		subtitle = fmt.Sprintf("%s: %s · %s %s", tr(lang, "unit"), unit, tr(lang, "as_of"), spec.AsOf)
	}
	longest := 0
	for _, g := range groups {
		longest = max(longest, len(g.Obs))
	}
	global := []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: spec.Title, Subtitle: subtitle, Left: "center"}),
		charts.WithXAxisOpts(timeAxis(obs)),
		charts.WithYAxisOpts(valueAxis(m, unit)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "50", Type: "plain"}),
		charts.WithGridOpts(chartGrid(groups, longest > zoomAbove)),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true),
			Label: &opts.AriaLabel{Enabled: opts.Bool(true), Description: ariaDescription(spec.Title, unit, groups, m.Decimals, lang)}}),
		charts.WithAnimation(false),
	}
	if longest > zoomAbove {
		global = append(global, charts.WithDataZoomOpts(
			opts.DataZoom{Type: "inside", XAxisIndex: []int{0}},
			opts.DataZoom{Type: "slider", XAxisIndex: []int{0}},
		))
	}
	line.SetGlobalOptions(global...)
	var periods []string
	if x.Granularity != "" && len(obs) > 0 {
		first, last := obs[0].Period, obs[0].Period
		for _, o := range obs {
			first, last = min(first, o.Period), max(last, o.Period)
		}
		periods = periodsBetween(first, last, x.Granularity)
	}
	for i, g := range groups {
		points, meta := linePoints(g, periods, m.Decimals)
		for _, o := range g.Obs {
			spec.Table = append(spec.Table, tableRow{Region: g.Name, Period: data.FormatPeriod(o.Period, o.Granularity),
				Value: formatValue(o.Value, m.Decimals), Source: o.Source, Note: o.Note})
		}
		seriesOpts := []charts.SeriesOpts{
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), SymbolSize: 8, ConnectNulls: opts.Bool(false)}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(g.Obs) <= 12), Position: "top"}),
		}
		if i == 0 {
			seriesOpts = append(seriesOpts, markLines(m, unit, x.Events, lang)...)
		}
		line.AddSeries(g.Name, points, seriesOpts...)
		spec.Meta.Points = append(spec.Meta.Points, meta)
	}
	line.Validate()
	spec.Option = line.JSON()
	spec.Option["toolbox"] = saveAsImageToolbox(lang, strings.TrimPrefix(id, "chart-"))
	return spec
}

// zoomAbove is how many points a series may have before the chart gets zoom controls.
const zoomAbove = 24

// linePoints is one series' data: figures at their period and, when periods are given, a "-"
// (ECharts' gap) at every period without a figure, so a line never bridges missing data.
func linePoints(g seriesGroup, periods []string, decimals int) ([]opts.LineData, []*pointMeta) {
	var points []opts.LineData
	var meta []*pointMeta
	add := func(o data.Observation) {
		points = append(points, opts.LineData{Value: []any{o.Period, o.Value}})
		meta = append(meta, &pointMeta{Period: data.FormatPeriod(o.Period, o.Granularity), Value: o.Value, Source: o.Source, Note: o.Note})
	}
	if periods == nil {
		for _, o := range g.Obs {
			add(o)
		}
		return points, meta
	}
	byPeriod := map[string]data.Observation{}
	for _, o := range g.Obs {
		byPeriod[o.Period] = o
	}
	seen := map[string]bool{}
	for _, p := range periods {
		if o, ok := byPeriod[p]; ok {
			add(o)
			seen[p] = true
		} else {
			points = append(points, opts.LineData{Value: []any{p, "-"}})
			meta = append(meta, nil)
		}
	}
	for _, o := range g.Obs { // coarser figures that kept their own period
		if !seen[o.Period] && !contains(periods, o.Period) {
			add(o)
		}
	}
	return points, meta
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// markLines draws the metric's target and the milestones of its category on the first series.
func markLines(m data.Metric, unit string, events []data.Event, lang string) []charts.SeriesOpts {
	var items []charts.SeriesOpts
	if m.Target != nil {
		items = append(items, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{
			Name:  fmt.Sprintf("%s %s%s", tr(lang, "target"), formatValue(*m.Target, 0), unit),
			YAxis: *m.Target,
		}))
	}
	for _, e := range events {
		items = append(items, charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{
			Name:  eventDate(e, lang) + " " + pick(lang, e.TitleZh, e.TitleEn),
			XAxis: e.Date,
		}))
	}
	if len(items) > 0 {
		items = append(items, charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b}"}}))
	}
	return items
}

// valueAxis is the y axis of a metric: from zero, whole numbers for counts, 0–100 for percents.
func valueAxis(m data.Metric, unit string) opts.YAxis {
	y := opts.YAxis{Type: "value", Name: unit, Min: 0}
	if m.Kind == data.KindCount {
		y.MinInterval = 1
	}
	if m.Kind == data.KindPercent {
		y.Max = 100
	}
	return y
}

// asOfAndSources gives the label of the newest period among the figures and their distinct
// sources in order of first appearance.
func asOfAndSources(obs []data.Observation) (string, []string) {
	newest, label := "", ""
	seen := map[string]bool{}
	var sources []string
	for _, o := range obs {
		if o.Period > newest {
			newest, label = o.Period, data.FormatPeriod(o.Period, o.Granularity)
		}
		for _, src := range strings.Split(o.Source, "; ") {
			if !seen[src] {
				seen[src] = true
				sources = append(sources, src)
			}
		}
	}
	return label, sources
}

// ariaDescription reads the chart out for screen readers, since the canvas says nothing: every
// figure of a short chart; for a long one, each series' first, last, lowest and highest figure
// (the table under the chart has them all).
func ariaDescription(title, unit string, groups []seriesGroup, decimals int, lang string) string {
	var b strings.Builder
	b.WriteString(title)
	b.WriteString(" (" + unit + ")")
	sep := "。"
	if lang == langEn {
		sep = ". "
	}
	b.WriteString(sep)
	total := 0
	for _, g := range groups {
		total += len(g.Obs)
	}
	label := func(o data.Observation) string {
		return data.FormatPeriod(o.Period, o.Granularity) + ": " + formatValue(o.Value, decimals)
	}
	for _, g := range groups {
		if len(g.Obs) == 0 {
			continue
		}
		if total <= 24 {
			parts := make([]string, len(g.Obs))
			for i, o := range g.Obs {
				parts[i] = label(o)
			}
			b.WriteString(g.Name + " — " + strings.Join(parts, ", ") + sep)
			continue
		}
		lo, hi := g.Obs[0], g.Obs[0]
		for _, o := range g.Obs {
			if o.Value < lo.Value {
				lo = o
			}
			if o.Value > hi.Value {
				hi = o
			}
		}
		b.WriteString(fmt.Sprintf("%s — %s %d, %s %s, %s %s, %s %s, %s %s%s", g.Name,
			tr(lang, "aria.count"), len(g.Obs), tr(lang, "aria.first"), label(g.Obs[0]),
			tr(lang, "aria.last"), label(g.Obs[len(g.Obs)-1]), tr(lang, "aria.low"), label(lo),
			tr(lang, "aria.high"), label(hi), sep))
	}
	if total > 24 {
		b.WriteString(tr(lang, "chart.aria"))
	}
	return b.String()
}

// timeAxis spans whole years around the figures, so a lone yearly figure sits inside the chart
// with its year labelled rather than on an edge.
func timeAxis(obs []data.Observation) opts.XAxis {
	ax := opts.XAxis{Type: "time"}
	if len(obs) == 0 {
		return ax
	}
	first, last := obs[0].Period, obs[0].Period
	for _, o := range obs {
		first, last = min(first, o.Period), max(last, o.Period)
	}
	y0, _ := strconv.Atoi(first[:4])
	y1, _ := strconv.Atoi(last[:4])
	if first[5:] == "01-01" {
		y0--
	}
	ax.Min = fmt.Sprintf("%04d-01-01", y0)
	ax.Max = fmt.Sprintf("%04d-01-01", y1+1)
	// Ticks no finer than the finest figure: yearly figures get a tick a year, not "4月 7月 10月".
	const day = 24 * 3600 * 1000
	finest := map[string]float64{data.Year: 365 * day, data.Quarter: 90 * day, data.Month: 28 * day}
	ax.MinInterval = finest[data.Year]
	for _, o := range obs {
		ax.MinInterval = min(ax.MinInterval, finest[o.Granularity])
	}
	return ax
}

// chartGrid leaves room above the plot for the title and a legend that wraps onto more lines as
// series grow, and below it for the zoom slider when there is one.
func chartGrid(groups []seriesGroup, zoom bool) opts.Grid {
	width := 0
	for _, g := range groups {
		width += 40 + 13*len([]rune(g.Name))
	}
	lines := 1 + width/520
	bottom := 36
	if zoom {
		bottom = 80
	}
	return opts.Grid{Left: "56", Right: "88", Top: strconv.Itoa(50 + 22*lines + 28), Bottom: strconv.Itoa(bottom)}
}
