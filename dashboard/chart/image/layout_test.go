package image_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/image"
	"pjsx/templates"
)

// textBox is one <text> of an SVG as the box its glyphs take: from its anchor, font size and
// the width the font measures.
type textBox struct {
	text           string
	x0, y0, x1, y1 float64
}

func (a textBox) overlaps(b textBox) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

var measureFont = sync.OnceValue(func() func(testing.TB) *truetype.Font {
	ttf, err := fs.ReadFile(templates.FS, "static/dist/fonts/NotoSansSC-Regular.ttf")
	if err != nil {
		return func(t testing.TB) *truetype.Font { t.Fatal(err); return nil }
	}
	f, err := truetype.Parse(ttf)
	return func(t testing.TB) *truetype.Font {
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
})()

// textBoxes reads every unrotated text of an SVG (the demo watermark is rotated on purpose) and
// measures it with the font the image is drawn with.
func textBoxes(t *testing.T, svg []byte) []textBox {
	t.Helper()
	f := measureFont(t)
	faces := map[float64]font.Face{}
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	var out []textBox
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "text" {
			continue
		}
		var x, y, size float64
		var anchor, transform string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "x":
				x, _ = strconv.ParseFloat(a.Value, 64)
			case "y":
				y, _ = strconv.ParseFloat(a.Value, 64)
			case "text-anchor":
				anchor = a.Value
			case "transform":
				transform = a.Value
			case "style":
				for _, decl := range strings.Split(a.Value, ";") {
					if v, ok := strings.CutPrefix(decl, "font-size:"); ok {
						size, _ = strconv.ParseFloat(strings.TrimSuffix(v, "px"), 64)
					}
				}
			}
		}
		var s string
		if err := dec.DecodeElement(&s, &se); err != nil {
			t.Fatal(err)
		}
		if transform != "" {
			continue
		}
		face, ok := faces[size]
		if !ok {
			face = truetype.NewFace(f, &truetype.Options{Size: size, DPI: 72})
			faces[size] = face
		}
		w := float64(font.MeasureString(face, s)) / 64
		if anchor == "middle" {
			x -= w / 2
		}
		// Noto Sans SC's glyphs rise about 0.88 em above the baseline and fall 0.12 em below.
		out = append(out, textBox{s, x, y - 0.88*size, x + w, y + 0.12*size})
	}
	return out
}

// overlapping names every pair of texts whose boxes intersect.
func overlapping(boxes []textBox) []string {
	var out []string
	for i := range boxes {
		for j := i + 1; j < len(boxes); j++ {
			if boxes[i].overlaps(boxes[j]) {
				out = append(out, fmt.Sprintf("%q %v over %q %v", boxes[i].text, boxes[i], boxes[j].text, boxes[j]))
			}
		}
	}
	return out
}

// TestNoTextOverlapsInTheImages draws every seeded metric and named chart in each view, in
// Chinese and English, at the page size (and a narrow one for the default view), and measures each text's box: no two
// may intersect (title, subtitle, legend, axis and value labels, the footer).
func TestNoTextOverlapsInTheImages(t *testing.T) {
	store := seeded(t)
	metrics, err := store.Metrics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	regions, _ := store.Regions(context.Background())
	names := []string{"rail22_progress"}
	for _, mt := range metrics {
		names = append(names, mt.Code)
	}
	d := drawer(t)
	for _, name := range names {
		for _, view := range []string{"", "view=compare", "view=latest", "view=progress"} {
			for _, lang := range []string{"zh", "en"} {
				query := strings.Trim(view+"&lang="+lang, "&")
				q, _ := url.ParseQuery(query)
				req, err := chart.ParseRequest(name, q, regions, "zh")
				if err != nil {
					continue // a view this chart does not have
				}
				m, err := chart.Build(context.Background(), store, req)
				if err != nil && view != "" {
					continue // a view this chart does not have
				} else if err != nil {
					t.Fatal(err)
				}
				sizes := [][2]int{{960, 540}, {640, 480}, {360, 360}} // 360: a phone's first view
				if view != "" {
					sizes = sizes[:1] // the narrow size for the default view only, to keep the test short
				}
				for _, size := range sizes {
					body, err := d.Draw(m, image.Options{Format: image.SVG, Width: size[0], Height: size[1],
						Provenance: image.Provenance{Dashboard: "平蓟三兴协同发展数据看板", Permalink: "/charts/" + name + ".svg?" + query}})
					if err != nil {
						t.Fatal(err)
					}
					boxes := textBoxes(t, body)
					if len(boxes) < 3 {
						t.Fatalf("%s?%s: only %d texts", name, query, len(boxes))
					}
					// A phone's picture of a chart of many series (Line 22's eight) has no room for
					// all of them; it must still keep every text on the picture.
					if size[0] > 360 || len(m.Series) <= 2 {
						for _, o := range overlapping(boxes) {
							t.Errorf("%s?%s at %dx%d: %s", name, query, size[0], size[1], o)
						}
					}
					for _, b := range boxes {
						if b.x0 < -0.5 || b.x1 > float64(size[0])+0.5 {
							t.Errorf("%s?%s at %dx%d: %q runs off the picture (%.0f to %.0f)", name, query, size[0], size[1], b.text, b.x0, b.x1)
						}
					}
				}
			}
		}
	}
}

