package image_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/image"
)

// seriesPaths are the vertices of the SVG's 2 px strokes of more than one segment: the series'
// lines (a legend swatch and the grid are single segments or thinner).
func seriesPaths(t *testing.T, svg []byte) [][][2]int {
	t.Helper()
	var out [][][2]int
	for _, m := range regexp.MustCompile(`<path[^>]*? d="([^"]*)" style="stroke-width:2;`).FindAllSubmatch(svg, -1) {
		var pts [][2]int
		for _, cmd := range strings.Split(string(m[1]), "\n") {
			f := strings.Fields(cmd)
			if len(f) != 3 {
				t.Fatalf("unexpected path command %q", cmd)
			}
			x, _ := strconv.Atoi(f[1])
			y, _ := strconv.Atoi(f[2])
			pts = append(pts, [2]int{x, y})
		}
		if len(pts) > 2 {
			out = append(out, pts)
		}
	}
	return out
}

func drawSVG(t *testing.T, m chart.Model) []byte {
	t.Helper()
	body, err := drawer(t).Draw(m, image.Options{Format: image.SVG, Width: 960, Height: 540})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// TestStepChartImageHoldsEachValue: a running count of things opened is drawn, like the page, as
// a step line: only horizontal and vertical segments, rising at each opening's marker.
func TestStepChartImageHoldsEachValue(t *testing.T) {
	store := seeded(t)
	m := model(t, store, "rail22_intervals_through", "")
	if chart.ShapeOf(m) != chart.ShapeStep {
		t.Fatalf("rail22_intervals_through is drawn as %s, want a step line", chart.ShapeOf(m))
	}
	body := drawSVG(t, m)
	writeImage(t, "step.svg", body)
	paths := seriesPaths(t, body)
	if len(paths) != 1 {
		t.Fatalf("%d series lines, want 1: %v", len(paths), paths)
	}
	_, circles := parseSVG(t, body)
	n := len(m.Series[0].Figures())
	markers := circles[len(circles)-n:]
	path := paths[0]
	for i := 1; i < len(path); i++ {
		a, b := path[i-1], path[i]
		if a[0] != b[0] && a[1] != b[1] {
			t.Errorf("segment %v → %v is slanted; a step line only holds and rises", a, b)
		}
	}
	// Every marker sits on a corner of the step line.
	for _, c := range markers {
		found := false
		for _, p := range path {
			found = found || p == [2]int{c.X, c.Y}
		}
		if !found {
			t.Errorf("marker at %d,%d is not on the step line %v", c.X, c.Y, path)
		}
	}
	if len(path) != 2*n-1 {
		t.Errorf("step line of %d vertices for %d figures, want %d", len(path), n, 2*n-1)
	}
}

// TestPointsChartImageHasNoLine: two to five reports are drawn, like the page, as separate
// markers with no line between them, each labelled with its value and its date.
func TestPointsChartImageHasNoLine(t *testing.T) {
	store := seeded(t)
	for _, name := range []string{"rail22_route_length", "rail22_station_structure"} {
		m := model(t, store, name, "")
		if chart.ShapeOf(m) != chart.ShapePoints {
			t.Fatalf("%s is drawn as %s, want points", name, chart.ShapeOf(m))
		}
		body := drawSVG(t, m)
		writeImage(t, name+"_points.svg", body)
		if paths := seriesPaths(t, body); len(paths) != 0 {
			t.Errorf("%s: lines drawn between its reports: %v", name, paths)
		}
		// No stroke at all joins two of its markers.
		_, circles := parseSVG(t, body)
		at := map[[2]int]bool{}
		for _, c := range circles {
			at[[2]int{c.X, c.Y}] = true
		}
		for _, d := range regexp.MustCompile(`<path[^>]*? d="M (\d+) (\d+)\nL (\d+) (\d+)"`).FindAllStringSubmatch(string(body), -1) {
			x0, _ := strconv.Atoi(d[1])
			y0, _ := strconv.Atoi(d[2])
			x1, _ := strconv.Atoi(d[3])
			y1, _ := strconv.Atoi(d[4])
			if at[[2]int{x0, y0}] && at[[2]int{x1, y1}] {
				t.Errorf("%s: a stroke joins the markers at %d,%d and %d,%d", name, x0, y0, x1, y1)
			}
		}
		texts, _ := parseSVG(t, body)
		for _, s := range m.Series {
			for _, p := range s.Figures() {
				if len(find(texts, "^"+regexp.QuoteMeta(p.Label)+"$")) == 0 {
					t.Errorf("%s: the report of %s has no dated label", name, p.Label)
				}
			}
		}
	}
}
