package image

import (
	"testing"

	"github.com/go-analyze/charts"

	"pjsx/dashboard/chart"
)

// A PNG's markers are stamped from sprites; each must give the pixels drawing it in place gives
// (within rounding: the painter blends in 16 bits, the stamp in 8), at every look, fill and scale,
// over white and over a line already drawn. (At the picture's very edge the painter's rasterizer
// folds what lies outside into the first column and the stamp cuts it; no marker is drawn there.)
func TestStampedMarkersMatchDrawnOnes(t *testing.T) {
	for _, s := range []float64{1, 2} {
		for i := range len(chart.Markers) * len(chart.Dashes) {
			for _, hollow := range []bool{false, true} {
				for _, r := range []float64{pointMarker, legendMarker} {
					drawn := newTestCanvas(s)
					stamped := newTestCanvas(s)
					stamped.pix = painterRGBA(stamped.p)
					for _, at := range [][2]int{{20, 20}, {41, 23}, {9, 30}, {70, 9}} {
						drawMarker(drawn.p, s, i, at[0], at[1], r, hollow)
						stamped.marker(i, at[0], at[1], r, hollow)
					}
					want, got := painterRGBA(drawn.p), stamped.pix
					changed := 0
					for k := range want.Pix {
						d := int(want.Pix[k]) - int(got.Pix[k])
						if d < -4 || d > 4 {
							t.Fatalf("scale %v, series %d, hollow %v, r %v: byte %d (pixel %d,%d) is %d, drawn %d",
								s, i, hollow, r, k, k/4%want.Rect.Dx(), k/4/want.Rect.Dx(), got.Pix[k], want.Pix[k])
						}
						if want.Pix[k] != 0xff {
							changed++
						}
					}
					if changed == 0 {
						t.Fatalf("scale %v, series %d: no marker drawn", s, i)
					}
					if len(stamped.sprites) != 1 {
						t.Errorf("%d sprites for one look, want 1", len(stamped.sprites))
					}
				}
			}
		}
	}
}

// newTestCanvas is an 80×40 PNG canvas at scale s, white with a line across.
func newTestCanvas(s float64) *canvas {
	w, h := int(80*s), int(40*s)
	c := &canvas{s: s, w: w, h: h, format: PNG}
	c.p = charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputPNG, Width: w, Height: h})
	c.p.FilledRect(0, 0, w, h, white, white, 0)
	c.p.LineStroke([]charts.Point{{X: 0, Y: int(20 * s)}, {X: w, Y: int(22 * s)}}, colorOf(3), 2*s)
	return c
}
