package image_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/image"
	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
	"pjsx/templates"
)

func drawer(t testing.TB) *image.Drawer {
	t.Helper()
	ttf, err := fs.ReadFile(templates.FS, "static/dist/fonts/NotoSansSC-Regular.ttf")
	if err != nil {
		t.Fatalf("%v (run make assets)", err)
	}
	d, err := image.NewDrawer(ttf)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func seeded(t testing.TB) *data.Store {
	t.Helper()
	store := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	return store
}

func model(t testing.TB, store *data.Store, name, query string) chart.Model {
	t.Helper()
	q, _ := url.ParseQuery(query)
	regions, _ := store.Regions(context.Background())
	req, err := chart.ParseRequest(name, q, regions, "zh")
	if err != nil {
		t.Fatal(err)
	}
	m, err := chart.Build(context.Background(), store, req)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// svgText is one <text> of an SVG with its position.
type svgText struct {
	X, Y int
	Text string
}

type svgCircle struct{ X, Y int }

// parseSVG reads an SVG to its end, failing on any XML error, and returns its texts and circles.
func parseSVG(t *testing.T, body []byte) ([]svgText, []svgCircle) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(body)))
	var texts []svgText
	var circles []svgCircle
	attr := func(se xml.StartElement, name string) int {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				n, _ := strconv.Atoi(a.Value)
				return n
			}
		}
		return -1
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed SVG: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "text":
			var s string
			if err := dec.DecodeElement(&s, &se); err != nil {
				t.Fatal(err)
			}
			texts = append(texts, svgText{attr(se, "x"), attr(se, "y"), s})
		case "circle":
			circles = append(circles, svgCircle{attr(se, "cx"), attr(se, "cy")})
		}
	}
	return texts, circles
}

func find(texts []svgText, pattern string) []svgText {
	re := regexp.MustCompile(pattern)
	var out []svgText
	for _, t := range texts {
		if re.MatchString(t.Text) {
			out = append(out, t)
		}
	}
	return out
}

// TestMixedDatesAreInTimeOrderInTheImage draws the Line 22 chart, whose figures are dated on
// days and as a year: the year labels run left to right, and each point label sits between the
// years it falls between.
func TestMixedDatesAreInTimeOrderInTheImage(t *testing.T) {
	store := seeded(t)
	m := model(t, store, "rail22_progress", "")
	body, err := drawer(t).Draw(m, image.Options{Format: image.SVG, Width: 960, Height: 540})
	if err != nil {
		t.Fatal(err)
	}
	writeImage(t, "rail22_progress.svg", body)
	texts, _ := parseSVG(t, body)
	var years []svgText // the time axis' years (a dated point's label may be a year too)
	var yearX []int
	for _, y := range find(texts, `^20\d\d$`) {
		if len(years) == 0 || y.Y == years[0].Y {
			years = append(years, y)
			yearX = append(yearX, y.X)
		}
	}
	if len(years) < 3 || !slices.IsSorted(yearX) || years[0].Text != "2023" {
		t.Fatalf("year ticks %v", years)
	}
	// The point markers are drawn last, series by series: put them in date order and their x
	// must grow with the date (a level at its period's end: the year 2024 after 2024-02-26).
	// Series differ by marker too; those drawn as circles are read here.
	_, circles := parseSVG(t, body)
	type placed struct {
		at string
		x  int
	}
	var all []placed
	var round []chart.Series
	n := 0
	for i, s := range m.Series {
		if chart.LookOf(i).Marker == "circle" {
			round = append(round, s)
			n += len(s.Figures())
		}
	}
	points := circles[len(circles)-n:]
	for _, s := range round {
		for _, p := range s.Figures() {
			all = append(all, placed{p.At, points[0].X})
			points = points[1:]
		}
	}
	slices.SortStableFunc(all, func(a, b placed) int { return strings.Compare(a.at, b.at) })
	for i := 1; i < len(all); i++ {
		if all[i].at > all[i-1].at && all[i].x <= all[i-1].x || all[i].at == all[i-1].at && all[i].x != all[i-1].x {
			t.Errorf("point at %s drawn at x=%d, after %s at x=%d", all[i].at, all[i].x, all[i-1].at, all[i-1].x)
		}
	}
	if all[0].x <= years[0].X || all[len(all)-1].x >= years[len(years)-1].X {
		t.Errorf("points %v outside the labelled years %v", all, years)
	}
	// The target is a labelled line, not a series; no series is named after it.
	if len(find(texts, `^目标 100%$`)) != 1 {
		t.Errorf("target label missing or repeated: %v", find(texts, `目标`))
	}
}

