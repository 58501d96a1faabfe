package image

import (
	"pjsx/dashboard/chart"
)

// compare draws bars by period: one group per period in time order, a bar per series (stacked
// for flows, whose sum means something).
func (c *canvas) compare(m chart.Model, plot box) {
	cats, idx := chart.Categories(m)
	stacked := !m.Cumulative
	highest := 0.0
	sums := make([]float64, len(cats))
	for i, s := range m.Series {
		for j, p := range s.Points {
			if k := idx[i][j]; k >= 0 {
				highest = max(highest, p.Value)
				if stacked && p.Value > 0 {
					sums[k] += p.Value
					highest = max(highest, sums[k])
				}
			}
		}
	}
	axisFs := c.style(axisPt, mutedColor)
	v := newValueScale(m, highest, plot.bottom-c.px(axisPt*2.2), plot.top+c.px(labelPt*2))
	left := plot.left + c.valueLabelWidth(v) + c.px(10)
	c.drawValueAxis(v, left, plot.right)
	slot := float64(plot.right-left) / float64(max(1, len(cats)))
	groups := len(m.Series)
	if stacked {
		groups = 1
	}
	barW := min(slot*0.7/float64(groups), float64(c.px(48)))
	every := 1
	for every < len(cats) && slot*float64(every) < float64(c.textWidth("2024-Q4", axisFs)+c.px(6)) {
		every++
	}
	for k, p := range cats {
		x := left + int(slot*(float64(k)+0.5))
		if k%every == 0 {
			c.centred(p.Label, x, v.y0+c.px(axisPt*1.6), axisFs)
		}
	}
	base := make([]float64, len(cats))
	labelFs := c.style(labelPt, inkColor)
	onBarFs := c.style(labelPt, white)
	h := c.px(labelPt * 1.3)
	var labels labelPlacer
	for i, s := range m.Series {
		col := colorOf(i)
		for j, p := range s.Points {
			k := idx[i][j]
			if k < 0 {
				continue
			}
			x0 := left + int(slot*(float64(k)+0.5)-barW*float64(groups)/2)
			bottom, top := v.y(0), v.y(p.Value)
			if stacked {
				bottom, top = v.y(base[k]), v.y(base[k]+p.Value)
				base[k] += p.Value
			} else {
				x0 += int(barW * float64(i))
			}
			c.p.FilledRect(x0, top, x0+max(1, int(barW)), bottom, col, col, 0)
			if chart.LookOf(i).Dash == "dashed" { // as its line would be dashed: told apart without colour
				c.hatch(x0, top, x0+max(1, int(barW)), bottom)
			}
			// Its value: inside a stacked part when it fits, above a grouped bar when it does not
			// crowd another label; a label that fits nowhere is left to the table.
			text := p.LabelText()
			w, xm := c.textWidth(text, labelFs), x0+int(barW)/2
			if stacked && bottom-top >= h+c.px(2) && w+c.px(4) <= int(barW) {
				c.centred(text, xm, (top+bottom)/2+h/2-c.px(2), onBarFs)
				continue
			}
			if !stacked {
				if labels.place(rect{xm - w/2, top - c.px(4) - h, xm + w/2, top - c.px(4)}) {
					c.centred(text, xm, top-c.px(4), labelFs)
				}
			}
		}
	}
}

// latest draws the newest figure of each series as a bar, labelled with its text and period.
func (c *canvas) latest(m chart.Model, plot box) {
	highest := 0.0
	for _, s := range m.Series {
		highest = max(highest, s.Points[0].Value)
	}
	axisFs := c.style(axisPt, mutedColor)
	v := newValueScale(m, highest, plot.bottom-c.px(axisPt*2.2), plot.top+c.px(labelPt*2))
	left := plot.left + c.valueLabelWidth(v) + c.px(10)
	c.drawValueAxis(v, left, plot.right)
	slot := float64(plot.right-left) / float64(len(m.Series))
	labelFs := c.style(labelPt, inkColor)
	for i, s := range m.Series {
		p := s.Points[0]
		col := colorOf(0)
		x := left + int(slot*(float64(i)+0.5))
		w := min(int(slot*0.4), c.px(80))
		top := v.y(p.Value)
		c.p.FilledRect(x-w/2, top, x+w/2, v.y(0), col, col, 0)
		c.centred(p.LabelText()+" ("+p.Label+")", x, top-c.px(5), labelFs)
		c.centred(s.Name, x, v.y0+c.px(axisPt*1.6), axisFs)
	}
}

// progress draws each series' newest figure as a horizontal bar from 0 to the target, with its
// text, period and what is left.
func (c *canvas) progress(m chart.Model, plot box) {
	target := chart.Target{Value: 100}
	if len(m.Targets) > 0 {
		target = m.Targets[0]
	}
	axisFs := c.style(axisPt, mutedColor)
	nameW := 0
	for _, s := range m.Series {
		nameW = max(nameW, c.textWidth(s.Name, axisFs))
	}
	left := plot.left + nameW + c.px(10)
	bottom := plot.bottom - c.px(axisPt*2.2)
	scale := func(v float64) int {
		return left + int(min(1, max(0, v/target.Value))*float64(plot.right-left))
	}
	for i := 0; i <= 5; i++ {
		val := target.Value * float64(i) / 5
		x := scale(val)
		c.line(x, plot.top, x, bottom, gridColor, 1, nil)
		c.centred(c.axisValue(val), x, bottom+c.px(axisPt*1.6), axisFs)
	}
	row := float64(bottom-plot.top) / float64(len(m.Series))
	labelFs := c.style(labelPt, inkColor)
	for i, s := range m.Series {
		p := s.Points[0]
		yMid := plot.top + int(row*(float64(i)+0.5))
		h := int(min(row*0.5, float64(c.px(28))))
		c.p.FilledRect(left, yMid-h/2, plot.right, yMid+h/2, gridColor, gridColor, 0)
		c.p.FilledRect(left, yMid-h/2, scale(p.Value), yMid+h/2, colorOf(0), colorOf(0), 0)
		c.text(s.Name, left-c.px(6)-c.textWidth(s.Name, axisFs), yMid+c.px(axisPt*0.45), axisFs)
		label := chart.ProgressLabel(m, target, p)
		c.text(label, left+c.px(6), yMid+c.px(labelPt*0.45), labelFs)
	}
}

// hatch draws white diagonal stripes over a bar, clipped to it.
func (c *canvas) hatch(x0, y0, x1, y1 int) {
	h, gap := y1-y0, c.px(6)
	if h < 2 || x1-x0 < 2 {
		return
	}
	// A stripe from (k, y1) up and right at 45°: the points (k+t, y1-t) for t in [0, h] that lie
	// between x0 and x1.
	for k := x0 - h; k < x1; k += gap {
		t0, t1 := max(0, x0-k), min(h, x1-k)
		if t0 >= t1 {
			continue
		}
		c.line(k+t0, y1-t0, k+t1, y1-t1, white, 1.2, nil)
	}
}
