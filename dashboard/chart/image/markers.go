package image

import (
	goimage "image"

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
//
// On a PNG every marker of one look is the same pixels moved by whole pixels, so it is drawn
// once into a sprite and stamped (issue 16: rasterizing ~500 markers one by one was the largest
// part of drawing a chart). An SVG keeps a shape per point.
func (c *canvas) marker(i, x, y int, r float64, hollow bool) {
	if c.pix == nil {
		drawMarker(c.p, c.s, i, x, y, r, hollow)
		return
	}
	k := spriteKey{look: chart.LookOf(i), r: r, hollow: hollow}
	sp, ok := c.sprites[k]
	if !ok {
		sp = c.markerSprite(i, r, hollow)
		if c.sprites == nil {
			c.sprites = map[spriteKey]*goimage.RGBA{}
		}
		c.sprites[k] = sp
	}
	stamp(c.pix, sp, x, y)
}

// spriteKey is what makes two markers the same pixels: the series' look and the marker's size
// and fill.
type spriteKey struct {
	look   chart.SeriesLook
	r      float64
	hollow bool
}

// markerSprite draws series i's marker centred on a transparent square, with room for its
// stroke and antialiasing; stamped over the picture it gives the pixels drawing it there would.
func (c *canvas) markerSprite(i int, r float64, hollow bool) *goimage.RGBA {
	half := c.px(r+2) + c.px(3) // the radius, the diamond's extra and the stroke, and a margin
	side := 2*half + 1
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputPNG, Width: side, Height: side, Font: c.font})
	drawMarker(p, c.s, i, half, half, r, hollow)
	sp := painterRGBA(p)
	if sp == nil { // not a raster painter: never, see painterRGBA
		return goimage.NewRGBA(goimage.Rect(0, 0, 0, 0))
	}
	// Cut to the pixels drawn, with the marker's centre at 0, 0.
	drawn := goimage.Rectangle{}
	for y := range side {
		for x := range side {
			if sp.Pix[sp.PixOffset(x, y)+3] != 0 {
				drawn = drawn.Union(goimage.Rect(x, y, x+1, y+1))
			}
		}
	}
	cut := sp.SubImage(drawn).(*goimage.RGBA)
	cut.Rect = drawn.Sub(goimage.Pt(half, half))
	return cut
}

// stamp puts sprite sp (premultiplied, its centre at 0, 0) over dst with its centre at x, y:
// the painter's "over" in 8 bits, skipping the sprite's transparent pixels.
func stamp(dst, sp *goimage.RGBA, x, y int) {
	at := sp.Rect.Add(goimage.Pt(x, y)).Intersect(dst.Rect)
	for py := at.Min.Y; py < at.Max.Y; py++ {
		d := dst.Pix[dst.PixOffset(at.Min.X, py):dst.PixOffset(at.Max.X, py)]
		s := sp.Pix[sp.PixOffset(at.Min.X-x, py-y):]
		for i := 0; i < len(d); i += 4 {
			switch a := uint32(s[i+3]); a {
			case 0:
			case 0xff:
				copy(d[i:i+4], s[i:i+4])
			default:
				k := 0xff - a
				for j := range 4 {
					d[i+j] = uint8(uint32(s[i+j]) + (uint32(d[i+j])*k+0x7f)/0xff)
				}
			}
		}
	}
}

// drawMarker draws the marker on p at scale s.
func drawMarker(p *charts.Painter, s float64, i, x, y int, r float64, hollow bool) {
	col := colorOf(i)
	fill := col
	if hollow {
		fill = white
	}
	r *= s
	ri := int(r + 0.5)
	px2 := int(2*s + 0.5)
	switch chart.LookOf(i).Marker {
	case "rect":
		p.FilledRect(x-ri, y-ri, x+ri, y+ri, fill, col, 1.5*s)
	case "diamond":
		p.FilledDiamond(x, y, 2*ri+px2, 2*ri+px2, fill, col, 1.5*s)
	default:
		p.Circle(r, x, y, fill, col, 1.5*s)
	}
}
