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
	// The milestones' numbered markers at the top; one that would cover another goes a row lower.
	for _, ms := range m.Milestones {
		x, ok := ts.x(ms.At)
		if !ok {
			continue
		}
		y := v.y1 + c.px(2)
		for row := 0; row < 6; row++ {
			if labels.place(rect{x - c.px(8), y - c.px(8), x + c.px(8), y + c.px(8)}) {
				break
			}
			y += c.px(17)
		}
		c.line(x, y+c.px(7), x, v.y0, markColor, 1, []float64{2 * c.s, 3 * c.s})
		c.p.Circle(7*c.s, x, y, white, markColor, 1*c.s)
		fs := c.style(labelPt-1, inkColor)
		c.centred(strconv.Itoa(ms.N), x, y+c.px((labelPt-1)*0.45), fs)
	}
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
		// Its label above the line at its start, else at its end, else below it; where the
		// milestones' numbers crowd all of those, under their rows.
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
	for i, s := range m.Series {
		var path []charts.Point
		type dot struct {
			x, y int
			p    chart.Point
		}
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
			dots = append(dots, dot{x, y, p})
		}
		if len(dots) > 1 && shape != chart.ShapePoints {
			c.seriesLine(i, path, 2)
		}
		showLabels := len(dots) <= 12
		for _, d := range dots {
			c.marker(i, d.x, d.y, pointMarker, d.p.Partial)
			if showLabels {
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
				// Above the point, else below it, else beside it (left, then right: milestones'
				// numbers crowd the top); a label that fits nowhere is left to the table.
				// It stays above the time axis, whose dates it would cover; a pixel either side
				// keeps neighbours from touching where another program measures the font a hair wider.
				side := w/2 + c.px(9)
				for _, at := range [][2]int{{d.x, d.y - c.px(7)}, {d.x, d.y + c.px(7) + tall},
					{d.x - side, d.y + tall/2}, {d.x + side, d.y + tall/2}} {
					inside := at[0]-w/2 >= left && at[0]+w/2 <= c.w // never over the value axis nor off the edge
					if at[1] <= v.y0 && inside && labels.place(rect{at[0] - w/2 - 1, at[1] - tall, at[0] + w/2 + 1, at[1]}) {
						for k, l := range lines {
							c.centred(l, at[0], at[1]-(len(lines)-1-k)*h, labelFs)
						}
						break
					}
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
