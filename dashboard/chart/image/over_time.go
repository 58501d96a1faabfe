package image

import (
	"math"
	"strconv"

	"github.com/go-analyze/charts"

	"pjsx/dashboard/chart"
)

// overTime draws each series as dated points on a time axis: a point at its date (the model's
// At), hollow when its period is partial, a break at a gap; targets as dashed labelled lines;
// milestones as numbered dotted lines. Like the page (chart.ShapeOf), a few reports are separate
// points labelled with their dates, a running count of things opened is a step line that holds
// each value until the next opening, and anything longer a plain line.
func (c *canvas) overTime(m chart.Model, plot box) {
	highest := 0.0
	for _, s := range m.Series {
		for _, p := range s.Figures() {
			highest = max(highest, p.Value)
		}
	}
	for _, t := range m.Targets {
		highest = max(highest, t.Value)
	}
	axisFs := c.style(axisPt, mutedColor)
	xLabelH := c.px(axisPt * 2.2)
	v := newValueScale(m, highest, plot.bottom-xLabelH, plot.top+c.px(8))
	left := plot.left + c.valueLabelWidth(v) + c.px(10)
	ts := timeScale{x0: left + c.px(8), x1: plot.right - c.px(8)}
	var ok0, ok1 bool
	ts.t0, ok0 = parseDay(m.Span.From)
	ts.t1, ok1 = parseDay(m.Span.To)
	if !ok0 || !ok1 || !ts.t1.After(ts.t0) {
		return
	}
	c.drawValueAxis(v, left, plot.right)
	for _, t := range ts.ticks(c.textWidth("2024-07", axisFs)) {
		x, _ := ts.x(t.day)
		c.line(x, v.y1, x, v.y0, gridColor, 1, nil)
		c.line(x, v.y0, x, v.y0+c.px(4), axisColor, 1, nil)
		c.centred(t.label, x, v.y0+c.px(axisPt*1.6), axisFs)
	}
	var labels labelPlacer
	for _, t := range m.Targets {
		y := v.y(t.Value)
		x0, x1 := left, plot.right
		if t.Start != "" { // a plan of one period: over that period
			if t.Date < m.Span.From || t.Start > m.Span.To {
				continue
			}
			x0, _ = ts.x(max(t.Start, m.Span.From))
			x1, _ = ts.x(min(t.Date, m.Span.To))
		}
		c.line(x0, y, x1, y, targetInk, 1.2, []float64{6 * c.s, 4 * c.s})
		fs := c.style(labelPt, targetInk)
		// Its label above the line at its start, else at its end, else below it, else lower
		// (another target's label took those); the milestones' numbers make way for it.
		w, h := c.textWidth(t.Label, fs), c.px(labelPt*1.3)
		above, below := y-c.px(4), y+c.px(4)+h
		for _, at := range [][2]int{{x0 + c.px(4), above}, {x1 - c.px(4) - w, above}, {x0 + c.px(4), below}, {x1 - c.px(4) - w, below},
			{x0 + c.px(4), below + c.px(17)}, {x1 - c.px(4) - w, below + c.px(17)}, {x0 + c.px(4), below + c.px(34)}} {
			if labels.place(rect{at[0], at[1] - h, at[0] + w, at[1]}) {
				c.text(t.Label, at[0], at[1], fs)
				break
			}
		}
	}
	labelFs := c.style(labelPt, mutedColor)
	shape := chart.ShapeOf(m)
	// Each series' points are laid out first, then their labels, then the milestones' numbers
	// (a figure's value and date, the newest above all, is what a reader came for: a milestone's
	// number moves a row lower rather than push it off the picture); then everything is drawn,
	// the milestones under the series.
	type label struct {
		lines []string
		x, y  int // the last line's baseline, centred on x
	}
	type dot struct {
		x, y  int
		p     chart.Point
		label *label
	}
	type laidOut struct {
		path []charts.Point
		dots []dot
	}
	series := make([]laidOut, len(m.Series))
	var markers []rect // every point's marker, which labels and the milestones' numbers keep off
	for i, s := range m.Series {
		var path []charts.Point
		var dots []dot
		for _, p := range s.Points {
			x, ok := ts.x(p.At)
			if !ok {
				continue
			}
			if p.Gap {
				path = append(path, charts.Point{X: x, Y: math.MaxInt32})
				continue
			}
			y := v.y(p.Value)
			if n := len(path); shape == chart.ShapeStep && n > 0 && path[n-1].Y != math.MaxInt32 {
				path = append(path, charts.Point{X: x, Y: path[n-1].Y}) // held until this opening
			}
			path = append(path, charts.Point{X: x, Y: y})
			dots = append(dots, dot{x: x, y: y, p: p})
			markers = append(markers, rect{x - c.px(5), y - c.px(5), x + c.px(5), y + c.px(5)})
		}
		series[i] = laidOut{path, dots}
	}
	labels.taken = append(labels.taken, markers...) // no label covers a point, of its series or another
	// nor the legend, into whose row a label over the highest point reaches ("14.7 billion" is wide enough to meet it)
	labels.taken = append(labels.taken, c.legendBoxes...)
	for i := range series {
		dots := series[i].dots
		if len(dots) <= 12 {
			for k, d := range dots {
				text := d.p.LabelText()
				if d.p.Partial {
					text += " (" + chart.Word(m.Lang, "partial") + ")"
				}
				lines := []string{text}
				if shape == chart.ShapePoints { // reports days apart, no line between: each says its date
					lines = append(lines, d.p.Label)
				}
				w, h := 0, c.px(labelPt*1.3)
				for _, l := range lines {
					w = max(w, c.textWidth(l, labelFs))
				}
				tall := h * len(lines)
				// Above the point, else below it, else beside it (left, then right); a label that
				// fits nowhere is left to the table. It stays above the time axis, whose dates it
				// would cover; a pixel either side keeps neighbours from touching where another
				// program measures the font a hair wider.
				side := w/2 + c.px(9)
				for _, at := range [][2]int{{d.x, d.y - c.px(7)}, {d.x, d.y + c.px(7) + tall},
					{d.x - side, d.y + tall/2}, {d.x + side, d.y + tall/2}} {
					inside := at[0]-w/2 >= left && at[0]+w/2 <= c.w // never over the value axis nor off the edge
					if at[1] <= v.y0 && inside && labels.place(rect{at[0] - w/2 - 1, at[1] - tall, at[0] + w/2 + 1, at[1]}) {
						dots[k].label = &label{lines: lines, x: at[0], y: at[1]}
						break
					}
				}
			}
		}
	}
	c.milestones(m, ts, v, &labels)
	h := c.px(labelPt * 1.3)
	for i, s := range series {
		if len(s.dots) > 1 && shape != chart.ShapePoints {
			c.seriesLine(i, s.path, 2)
		}
		for _, d := range s.dots {
			c.marker(i, d.x, d.y, pointMarker, d.p.Partial)
			if l := d.label; l != nil {
				for k, line := range l.lines {
					c.centred(line, l.x, l.y-(len(l.lines)-1-k)*h, labelFs)
				}
			}
		}
	}
}

