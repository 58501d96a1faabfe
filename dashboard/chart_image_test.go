package dashboard_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/golang/freetype/truetype"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
	"pjsx/templates"
)

func TestChartPNGHasTheAskedSize(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, tc := range []struct {
		query        string
		wantW, wantH int
	}{
		{"", 960, 540},
		{q("width", "640", "height", "360"), 640, 360},
		{q("width", "800", "height", "450", "scale", "2"), 1600, 900},
		{q("width", "200", "height", "150", "scale", "3", "lang", "en"), 600, 450},
		{q("regions", "pinggu,joint", "from", "2014", "to", "2025", "granularity", "year"), 960, 540},
	} {
		r := get(t, ts, "/charts/cross_border_bus_lines.png"+tc.query)
		if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("%s: %d %s", tc.query, r.Code, r.Header.Get("Content-Type"))
		}
		cfg, err := png.DecodeConfig(strings.NewReader(r.Body))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", tc.query, err)
		}
		if cfg.Width != tc.wantW || cfg.Height != tc.wantH {
			t.Errorf("%s: %d×%d, want %d×%d", tc.query, cfg.Width, cfg.Height, tc.wantW, tc.wantH)
		}
		if len(r.Body) > 600_000 {
			t.Errorf("%s: PNG of %d bytes is too big for a report", tc.query, len(r.Body))
		}
	}
	if os.Getenv("PJSX_WRITE_IMAGES") != "" { // to look at them: PJSX_WRITE_IMAGES=/tmp
		for _, p := range []string{"rail22_station_structure.png", "cross_border_bus_lines.png"} {
			os.WriteFile(os.Getenv("PJSX_WRITE_IMAGES")+"/"+p, []byte(get(t, ts, "/charts/"+p).Body), 0o644)
		}
	}
}

// svgTexts parses an SVG to its end, failing on any XML error, and returns its <text> contents
// and the names of all its elements.
func svgTexts(t *testing.T, body string) (texts []string, elements map[string]bool) {
	t.Helper()
	elements = map[string]bool{}
	dec := xml.NewDecoder(strings.NewReader(body))
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			elements[x.Name.Local] = true
			inText = x.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(x))
			}
		}
	}
	return texts, elements
}

func TestChartSVGIsWellFormedWithItsLabels(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/charts/rail22_station_structure.svg"+q("width", "800", "height", "400"))
	if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("%d %s", r.Code, r.Header.Get("Content-Type"))
	}
	contains(t, "svg", r.Body, `width="800" height="400"`, `viewBox="0 0 800 400"`)
	texts, _ := svgTexts(t, r.Body)
	all := strings.Join(texts, "\n")
	contains(t, "svg labels", all, "22号线车站主体结构完成", "三河市", "四地合计", "单位: %", "截至 2025-05-10",
		"数据来源: 新华社《京冀首条跨省域城市轨道交通线路", "新京报,2025-05-10:河北段车站主体结构完成60%", "目标 100%", "2024-02-26")

	r = get(t, ts, "/charts/rail22_station_structure.svg"+q("lang", "en", "regions", "sanhe"))
	texts, _ = svgTexts(t, r.Body)
	all = strings.Join(texts, "\n")
	contains(t, "svg labels en", all, "Sanhe", "Sources: ", "As of 2025-05-10")
	if strings.Contains(all, "Four places together") {
		t.Errorf("regions=sanhe must leave out the joint figure")
	}
}