// TestSVGTitleAndCentredText: the SVG names its chart in <title> (and its summary in <desc>),
// and its title is anchored at the middle of the picture rather than at a computed left end, so
// it stays centred when Word or WPS draws it in another font.
func TestSVGTitleAndCentredText(t *testing.T) {
	store := seeded(t)
	m := model(t, store, "cross_border_bus_lines", "lang=en")
	body, err := drawer(t).Draw(m, image.Options{Format: image.SVG, Width: 800, Height: 450})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Title string `xml:"title"`
		Desc  string `xml:"desc"`
		Texts []struct {
			X      string `xml:"x,attr"`
			Anchor string `xml:"text-anchor,attr"`
			Body   string `xml:",chardata"`
		} `xml:"text"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `font-family:'Noto Sans SC','Source Han Sans SC','Microsoft YaHei'`) {
		t.Error("the SVG names no CJK fallback font")
	}
	if doc.Title != m.Title || doc.Desc != chart.Describe(m) {
		t.Errorf("title %q, desc %q; want %q, %q", doc.Title, doc.Desc, m.Title, chart.Describe(m))
	}
	found := false
	for _, tx := range doc.Texts {
		if tx.Body == m.Title {
			found = true
			if tx.Anchor != "middle" || tx.X != "400" {
				t.Errorf("title drawn at x=%s anchor %q, want the middle of 800", tx.X, tx.Anchor)
			}
		}
	}
	if !found {
		t.Errorf("no title text in %d texts", len(doc.Texts))
	}
}

// TestCompareBarsDifferWithoutColour: in a compare image of several series, a dashed series'
// bars are hatched with white stripes, so a grey print still tells the series apart.
func TestCompareBarsDifferWithoutColour(t *testing.T) {
	store := seeded(t)
	m := model(t, store, "rail22_station_structure", "view=compare")
	if len(m.Series) < 2 {
		t.Skipf("needs two series, has %d", len(m.Series))
	}
	body, err := drawer(t).Draw(m, image.Options{Format: image.SVG, Width: 960, Height: 540})
	if err != nil {
		t.Fatal(err)
	}
	writeImage(t, "compare_hatch.svg", body)
	stripes := strings.Count(string(body), "stroke-width:1.2;stroke:white;fill:none")
	if stripes == 0 {
		t.Errorf("no hatched bars in a compare image of %d series", len(m.Series))
	}
}

// TestFirstViewLeavesTheFooterToThePage: a page's first view (NoFooter) draws no sources,
// milestones nor permalink, and gives the plot that room: on a phone's 360×360 picture the time
// axis moves down by the footer's height, so the value axis is taller by as much.
func TestFirstViewLeavesTheFooterToThePage(t *testing.T) {
	store := seeded(t)
	m := model(t, store, "rail22_station_structure", "lang=en")
	axisY := func(noFooter bool) (float64, []textBox) {
		body, err := drawer(t).Draw(m, image.Options{Format: image.SVG, Width: 360, Height: 360, NoFooter: noFooter,
			Provenance: image.Provenance{Dashboard: "Ping-Ji-San-Xing", Permalink: "/metrics/rail22_station_structure?lang=en"}})
		if err != nil {
			t.Fatal(err)
		}
		boxes := textBoxes(t, body)
		y := -1.0
		for _, b := range boxes {
			if b.text == "2025" { // a year label of the time axis
				y = b.y1
			}
		}
		if y < 0 {
			t.Fatalf("no time-axis label 2025 among %d texts", len(boxes))
		}
		return y, boxes
	}
	withFooter, _ := axisY(false)
	bare, boxes := axisY(true)
	for _, b := range boxes {
		if strings.HasPrefix(b.text, "Sources") || strings.HasPrefix(b.text, "Milestones") || strings.Contains(b.text, "/metrics/") {
			t.Errorf("the first view still draws %q", b.text)
		}
		if b.y1 > 360 {
			t.Errorf("%q runs below the picture (%.0f)", b.text, b.y1)
		}
	}
	if bare < 330 || bare-withFooter < 80 {
		t.Errorf("time axis at y=%.0f without the footer, %.0f with it: the plot did not take the footer's room", bare, withFooter)
	}
}
