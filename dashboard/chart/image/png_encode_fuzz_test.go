package image

import (
	"bytes"
	"image"
	"testing"
)

// FuzzFlatPNG: any opaque picture comes back from its PNG pixel for pixel. The fuzzer's bytes are
// the pixels' RGB, width pixels a row; runs, repeats and the row above come from its mutations.
func FuzzFlatPNG(f *testing.F) {
	f.Add(uint8(3), []byte("abcabcabcabcabcabcxyzxyzabcabcabc"))
	f.Add(uint8(40), bytes.Repeat([]byte{0xff, 0xff, 0xff, 1, 2, 3, 0xff, 0xff, 0xff, 9}, 60))
	f.Add(uint8(1), []byte{0, 0, 0})
	f.Fuzz(func(t *testing.T, width uint8, rgb []byte) {
		w := int(width) + 1
		h := len(rgb) / (3 * w)
		if h == 0 {
			return
		}
		im := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range w * h {
			copy(im.Pix[4*i:4*i+3], rgb[3*i:3*i+3])
			im.Pix[4*i+3] = 0xff
		}
		b, err := flatPNG(im)
		if err != nil {
			t.Fatal(err)
		}
		got := decodePNG(t, b)
		for y := range h {
			for x := range w {
				r0, g0, b0, _ := im.At(x, y).RGBA()
				r1, g1, b1, _ := got.At(x, y).RGBA()
				if r0 != r1 || g0 != g1 || b0 != b1 {
					t.Fatalf("%d×%d: pixel %d,%d = %v, want %v", w, h, x, y, got.At(x, y), im.At(x, y))
				}
			}
		}
	})
}