func TestChartImageEscapesStaffText(t *testing.T) {
	ts, store := newSeeded(t)
	ctx := context.Background()
	evil := `</text><script>alert(1)</script>&"'`
	if err := store.AddMetric(ctx, data.Actor{Name: "admin"}, data.Metric{Code: "evil_metric", Category: "transport",
		NameZh: "恶意" + evil, NameEn: "Evil" + evil, UnitZh: "个</text>&\"'", UnitEn: "x", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
	if _, err := datatest.SaveFigure(ctx, store, data.FigureInput{Metric: "evil_metric", Region: "sanhe", Period: "2024",
		Value: 3, Source: "来源" + evil, Note: evil, By: "t"}); err != nil {
		t.Fatal(err)
	}
	r := get(t, ts, "/charts/evil_metric.svg")
	if r.Code != http.StatusOK {
		t.Fatalf("%d", r.Code)
	}
	texts, elements := svgTexts(t, r.Body)
	if elements["script"] {
		t.Errorf("SVG has a <script> element")
	}
	contains(t, "escaped text", strings.Join(texts, "\n"), "恶意"+evil, "来源"+evil)
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
		t.Errorf("an SVG on its own must be sandboxed, CSP %q", csp)
	}
	if r := get(t, ts, "/charts/evil_metric.png"); r.Code != http.StatusOK {
		t.Errorf("png: %d", r.Code)
	}
}

// TestEveryLabelHasAGlyph proves Chinese is never boxes: every character drawn in every seeded
// chart image, in both languages (title, legend, axes, labels, source line), is in the font the
// server ships.
func TestEveryLabelHasAGlyph(t *testing.T) {
	body, err := fs.ReadFile(templates.FS, "static/dist/fonts/NotoSansSC-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	font, err := truetype.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := newSeeded(t)
	sets, _ := seed.Set()
	var metrics []data.Metric
	for _, set := range sets {
		metrics = append(metrics, set.Metrics...)
	}
	checked := 0
	for _, m := range metrics {
		for _, lang := range []string{"zh", "en"} {
			r := get(t, ts, "/charts/"+m.Code+".svg"+q("lang", lang))
			if r.Code != http.StatusOK {
				t.Fatalf("%s: %d", m.Code, r.Code)
			}
			texts, _ := svgTexts(t, r.Body)
			for _, s := range texts {
				for _, c := range s {
					if c == ' ' {
						continue
					}
					checked++
					if font.Index(c) == 0 {
						t.Errorf("%s (%s): no glyph for %q (U+%04X) in %q", m.Code, lang, c, c, s)
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d characters checked", checked)
	}
}

func TestDemoImagesCarryAWatermark(t *testing.T) {
	ts, store := newSeeded(t)
	ctx := context.Background()
	// What `pjsx demo` leaves behind: the demo flag and a monthly history.
	db, err := data.OpenRaw(store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO meta (key, value) VALUES ('demo', '1')`); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		for j, region := range []string{"pinggu", "jizhou", "sanhe"} {
			if _, err := datatest.SaveFigure(ctx, store, data.FigureInput{Metric: "medical_expert_workstations", Region: region,
				Period: fmt.Sprintf("%d-%02d", 2022+i/12, i%12+1), Value: float64(i/2 + j*3), Source: "演示", By: "demo"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := get(t, ts, "/charts/cross_border_bus_lines.svg")
	texts, _ := svgTexts(t, r.Body)
	contains(t, "demo svg", strings.Join(texts, "\n"), "演示数据 · 不得用于报告")
	r = get(t, ts, "/charts/cross_border_bus_lines.png"+q("lang", "en", "granularity", "quarter"))
	if _, err := png.Decode(bytes.NewReader([]byte(r.Body))); err != nil || r.Code != http.StatusOK {
		t.Fatalf("demo png: %d %v", r.Code, err)
	}
	if dir := os.Getenv("PJSX_WRITE_IMAGES"); dir != "" {
		os.WriteFile(dir+"/demo.png", []byte(r.Body), 0o644)
		os.WriteFile(dir+"/demo-month.png", []byte(get(t, ts, "/charts/medical_expert_workstations.png").Body), 0o644)
	}
}

func TestChartImageCachesByDataVersion(t *testing.T) {
	ts, store := newSeeded(t)
	r := get(t, ts, "/charts/cross_border_bus_lines.png")
	etag := r.Header.Get("ETag")
	if r2 := get(t, ts, "/charts/cross_border_bus_lines.png", "If-None-Match", etag); r2.Code != http.StatusNotModified {
		t.Errorf("same version: %d, want 304", r2.Code)
	}
	if _, err := datatest.SaveFigure(context.Background(), store, data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "pinggu", Period: "2025", Value: 9, Source: "test", By: "t"}); err != nil {
		t.Fatal(err)
	}
	if r3 := get(t, ts, "/charts/cross_border_bus_lines.png", "If-None-Match", etag); r3.Code != http.StatusOK {
		t.Errorf("after a write: %d, want 200", r3.Code)
	}
}