// TestPointsAreDrawnInDateOrder checks, for every seeded metric, that each series' point markers
// go left to right in the model's order (which is date order).
func TestPointsAreDrawnInDateOrder(t *testing.T) {
	store := seeded(t)
	metrics, _ := store.Metrics(context.Background())
	d := drawer(t)
	for _, mt := range metrics {
		m := model(t, store, mt.Code, "")
		if len(m.Series) != 1 {
			continue // several series interleave their markers; the single ones show the order plainly
		}
		body, err := d.Draw(m, image.Options{Format: image.SVG, Width: 960, Height: 540})
		if err != nil {
			t.Fatal(err)
		}
		_, circles := parseSVG(t, body)
		var xs []int
		for _, c := range circles {
			xs = append(xs, c.X)
		}
		// The last circles are the series' points (the milestones' numbered circles come first).
		n := len(m.Series[0].Figures())
		if len(xs) < n {
			t.Fatalf("%s: %d circles for %d figures", mt.Code, len(xs), n)
		}
		if pts := xs[len(xs)-n:]; !slices.IsSorted(pts) {
			t.Errorf("%s: points drawn out of date order: %v", mt.Code, pts)
		}
	}
}

func TestMilestonesAreNumberedUnderTheImage(t *testing.T) {
	store := seeded(t)
	m := model(t, store, "rail22_station_structure", "")
	body, err := drawer(t).Draw(m, image.Options{Format: image.SVG, Width: 960, Height: 540})
	if err != nil {
		t.Fatal(err)
	}
	texts, _ := parseSVG(t, body)
	list := find(texts, `^大事记: `)
	if len(m.Milestones) == 0 || len(list) != 1 || !strings.Contains(list[0].Text, "1 "+m.Milestones[0].Label+" "+m.Milestones[0].Title) {
		t.Errorf("milestone list %v for %+v", list, m.Milestones)
	}
	// Each is numbered by a marker of its own, or by one it shares with neighbours too close to
	// number apart ("5–7", as on the page).
	named := map[int]bool{}
	for _, tx := range texts {
		var first, last int
		if n, _ := fmt.Sscanf(strings.Replace(tx.Text, "–", " ", 1), "%d %d", &first, &last); n == 1 && tx.Text == strconv.Itoa(first) {
			named[first] = true
		} else if n == 2 && tx.Text == fmt.Sprintf("%d–%d", first, last) {
			for k := first; k <= last; k++ {
				named[k] = true
			}
		}
	}
	for _, ms := range m.Milestones {
		if !named[ms.N] {
			t.Errorf("milestone %d has no numbered marker", ms.N)
		}
	}
}

func writeImage(t *testing.T, name string, body []byte) {
	if dir := os.Getenv("PJSX_WRITE_IMAGES"); dir != "" { // to look at them: PJSX_WRITE_IMAGES=/tmp
		os.WriteFile(filepath.Join(dir, name), body, 0o644)
	}
}

func TestWriteSampleImages(t *testing.T) {
	if os.Getenv("PJSX_WRITE_IMAGES") == "" {
		t.Skip("set PJSX_WRITE_IMAGES=DIR to write sample images")
	}
	store := seeded(t)
	d := drawer(t)
	for _, c := range []struct{ name, query string }{
		{"rail22_progress", ""}, {"cross_border_bus_lines", ""}, {"rail22_station_structure", "view=progress"},
		{"rail22_station_structure", "view=latest&lang=en"}, {"cross_border_bus_lines", "view=compare"},
	} {
		body, err := d.Draw(model(t, store, c.name, c.query), image.Options{Format: image.PNG, Width: 960, Height: 540, Scale: 1})
		if err != nil {
			t.Fatal(err)
		}
		writeImage(t, c.name+"_"+strings.NewReplacer("=", "-", "&", "_").Replace(c.query)+".png", body)
	}
}
