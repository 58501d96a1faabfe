package dashboard

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"pjsx/data"
)

// newSpec starts a chart of metric m with the labels app.js needs for tooltips.
func newSpec(id, title string, m data.Metric, lang string) chartSpec {
	unit := pick(lang, m.UnitZh, m.UnitEn)
	return chartSpec{ID: id, Title: title, Unit: unit, enc: &encodedOnce{},
		Meta: chartMeta{Lang: lang, Unit: unit, Decimals: m.Decimals,
			SourceLabel: tr(lang, "source"), NoteLabel: tr(lang, "note")}}
}

func subtitleOf(spec chartSpec, lang string) string {
	if spec.AsOf == "" {
		return tr(lang, "unit") + ": " + spec.Unit
	}
	return fmt.Sprintf("%s: %s · %s %s", tr(lang, "unit"), spec.Unit, tr(lang, "as_of"), spec.AsOf)
}

func pointOf(o data.Observation) *pointMeta {
	return &pointMeta{Period: data.FormatPeriod(o.Period, o.Granularity), Value: o.Value, Source: o.Source, Note: o.Note}
}

// barsByPeriod compares the regions period by period: grouped bars for levels, stacked bars for
// flows (whose sum means something). A region without a figure in a period has no bar there.
func barsByPeriod(id string, m data.Metric, groups []seriesGroup, lang string) chartSpec {
	spec := newSpec(id, pick(lang, m.NameZh, m.NameEn)+" · "+tr(lang, "view.compare"), m, lang)
	var all []data.Observation
	periodSet := map[string]string{}
	for _, g := range groups {
		all = append(all, g.Obs...)
		for _, o := range g.Obs {
			periodSet[o.Period] = data.FormatPeriod(o.Period, o.Granularity)
		}
	}
	spec.AsOf, spec.Sources = asOfAndSources(all)
	periods := make([]string, 0, len(periodSet))
	for p := range periodSet {
		periods = append(periods, p)
	}
	sort.Strings(periods)
	labels := make([]string, len(periods))
	for i, p := range periods {
		labels[i] = periodSet[p]
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: spec.Title, Subtitle: subtitleOf(spec, lang), Left: "center"}),
		charts.WithYAxisOpts(valueAxis(m, spec.Unit)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "50", Type: "plain"}),
		charts.WithGridOpts(chartGrid(groups, len(periods) > zoomAbove)),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true),
			Label: &opts.AriaLabel{Enabled: opts.Bool(true), Description: ariaDescription(spec.Title, spec.Unit, groups, m.Decimals, lang)}}),
		charts.WithAnimation(false),
	)
	if len(periods) > zoomAbove {
		bar.SetGlobalOptions(charts.WithDataZoomOpts(opts.DataZoom{Type: "inside", XAxisIndex: []int{0}},
			opts.DataZoom{Type: "slider", XAxisIndex: []int{0}}))
	}
	bar.SetXAxis(labels)
	for _, g := range groups {
		byPeriod := map[string]data.Observation{}
		for _, o := range g.Obs {
			byPeriod[o.Period] = o
		}
		values := make([]opts.BarData, len(periods))
		meta := make([]*pointMeta, len(periods))
		for i, p := range periods {
			if o, ok := byPeriod[p]; ok {
				values[i] = opts.BarData{Value: o.Value}
				meta[i] = pointOf(o)
			} else {
				values[i] = opts.BarData{Value: "-"}
			}
		}
		barOpts := opts.BarChart{}
		if !m.Cumulative {
			barOpts.Stack = "total"
		}
		bar.AddSeries(g.Name, values, charts.WithBarChartOpts(barOpts))
		spec.Meta.Points = append(spec.Meta.Points, meta)
	}
	bar.Validate()
	spec.Option = bar.JSON()
	return spec
}

