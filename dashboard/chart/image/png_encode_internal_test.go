package image

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"github.com/go-analyze/charts"
)

// The PNG encoded from the painter's picture holds the same pixels as the painter's own PNG, and
// is reached the fast way (not through the fallback).
func TestEncodePNGKeepsThePaintersPixels(t *testing.T) {
	if !rendererFieldOK {
		t.Fatal("the painter's renderer is not reachable: every PNG would be encoded the slow way")
	}
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputPNG, Width: 120, Height: 80})
	p.FilledRect(0, 0, 120, 80, white, white, 0)
	p.LineStroke([]charts.Point{{X: 5, Y: 70}, {X: 60, Y: 10}, {X: 115, Y: 50}}, colorOf(0), 2)
	p.FilledRect(20, 20, 40, 40, targetInk, targetInk, 0)
	p.LineStroke([]charts.Point{{X: 0, Y: 40}, {X: 120, Y: 40}}, demoColor, 3) // translucent ink on white stays opaque
	want, err := p.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	got, err := encodePNG(p)
	if err != nil {
		t.Fatal(err)
	}
	a, b := decodePNG(t, want), decodePNG(t, got)
	if a.Bounds() != b.Bounds() {
		t.Fatalf("bounds %v, want %v", b.Bounds(), a.Bounds())
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r0, g0, b0, a0 := a.At(x, y).RGBA()
			r1, g1, b1, a1 := b.At(x, y).RGBA()
			if r0 != r1 || g0 != g1 || b0 != b1 || a0 != a1 {
				t.Fatalf("pixel %d,%d = %v, want %v", x, y, b.At(x, y), a.At(x, y))
			}
		}
	}
}

// A picture with transparency is encoded by image/png, alpha kept.
func TestFlatPNGKeepsTransparency(t *testing.T) {
	im := image.NewRGBA(image.Rect(0, 0, 4, 3))
	im.Pix[3] = 0x80
	b, err := flatPNG(im)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := decodePNG(t, b).At(0, 0).RGBA(); a != 0x8080 {
		t.Fatalf("alpha %x, want 8080", a)
	}
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	im, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// Pictures of every kind of row come back pixel for pixel: odd widths (the last pixel copied on
// its own), runs, noise, repeated rows, rows longer than deflate's 32 KB window and marks
// repeated along a row.
func TestFlatPNGRoundTrips(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {3, 2}, {5, 7}, {121, 33}, {11000, 3}, {1500, 80}} {
		im := image.NewRGBA(image.Rect(0, 0, size[0], size[1]))
		seed := uint32(size[0])
		for i := range im.Pix {
			seed = seed*1664525 + 1013904223
			switch {
			case i%4 == 3:
				im.Pix[i] = 0xff
			case i/4%size[0] < size[0]/3: // a run of one colour
				im.Pix[i] = 0xee
			case i/4/size[0]%3 == 1: // a row that repeats the one above
				im.Pix[i] = im.Pix[i-4*size[0]]
			case i/4/size[0]%3 == 2 && i/4%size[0]%40 < 8: // a mark repeated along the row
				im.Pix[i] = byte(i/4%size[0]%40*29 + i%4)
			default:
				im.Pix[i] = byte(seed >> 24)
			}
		}
		b, err := flatPNG(im)
		if err != nil {
			t.Fatal(err)
		}
		got := decodePNG(t, b)
		if got.Bounds() != im.Bounds() {
			t.Fatalf("%v: bounds %v", size, got.Bounds())
		}
		for y := range size[1] {
			for x := range size[0] {
				if r0, g0, b0, _ := im.At(x, y).RGBA(); true {
					r1, g1, b1, a1 := got.At(x, y).RGBA()
					if r0 != r1 || g0 != g1 || b0 != b1 || a1 != 0xffff {
						t.Fatalf("%v: pixel %d,%d = %v, want %v", size, x, y, got.At(x, y), im.At(x, y))
					}
				}
			}
		}
	}
	odd := image.NewRGBA(image.Rect(0, 0, 5, 1)) // transparency in an odd width's last pixel
	for i := range odd.Pix {
		odd.Pix[i] = 0xff
	}
	odd.Pix[19] = 0x80
	b, err := flatPNG(odd)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := decodePNG(t, b).At(4, 0).RGBA(); a != 0x8080 {
		t.Fatalf("alpha %x, want 8080", a)
	}
}