type rect struct{ x0, y0, x1, y1 int }

// labelPlacer keeps point labels from being drawn over each other.
type labelPlacer struct{ taken []rect }

func (l *labelPlacer) place(r rect) bool {
	for _, t := range l.taken {
		if r.x0 < t.x1 && t.x0 < r.x1 && r.y0 < t.y1 && t.y0 < r.y1 {
			return false
		}
	}
	l.taken = append(l.taken, r)
	return true
}

// milestones draws each milestone as a dotted line and numbers them at the top of the plot.
// Milestones too close to number apart share one label, "4–7", as on the page, rather than a
// column of circles over the points (Line 22's route length has 26 on a phone's 270 px plot); a
// label that would cover another goes a row lower.
func (c *canvas) milestones(m chart.Model, ts timeScale, v valueScale, labels *labelPlacer) {
	type group struct {
		x0, first, last int // the first one's x; the first and last numbers
		xs              []int
	}
	var groups []group
	for _, ms := range m.Milestones {
		x, ok := ts.x(ms.At)
		if !ok {
			continue
		}
		if n := len(groups); n > 0 && x-groups[n-1].x0 < c.px(16) && x >= groups[n-1].x0 {
			groups[n-1].last = ms.N
			groups[n-1].xs = append(groups[n-1].xs, x)
			continue
		}
		groups = append(groups, group{x0: x, first: ms.N, last: ms.N, xs: []int{x}})
	}
	fs := c.style(labelPt-1, inkColor)
	for _, g := range groups {
		text := strconv.Itoa(g.first)
		if g.last != g.first {
			text += "–" + strconv.Itoa(g.last)
		}
		x := (g.xs[0] + g.xs[len(g.xs)-1]) / 2
		half := max(c.px(7), c.textWidth(text, fs)/2+c.px(4)) // a circle, or a pill as wide as "4–7"
		y := v.y1 + c.px(2)
		for row := 0; row < 6; row++ {
			if labels.place(rect{x - half - c.px(1), y - c.px(8), x + half + c.px(1), y + c.px(8)}) {
				break
			}
			y += c.px(17)
		}
		for _, lx := range g.xs {
			c.line(lx, y+c.px(7), lx, v.y0, markColor, 1, []float64{2 * c.s, 3 * c.s})
		}
		if g.last == g.first {
			c.p.Circle(7*c.s, x, y, white, markColor, 1*c.s)
		} else {
			c.p.FilledRect(x-half, y-c.px(7), x+half, y+c.px(7), white, markColor, 1*c.s)
		}
		c.centred(text, x, y+c.px((labelPt-1)*0.45), fs)
	}
}