// barsLatest puts the newest figure of each region side by side.
func barsLatest(id string, m data.Metric, groups []seriesGroup, lang string) chartSpec {
	spec := newSpec(id, pick(lang, m.NameZh, m.NameEn)+" · "+tr(lang, "view.latest"), m, lang)
	names, latest := newestPerSeries(groups)
	values := make([]opts.BarData, len(latest))
	meta := make([]*pointMeta, len(latest))
	for i, o := range latest {
		values[i] = opts.BarData{Value: o.Value}
		meta[i] = pointOf(o)
	}
	spec.AsOf, spec.Sources = asOfAndSources(latest)
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(oneSeriesBars(spec, m, groups, lang, opts.Grid{Left: "56", Right: "40", Top: "72", Bottom: "36"}),
		charts.WithYAxisOpts(valueAxis(m, spec.Unit)))...)
	bar.SetXAxis(names)
	bar.AddSeries(tr(lang, "latest"), values,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "40%"}))
	spec.Meta.Points = [][]*pointMeta{meta}
	bar.Validate()
	spec.Option = bar.JSON()
	return spec
}

// progressBars shows, for a percent metric with a target, the newest figure of each region as
// a bar against the target, with its date and what is left to reach it.
func progressBars(id string, m data.Metric, groups []seriesGroup, lang string) chartSpec {
	spec := newSpec(id, pick(lang, m.NameZh, m.NameEn)+" · "+tr(lang, "view.progress"), m, lang)
	target := 100.0
	if m.Target != nil {
		target = *m.Target
	}
	names, latest := newestPerSeries(groups)
	values := make([]opts.BarData, len(latest))
	meta := make([]*pointMeta, len(latest))
	for i, o := range latest {
		left := max(0, target-o.Value)
		label := fmt.Sprintf("%s%s (%s) · %s %s%s", formatValue(o.Value, m.Decimals), spec.Unit,
			data.FormatPeriod(o.Period, o.Granularity), tr(lang, "view.to_go"), formatValue(left, m.Decimals), spec.Unit)
		values[i] = opts.BarData{Value: o.Value,
			Label: &opts.Label{Show: opts.Bool(true), Position: "insideLeft", Formatter: escapeFormatter(label)}}
		meta[i] = pointOf(o)
	}
	spec.AsOf, spec.Sources = asOfAndSources(latest)
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(oneSeriesBars(spec, m, groups, lang, opts.Grid{Left: "120", Right: "48", Top: "72", Bottom: "36"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: target, Name: spec.Unit}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))...)
	bar.SetXAxis(names).XYReversal()
	bar.AddSeries(tr(lang, "latest"), values, charts.WithBarChartOpts(opts.BarChart{ShowBackground: opts.Bool(true), BarWidth: "50%"}))
	spec.Meta.Points = [][]*pointMeta{meta}
	bar.Validate()
	spec.Option = bar.JSON()
	spec.Height = 120 + 56*len(names)
	return spec
}

// escapeFormatter keeps a label literal: ECharts reads {a}, {b}, {c} in formatters as
// placeholders, so braces in staff text would be replaced.
func escapeFormatter(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '{' || r == '}' {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// HeightPx is the chart's height in pixels for the page, when it is not the default.
func (c chartSpec) HeightPx() string {
	if c.Height == 0 {
		return ""
	}
	return strconv.Itoa(c.Height) + "px"
}

// HasNotes says whether any figure of the table has a note (else the column is left out).
func (c chartSpec) HasNotes() bool {
	for _, r := range c.Table {
		if r.Note != "" {
			return true
		}
	}
	return false
}

// newestPerSeries is the newest figure of each series that has one, with the series' names:
// what the latest and progress views show.
func newestPerSeries(groups []seriesGroup) ([]string, []data.Observation) {
	var names []string
	var latest []data.Observation
	for _, g := range groups {
		if len(g.Obs) > 0 {
			names = append(names, g.Name)
			latest = append(latest, g.Obs[len(g.Obs)-1])
		}
	}
	return names, latest
}

// oneSeriesBars are the options the single-series bar views share: title with unit and as-of
// date, item tooltips, no legend, the screen-reader description.
func oneSeriesBars(spec chartSpec, m data.Metric, groups []seriesGroup, lang string, grid opts.Grid) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: spec.Title, Subtitle: subtitleOf(spec, lang), Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(grid),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true),
			Label: &opts.AriaLabel{Enabled: opts.Bool(true), Description: ariaDescription(spec.Title, spec.Unit, groups, m.Decimals, lang)}}),
		charts.WithAnimation(false),
	}
}
