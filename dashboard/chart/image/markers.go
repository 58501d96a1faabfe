package image

import (
	"github.com/go-analyze/charts"

	"pjsx/dashboard/chart"
)

// Marker radii before scaling: a point's, and the legend's a little smaller.
const (
	pointMarker  = 3.5
	legendMarker = 3
)

// dashOf is the stroke dash of series i (nil for a solid line), after the page's look.
func (c *canvas) dashOf(i int) []float64 {
	switch chart.LookOf(i).Dash {
	case "dashed":
		return []float64{7 * c.s, 4 * c.s}
	}
	return nil
}

// seriesLine draws series i's line (or a part of it) in its colour and dash.
func (c *canvas) seriesLine(i int, path []charts.Point, width float64) {
	col := colorOf(i)
	if dash := c.dashOf(i); dash != nil {
		c.p.DashedLineStroke(path, col, width*c.s, dash)
		return
	}
	c.p.LineStroke(path, col, width*c.s)
}

// marker draws series i's point marker of radius r (before scaling) centred on x, y: filled, or
// hollow (white inside) for a partial period. Its shape follows the page's look, so series
// differ without colour.
func (c *canvas) marker(i, x, y int, r float64, hollow bool) {
	col := colorOf(i)
	fill := col
	if hollow {
		fill = white
	}
	r *= c.s
	ri := int(r + 0.5)
	switch chart.LookOf(i).Marker {
	case "rect":
		c.p.FilledRect(x-ri, y-ri, x+ri, y+ri, fill, col, 1.5*c.s)
	case "diamond":
		c.p.FilledDiamond(x, y, 2*ri+c.px(2), 2*ri+c.px(2), fill, col, 1.5*c.s)
	default:
		c.p.Circle(r, x, y, fill, col, 1.5*c.s)
	}
}
