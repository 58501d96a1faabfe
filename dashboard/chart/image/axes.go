package image

import (
	"math"
	"strconv"
	"strings"
	"time"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// valueScale maps values to the plot's height: from 0 to a round top in 1, 2 or 5 times a power
// of ten (0–100 for a percent), whole steps for counts, so every point and its label fit.
type valueScale struct {
	top    float64
	step   float64
	y0, y1 int // pixel rows of 0 and of top
}

func newValueScale(m chart.Model, highest float64, y0, y1 int) valueScale {
	if m.Kind == data.KindPercent && highest <= 100 {
		return valueScale{top: 100, step: 20, y0: y0, y1: y1}
	}
	step, n := niceStep(highest, m.Kind == data.KindCount)
	return valueScale{top: step * float64(n), step: step, y0: y0, y1: y1}
}

func (v valueScale) y(value float64) int {
	if v.top == 0 {
		return v.y0
	}
	return v.y0 - int(math.Round(value/v.top*float64(v.y0-v.y1)))
}

func (v valueScale) ticks() []float64 {
	var out []float64
	for i := 0; float64(i)*v.step <= v.top*1.0000001 && i < 50; i++ {
		out = append(out, float64(i)*v.step)
	}
	return out
}

// niceStep picks a step (…, 0.5, 1, 2, 5, 10, …; whole for integer) and a number of steps (at
// most 6) that go past top, so the highest point and its label sit inside the chart.
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

// axisValue writes an axis tick without trailing zeros, with digit grouping, in 万/亿 for a
// Chinese reader from 10,000 up, and in the unit's base for an English reader of a unit in
// 10,000s (2.5 million, as the labels read: chart.Worded).
func (c *canvas) axisValue(v float64) string {
	if s := chart.Scaled(v, c.lang, c.unit); s != "" {
		return s
	}
	s := chart.FormatNumber(v, 3)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return chart.Worded(s, c.lang, c.unit)
}

// drawValueAxis draws the tick labels right-aligned left of the plot and a grid line per tick,
// and returns where the plot's area starts on the left.
func (c *canvas) drawValueAxis(v valueScale, left, right int) {
	fs := c.style(axisPt, mutedColor)
	for _, t := range v.ticks() {
		y := v.y(t)
		label := c.axisValue(t)
		c.text(label, left-c.px(6)-c.textWidth(label, fs), y+c.px(axisPt*0.45), fs)
		col := gridColor
		if t == 0 {
			col = axisColor
		}
		c.line(left, y, right, y, col, 1, nil)
	}
}

// valueLabelWidth is the width of the widest tick label of a scale.
func (c *canvas) valueLabelWidth(v valueScale) int {
	fs := c.style(axisPt, mutedColor)
	w := 0
	for _, t := range v.ticks() {
		w = max(w, c.textWidth(c.axisValue(t), fs))
	}
	return w
}

// timeScale maps days to the plot's width over the model's span.
type timeScale struct {
	t0, t1 time.Time
	x0, x1 int
}

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

func (t timeScale) x(day string) (int, bool) {
	d, ok := parseDay(day)
	if !ok || d.Before(t.t0) || d.After(t.t1) {
		return 0, false
	}
	f := float64(d.Sub(t.t0)) / float64(t.t1.Sub(t.t0))
	return t.x0 + int(math.Round(f*float64(t.x1-t.x0))), true
}

// tick is one labelled date of the time axis.
type tick struct {
	day   string
	label string
}

// ticks are labelled first days of months, quarters, years or every few years: the finest step
// whose labels do not crowd, and at least two ticks when the span allows.
func (t timeScale) ticks(labelWidth int) []tick {
	width := float64(t.x1 - t.x0)
	days := t.t1.Sub(t.t0).Hours() / 24
	for _, months := range []int{1, 3, 12, 24, 60, 120} {
		if width*float64(months)*30.4/days < float64(labelWidth)*1.6 && months < 120 {
			continue
		}
		var out []tick
		d := time.Date(t.t0.Year(), t.t0.Month(), 1, 0, 0, 0, 0, time.UTC)
		if d.Before(t.t0) {
			d = d.AddDate(0, 1, 0)
		}
		for ; !d.After(t.t1); d = d.AddDate(0, 1, 0) {
			n := d.Year()*12 + int(d.Month()) - 1
			if n%months != 0 {
				continue
			}
			label := strconv.Itoa(d.Year())
			if d.Month() != time.January {
				label = d.Format("2006-01")
			}
			out = append(out, tick{d.Format("2006-01-02"), label})
		}
		return out
	}
	return nil
}
