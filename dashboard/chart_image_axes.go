package dashboard

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-analyze/charts"

	"pjsx/data"
)

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
