package chart_test

import (
	"fmt"
	"math"
	"testing"

	"pjsx/dashboard/chart"
)

// contrastOnWhite is WCAG 2's contrast ratio of a "#rrggbb" colour against white.
func contrastOnWhite(t *testing.T, hex string) float64 {
	var r, g, b uint8
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		t.Fatalf("%q: %v", hex, err)
	}
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	return 1.05 / (l + 0.05)
}

// TestPaletteContrastsWithWhite: every series colour reaches 3:1 on white (WCAG's floor for
// graphics), the yellow, green and cyan of ECharts' default palette (1.6–2.0:1) do not.
func TestPaletteContrastsWithWhite(t *testing.T) {
	for _, c := range chart.Palette {
		if r := contrastOnWhite(t, c); r < 3 {
			t.Errorf("%s: contrast %.2f:1 on white, want at least 3:1", c, r)
		}
	}
	if r := contrastOnWhite(t, "#fac858"); r >= 3 { // the check itself: ECharts' yellow fails it
		t.Errorf("ECharts' yellow measured %.2f:1", r)
	}
}

// TestSeriesDifferWithoutColour: the first six series each have their own marker and dash, so
// no two read alike in grey.
func TestSeriesDifferWithoutColour(t *testing.T) {
	seen := map[[2]string]int{}
	for i := range 6 {
		l := chart.LookOf(i)
		k := [2]string{l.Marker, l.Dash}
		if j, ok := seen[k]; ok {
			t.Errorf("series %d and %d both %v", j, i, k)
		}
		seen[k] = i
	}
}
