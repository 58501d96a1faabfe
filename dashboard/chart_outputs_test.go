package dashboard_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pjsx/dashboard/chart/units"
	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// figureKey is one figure as an output carries it: its series, its period as written, and the
// value (a number where the output has one, else the text it shows).
type figureKey struct{ Series, Period string }

// apiFigures reads /api/v1/metrics/{code}/series: name|label → value, the text shown (with its
// qualifier), and where each sits on the time axis.
type apiFigure struct {
	Value float64
	Text  string
	At    string
}

func apiFiguresOf(t *testing.T, body string) map[figureKey]apiFigure {
	t.Helper()
	var s struct {
		Series []struct {
			Name   string `json:"name"`
			Points []struct {
				Label string  `json:"label"`
				Value float64 `json:"value"`
				Text  string  `json:"display"`
				At    string  `json:"at"`
			} `json:"points"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatalf("API: %v: %s", err, body)
	}
	out := map[figureKey]apiFigure{}
	for _, sr := range s.Series {
		for _, p := range sr.Points {
			out[figureKey{sr.Name, p.Label}] = apiFigure{p.Value, p.Text, p.At}
		}
	}
	return out
}

// islandFigures reads a chart's data island: every data item with its meta, by view.
func islandFigures(t *testing.T, body, id, view string) map[figureKey]float64 {
	t.Helper()
	island := chartIsland(t, body, id)
	option := island["option"].(map[string]any)
	meta := island["meta"].(map[string]any)["points"].([]any)
	series, _ := option["series"].([]any) // none when nothing is in range
	categories := func(axis string) []string {
		var out []string
		for _, c := range option[axis].([]any)[0].(map[string]any)["data"].([]any) {
			out = append(out, c.(string))
		}
		return out
	}
	out := map[figureKey]float64{}
	for i, s := range series {
		sm := s.(map[string]any)
		for j, d := range sm["data"].([]any) {
			pm, _ := meta[i].([]any)[j].(map[string]any)
			if pm == nil {
				continue
			}
			name := sm["name"].(string)
			var v any = d.(map[string]any)["value"]
			switch view {
			case "latest":
				name = categories("xAxis")[j]
			case "progress":
				name = categories("yAxis")[j]
			}
			if pair, ok := v.([]any); ok {
				v = pair[1]
			}
			out[figureKey{name, pm["period"].(string)}] = v.(float64)
		}
	}
	return out
}

// tableFigures reads the table under a chart: region (series), period, the value as shown. A
// long series is a pivot (a row per period, a column per region); it must still show every figure.
func tableFigures(t *testing.T, body, id string) map[figureKey]string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<table class="figures( pivot)?" id="` + regexp.QuoteMeta(id) + `-table">(.*?)</table>`).FindStringSubmatch(body)
	out := map[figureKey]string{}
	if m == nil {
		return out
	}
	cell := regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`)
	shown := func(c string) string {
		return html.UnescapeString(regexp.MustCompile(`\s*<(small|sup).*$`).ReplaceAllString(c, ""))
	}
	if m[1] == "" {
		for _, row := range regexp.MustCompile(`(?s)<tr><td[^>]*>.*?</tr>`).FindAllString(m[2], -1) {
			cells := cell.FindAllStringSubmatch(row, -1)
			out[figureKey{html.UnescapeString(cells[0][1]), cells[1][1]}] = shown(cells[2][1])
		}
		return out
	}
	var regions []string
	head := regexp.MustCompile(`(?s)<thead>(.*?)</thead>`).FindStringSubmatch(m[2])
	for _, c := range cell.FindAllStringSubmatch(head[1], -1)[1:] {
		regions = append(regions, html.UnescapeString(c[1]))
	}
	for _, row := range regexp.MustCompile(`(?s)<tr><th scope="row">.*?</tr>`).FindAllString(m[2], -1) {
		cells := cell.FindAllStringSubmatch(row, -1)
		for j, c := range cells[1:] {
			if c[1] != "" {
				out[figureKey{regions[j], cells[0][1]}] = shown(c[1])
			}
		}
	}
	return out
}

// rowFigures reads the download rows: region name (column 4), period (5), value (6).
func rowFigures(t *testing.T, rows [][]string) map[figureKey]float64 {
	t.Helper()
	out := map[figureKey]float64{}
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Fatalf("value %q of row %v: %v", r[5], r, err)
		}
		out[figureKey{r[3], r[4]}] = v
	}
	return out
}

func csvRows(t *testing.T, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func xlsxRows(t *testing.T, body string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// svgPoint is a drawn point marker read back through the image's own axes.
type svgPoint struct {
	Series string
	Day    time.Time
	Value  float64
}

type svgEl struct {
	Name  string
	Attr  map[string]string
	Text  string
	Style string
}

func svgElements(t *testing.T, body string) []svgEl {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(body))
	var out []svgEl
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("SVG: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		el := svgEl{Name: se.Name.Local, Attr: map[string]string{}}
		for _, a := range se.Attr {
			el.Attr[a.Name.Local] = a.Value
		}
		el.Style = el.Attr["style"]
		if el.Name == "text" {
			if err := dec.DecodeElement(&el.Text, &se); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, el)
	}
}

// tickPattern is a value tick as tickValue reads it.
const tickPattern = `^[\d,]+(\.\d+)?([万亿]| million| billion| trillion)?$`

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// tickValue reads an axis tick: 1,200, or in Chinese from 10,000 up 1.2万 or 3亿, or in English
// 2.5 million or 1.2 billion.
func tickValue(s string) float64 {
	mult := 1.0
	for suffix, m := range map[string]float64{"万": 1e4, "亿": 1e8, " million": 1e6, " billion": 1e9, " trillion": 1e12} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			s, mult = t, m
		}
	}
	v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return v * mult
}

// svgLegend maps each series' colour to its name: a legend entry is its name (in the legend's
// type size, 10 pt = 13.3 px) after its swatch, the nearest element before it with a stroke.
func svgLegend(els []svgEl) map[string]string {
	colour := regexp.MustCompile(`stroke:(rgb\([^)]*\))`)
	names := map[string]string{}
	for i, e := range els {
		if e.Name != "text" || !strings.Contains(e.Style, "font-size:13.3px") {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if m := colour.FindStringSubmatch(els[j].Style); m != nil && els[j].Name != "text" {
				names[m[1]] = e.Text
				break
			}
		}
	}
	return names
}

// svgMarker is the centre of a point marker: a circle of r=3.5, or a small square or diamond
// path outlined at 1.5 px.
func svgMarker(e svgEl) (x, y int, ok bool) {
	if e.Name == "circle" && e.Attr["r"] == "3.5" {
		return atoi(e.Attr["cx"]), atoi(e.Attr["cy"]), true
	}
	if e.Name != "path" || !strings.Contains(e.Style, "stroke-width:1.5;") {
		return 0, 0, false
	}
	f := strings.Fields(strings.NewReplacer("M", " ", "L", " ", "Z", " ").Replace(e.Attr["d"]))
	if len(f) < 8 {
		return 0, 0, false
	}
	x0, y0, x1, y1 := 1<<30, 1<<30, -1<<30, -1<<30
	for k := 0; k+1 < len(f); k += 2 {
		x0, x1 = min(x0, atoi(f[k])), max(x1, atoi(f[k]))
		y0, y1 = min(y0, atoi(f[k+1])), max(y1, atoi(f[k+1]))
	}
	if x1-x0 > 14 || y1-y0 > 14 {
		return 0, 0, false
	}
	return (x0 + x1) / 2, (y0 + y1) / 2, true
}

// svgOverTimePoints reads an over-time image back: the value axis from its grid lines and tick
// labels, the time axis from its year (or quarter) grid lines and labels, each series from its
// legend colour, and every point marker (r=3.5) through those axes.
func svgOverTimePoints(t *testing.T, body string) []svgPoint {
	t.Helper()
	els := svgElements(t, body)
	type line struct{ x0, y0, x1, y1 int }
	var hLines, vLines []line
	for _, e := range els {
		if e.Name != "path" || !strings.Contains(e.Style, "rgb(227,230,234)") && !strings.Contains(e.Style, "rgb(154,163,174)") {
			continue
		}
		f := strings.Fields(strings.NewReplacer("M", " ", "L", " ").Replace(e.Attr["d"]))
		if len(f) != 4 {
			continue
		}
		l := line{atoi(f[0]), atoi(f[1]), atoi(f[2]), atoi(f[3])}
		switch {
		case l.y0 == l.y1 && l.x1-l.x0 > 100:
			hLines = append(hLines, l)
		case l.x0 == l.x1 && l.y1-l.y0 > 50:
			vLines = append(vLines, l)
		}
	}
	var yTicks, xTicks []svgEl
	number := regexp.MustCompile(tickPattern)
	period := regexp.MustCompile(`^\d{4}(-\d{2})?$`)
	for _, e := range els {
		if e.Name != "text" || !strings.Contains(e.Style, "rgb(85,95,109)") {
			continue
		}
		switch {
		case period.MatchString(e.Text) && len(vLines) > 0 && atoi(e.Attr["y"]) > vLines[0].y1:
			xTicks = append(xTicks, e)
		case number.MatchString(e.Text) && atoi(e.Attr["x"]) < hLines[0].x0:
			yTicks = append(yTicks, e)
		}
	}
	if len(hLines) < 2 || len(yTicks) != len(hLines) || len(xTicks) < 2 || len(vLines) < len(xTicks) {
		t.Fatalf("cannot read the axes: %d grid rows, %d value ticks, %d time ticks, %d grid columns", len(hLines), len(yTicks), len(xTicks), len(vLines))
	}
	sort.Slice(hLines, func(i, j int) bool { return hLines[i].y0 > hLines[j].y0 })
	sort.Slice(yTicks, func(i, j int) bool { return atoi(yTicks[i].Attr["y"]) > atoi(yTicks[j].Attr["y"]) })
	v0, v1 := tickValue(yTicks[0].Text), tickValue(yTicks[len(yTicks)-1].Text)
	y0, y1 := hLines[0].y0, hLines[len(hLines)-1].y0
	valueAt := func(y int) float64 { return v0 + float64(y0-y)/float64(y0-y1)*(v1-v0) }
	// A time label is centred on its grid column: the nearest column right of its start.
	dayOf := func(e svgEl) (time.Time, int) {
		x, best := atoi(e.Attr["x"]), 1<<30
		for _, l := range vLines {
			if l.x0 >= x && l.x0 < best {
				best = l.x0
			}
		}
		layout := "2006"
		if len(e.Text) == 7 {
			layout = "2006-01"
		}
		d, _ := time.Parse(layout, e.Text)
		return d, best
	}
	d0, x0 := dayOf(xTicks[0])
	d1, x1 := dayOf(xTicks[len(xTicks)-1])
	dayAt := func(x int) time.Time {
		f := float64(x-x0) / float64(x1-x0)
		return d0.Add(time.Duration(f * float64(d1.Sub(d0))))
	}
	names := svgLegend(els)
	colour := regexp.MustCompile(`stroke:(rgb\([^)]*\))`)
	var out []svgPoint
	for _, e := range els {
		// A point's marker: a circle of r=3.5, or a square or diamond outlined at 1.5 px, in the
		// plot (the legend's markers sit above it).
		x, y, ok := svgMarker(e)
		if ok && y >= y1-3 {
			c := colour.FindStringSubmatch(e.Style)[1]
			out = append(out, svgPoint{names[c], dayAt(x), valueAt(y)})
		}
	}
	// Tolerances: a pixel either way, in days and in value.
	pxDays := d1.Sub(d0).Hours() / 24 / float64(x1-x0)
	pxValue := (v1 - v0) / float64(y0-y1)
	svgTolerance = [2]float64{2 * pxDays, 2 * pxValue}
	return out
}

var svgTolerance [2]float64

// TestEveryOutputCarriesTheSameFigures asks random chart requests of a demo database and reads
// each answer as a user gets it: the page's data island and table, the API, the CSV and XLSX
// downloads and the SVG (its points read back through its axes; a compare view's bars by
// series and height; latest and progress bars by their labels) all carry the same figures.
func TestEveryOutputCarriesTheSameFigures(t *testing.T) {
	store := datatest.NewStore(t)
	ctx := context.Background()
	if err := store.MarkDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	if _, err := store.GenerateDemo(ctx, data.DemoOptions{Months: 40, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	ts := serve(t, store)
	metrics, _ := store.Metrics(ctx)
	rng := rand.New(rand.NewPCG(2026, 11))
	now := time.Now().UTC()
	month := func() string {
		return now.AddDate(0, -rng.IntN(48), 0).Format("2006-01")
	}
	regions := []string{"joint", "pinggu", "jizhou", "sanhe", "xinglong"}
	for i := range 24 {
		m := metrics[rng.IntN(len(metrics))]
		v := url.Values{}
		if rng.IntN(2) == 0 {
			var pick []string
			for _, r := range regions {
				if rng.IntN(2) == 0 {
					pick = append(pick, r)
				}
			}
			if len(pick) > 0 {
				v.Set("regions", strings.Join(pick, ","))
			}
		}
		if rng.IntN(2) == 0 {
			a, b := month(), month()
			v.Set("from", min(a, b))
			v.Set("to", max(a, b))
		}
		v.Set("granularity", []string{"", "year", "quarter", "month"}[rng.IntN(4)])
		view := []string{"over_time", "over_time", "compare", "latest"}[rng.IntN(4)]
		if m.Kind == data.KindPercent && m.Target != nil && rng.IntN(3) == 0 {
			view = "progress"
		}
		v.Set("view", view)
		v.Set("lang", []string{"zh", "en"}[rng.IntN(2)])
		query := v.Encode()
		t.Run(fmt.Sprintf("%d_%s_%s", i, m.Code, view), func(t *testing.T) {
			api := apiFiguresOf(t, get(t, ts, "/api/v1/metrics/"+m.Code+"/series?"+query).Body)
			page := get(t, ts, "/metrics/"+m.Code+"?"+query)
			page.Body = withCards(t, ts, page.Body)
			id := map[string]string{"over_time": "chart-" + m.Code, "compare": "chart-compare", "latest": "chart-latest", "progress": "chart-progress"}[view]
			island := islandFigures(t, page.Body, id+"-data", view)
			table := tableFigures(t, page.Body, id)
			csvFigs := rowFigures(t, csvRows(t, get(t, ts, "/data/"+m.Code+".csv?"+query).Body))
			xlsxFigs := rowFigures(t, xlsxRows(t, get(t, ts, "/data/"+m.Code+".xlsx?"+query).Body))
			if len(api) == 0 {
				t.Logf("%s?%s: no figures", m.Code, query)
			}
			for k, a := range api {
				if got, ok := island[k]; !ok || got != a.Value {
					t.Errorf("%v: API %v, data island %v (%v)", k, a.Value, got, ok)
				}
				if got, ok := table[k]; !ok || got != a.Text {
					t.Errorf("%v: API %q, table %q (%v)", k, a.Text, got, ok)
				}
				if got, ok := csvFigs[k]; !ok || got != a.Value {
					t.Errorf("%v: API %v, CSV %v (%v)", k, a.Value, got, ok)
				}
				if got, ok := xlsxFigs[k]; !ok || got != a.Value {
					t.Errorf("%v: API %v, XLSX %v (%v)", k, a.Value, got, ok)
				}
			}
			for name, n := range map[string]int{"island": len(island), "table": len(table), "CSV": len(csvFigs), "XLSX": len(xlsxFigs)} {
				if n != len(api) {
					t.Errorf("%s has %d figures, the API %d", name, n, len(api))
				}
			}
			svg := get(t, ts, "/charts/"+m.Code+".svg?"+query).Body
			switch view {
			case "over_time":
				if len(api) == 0 {
					return
				}
				svgDrawsEveryFigure(t, svg, api, 1)
			case "compare":
				bars, perPx := svgBars(t, svg)
				if len(bars) != len(api) {
					t.Errorf("the SVG draws %d bars, the API has %d figures", len(bars), len(api))
				}
				// Each series' figures, sorted, against its bars' heights, sorted: pairing them in
				// order never lets one figure take the bar of a close neighbour (heights are read
				// to a pixel).
				want, drawn := map[string][]float64{}, map[string][]float64{}
				for k, a := range api {
					want[k.Series] = append(want[k.Series], a.Value)
				}
				for _, b := range bars {
					drawn[b.Series] = append(drawn[b.Series], b.Value)
				}
				for series, values := range want {
					got := drawn[series]
					slices.Sort(values)
					slices.Sort(got)
					if len(got) != len(values) {
						t.Errorf("%s: %d bars for %d figures", series, len(got), len(values))
						continue
					}
					for i, v := range values {
						if math.Abs(got[i]-v) > 2*perPx {
							t.Errorf("%s: figure %v has no bar of its height in the SVG (sorted pair %v)", series, v, got[i])
						}
					}
				}
			case "latest", "progress":
				texts := map[string]int{}
				for _, e := range svgElements(t, svg) {
					if e.Name == "text" {
						texts[e.Text]++
					}
				}
				for k, a := range api {
					found := false
					for text := range texts {
						if strings.HasPrefix(text, a.Text) && strings.Contains(text, "("+k.Period+")") {
							found = true
						}
					}
					if !found || texts[k.Series] == 0 {
						t.Errorf("%v (%s) is not labelled in the SVG", k, a.Text)
					}
				}
			}
		})
	}
}

// TestMoreDecimalsThanTheMetricShowsComeBackUnchanged types a figure with more decimals than its
// metric shows: the API, the CSV and the XLSX give it back as typed, the table shows it as typed.
func TestMoreDecimalsThanTheMetricShowsComeBackUnchanged(t *testing.T) {
	ts, store := newSeeded(t)
	ctx := context.Background()
	var ids []int64
	for _, f := range []data.FigureInput{
		{Metric: "rail22_station_structure", Region: "jizhou", Period: "2025-06-01", Value: 0.1234567890123, Source: "测试", By: "t"},
		{Metric: "rail22_station_structure", Region: "pinggu", Period: "2025-06-01", Value: 12.345, Source: "测试", By: "t"},
	} {
		o, err := datatest.SaveFigure(ctx, store, f)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	// Staff see them as typed too, in the list and in a figure's history.
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	contains(t, "staff list", ed.get("/edit/figures?metric=rail22_station_structure").Body, "0.1234567890123", "12.345")
	contains(t, "history", ed.get(fmt.Sprintf("/edit/figures/%d/history", ids[0])).Body, "0.1234567890123")
	query := "?lang=en&regions=jizhou,pinggu"
	want := map[figureKey]float64{{"Jizhou", "2025-06-01"}: 0.1234567890123, {"Pinggu", "2025-06-01"}: 12.345}
	api := apiFiguresOf(t, get(t, ts, "/api/v1/metrics/rail22_station_structure/series"+query).Body)
	csvFigs := rowFigures(t, csvRows(t, get(t, ts, "/data/rail22_station_structure.csv"+query).Body))
	xlsxFigs := rowFigures(t, xlsxRows(t, get(t, ts, "/data/rail22_station_structure.xlsx"+query).Body))
	table := tableFigures(t, get(t, ts, "/metrics/rail22_station_structure"+query).Body, "chart-rail22_station_structure")
	for k, v := range want {
		if api[k].Value != v || csvFigs[k] != v || xlsxFigs[k] != v {
			t.Errorf("%v: typed %v; API %v, CSV %v, XLSX %v", k, v, api[k].Value, csvFigs[k], xlsxFigs[k])
		}
		if text := strconv.FormatFloat(v, 'f', -1, 64); table[k] != text || api[k].Text != text {
			t.Errorf("%v: typed %v; the table shows %q, the API's text %q", k, v, table[k], api[k].Text)
		}
	}
}

// TestEverySeededChartIsInDateOrderOnThePage checks the data island of every seeded metric's
// page: each series' points go forward in time.
func TestEverySeededChartIsInDateOrderOnThePage(t *testing.T) {
	ts, _ := newSeeded(t)
	codes := seededChartCodes(t)
	for _, code := range codes {
		for _, query := range []string{"", "?granularity=year", "?granularity=month"} {
			page := "/metrics/" + code + query
			id := "chart-" + code + "-data"
			if code == "rail22_progress" {
				page, id = "/"+strings.TrimPrefix(query, "?"), "chart-rail22-data"
				if query != "" {
					continue
				}
			}
			body := get(t, ts, page).Body
			if !strings.Contains(body, id) && strings.Contains(body, `class="figure-card"`) {
				continue // one figure, shown as a card: nothing on a time axis
			}
			island := chartIsland(t, body, id)
			series, _ := island["option"].(map[string]any)["series"].([]any)
			for _, s := range series {
				var days []string
				for _, d := range s.(map[string]any)["data"].([]any) {
					days = append(days, d.(map[string]any)["value"].([]any)[0].(string))
				}
				if !slices.IsSorted(days) {
					t.Errorf("%s: %s out of date order: %v", page, s.(map[string]any)["name"], days)
				}
			}
		}
	}
}

// svgDrawsEveryFigure reads an over-time SVG back and finds each API figure drawn at its date
// and value, in its series' colour, and nothing else. scale is what a stored value is multiplied
// by on the image's axis: 10,000 for an English chart of "10,000 visits", which reads in visits.
func svgDrawsEveryFigure(t *testing.T, svg string, api map[figureKey]apiFigure, scale float64) {
	t.Helper()
	drawn := svgOverTimePoints(t, svg)
	for i := range drawn {
		drawn[i].Value /= scale
	}
	svgTolerance[1] /= scale
	if len(drawn) != len(api) {
		t.Errorf("the SVG draws %d points, the API has %d", len(drawn), len(api))
	}
	for k, a := range api {
		at, _ := time.Parse("2006-01-02", a.At)
		if !slices.ContainsFunc(drawn, func(p svgPoint) bool {
			return p.Series == k.Series && math.Abs(p.Day.Sub(at).Hours()/24) <= svgTolerance[0] &&
				math.Abs(p.Value-a.Value) <= svgTolerance[1]
		}) {
			t.Errorf("%v (%s = %v) is not drawn in the SVG", k, a.At, a.Value)
		}
	}
}

// TestEverySeededChartIsInDateOrderInTheImage reads every seeded metric's image back through its
// axes: each figure is drawn at its own date (so the points are in date order), whatever mix of
// days, months and years the series holds.
func TestEverySeededChartIsInDateOrderInTheImage(t *testing.T) {
	ts, _ := newSeeded(t)
	codes := seededChartCodes(t)
	for _, code := range codes {
		for _, query := range []string{"?lang=zh", "?lang=en&granularity=year"} {
			body := get(t, ts, "/api/v1/metrics/"+code+"/series"+query).Body
			api := apiFiguresOf(t, body)
			if len(api) == 0 {
				continue
			}
			scale := 1.0
			if strings.Contains(query, "lang=en") {
				scale = englishScale(t, body)
			}
			svgDrawsEveryFigure(t, get(t, ts, "/charts/"+code+".svg"+query).Body, api, scale)
		}
	}
}

// englishScale is what an English image multiplies the stored values of an API series by: its
// English unit's multiplier ("10,000 visits" → 10,000), 1 for a unit without one.
func englishScale(t *testing.T, body string) float64 {
	t.Helper()
	var s struct {
		UnitEn string `json:"unit_en"`
	}
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	power, _ := units.Split(s.UnitEn)
	return math.Pow(10, float64(power))
}

// svgBars reads a compare image back: each bar's series (by its colour in the legend) and value
// (its height through the value axis), with the value of a pixel.
func svgBars(t *testing.T, body string) ([]svgPoint, float64) {
	t.Helper()
	els := svgElements(t, body)
	var rows []int
	left := 1 << 30
	for _, e := range els {
		if e.Name != "path" || !strings.Contains(e.Style, "rgb(227,230,234)") && !strings.Contains(e.Style, "rgb(154,163,174)") {
			continue
		}
		f := strings.Fields(strings.NewReplacer("M", " ", "L", " ").Replace(e.Attr["d"]))
		if len(f) == 4 && f[1] == f[3] && atoi(f[2])-atoi(f[0]) > 100 {
			rows = append(rows, atoi(f[1]))
			left = min(left, atoi(f[0]))
		}
	}
	var ticks []float64
	for _, e := range els {
		// The value ticks are the numbers left of the plot (periods are under it).
		if e.Name == "text" && strings.Contains(e.Style, "rgb(85,95,109)") && atoi(e.Attr["x"]) < left &&
			regexp.MustCompile(tickPattern).MatchString(e.Text) {
			ticks = append(ticks, tickValue(e.Text))
		}
	}
	if len(rows) < 2 || len(ticks) < len(rows) {
		t.Fatalf("cannot read the value axis: %d grid rows, %d ticks", len(rows), len(ticks))
	}
	sort.Ints(rows)
	sort.Float64s(ticks)
	perPx := (ticks[len(ticks)-1] - ticks[0]) / float64(rows[len(rows)-1]-rows[0])
	colour := regexp.MustCompile(`(?:stroke|fill):(rgb\([^)]*\))`)
	names := svgLegend(els)
	var out []svgPoint
	for _, e := range els {
		if e.Name != "path" || !strings.Contains(e.Style, "stroke:none;fill:rgb(") {
			continue
		}
		name, ok := names[colour.FindStringSubmatch(e.Style)[1]]
		f := strings.Fields(strings.NewReplacer("M", " ", "L", " ").Replace(e.Attr["d"]))
		if !ok || len(f) < 8 {
			continue
		}
		out = append(out, svgPoint{Series: name, Value: float64(atoi(f[5])-atoi(f[1])) * perPx})
	}
	return out, perPx
}

// TestQualifiersShowOnEveryOutput: a figure reported as "at least" and one as "about" say so in
// the table, the tooltip meta, the image, the API and the downloads (a column the import reads).
func TestQualifiersShowOnEveryOutput(t *testing.T) {
	ts, store := newSeeded(t)
	ctx := context.Background()
	for _, f := range []data.FigureInput{
		{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2023", Value: 4, Qualifier: data.QualifierLowerBound, Source: "三河交通局", By: "t"},
		{Metric: "cross_border_bus_lines", Region: "jizhou", Period: "2023", Value: 5, Qualifier: data.QualifierApprox, Source: "蓟州交通局", By: "t"},
	} {
		if _, err := datatest.SaveFigure(ctx, store, f); err != nil {
			t.Fatal(err)
		}
	}
	q := "?regions=sanhe,jizhou"
	page := get(t, ts, "/metrics/cross_border_bus_lines"+q).Body
	table := tableFigures(t, page, "chart-cross_border_bus_lines")
	if table[figureKey{"三河市", "2023"}] != "≥4" || table[figureKey{"蓟州区", "2023"}] != "约5" {
		t.Errorf("table %v", table)
	}
	contains(t, "tooltip meta", jsonString(chartIsland(t, page, "chart-cross_border_bus_lines-data")["meta"]), `"text":"≥4"`, `"text":"约5"`)
	svg, _ := svgTexts(t, get(t, ts, "/charts/cross_border_bus_lines.svg"+q).Body)
	contains(t, "SVG labels", strings.Join(svg, "\n"), "≥4", "约5")
	contains(t, "API", get(t, ts, "/api/v1/metrics/cross_border_bus_lines/series"+q).Body,
		`"value":4,"qualifier":"lower_bound","text":"4","display":"≥4"`, `"qualifier":"approx","text":"5","display":"约5"`)
	rows := csvRows(t, get(t, ts, "/data/cross_border_bus_lines.csv"+q).Body)
	if rows[0][6] != "限定" {
		t.Fatalf("CSV header %v", rows[0])
	}
	quals := map[string]string{}
	for _, r := range rows[1:] {
		quals[r[2]] = r[6]
	}
	if quals["sanhe"] != "以上" || quals["jizhou"] != "约" {
		t.Errorf("CSV qualifiers %v", quals)
	}
	for _, r := range xlsxRows(t, get(t, ts, "/data/cross_border_bus_lines.xlsx"+q+"&lang=en").Body)[1:] {
		if want := map[string]string{"sanhe": "lower_bound", "jizhou": "approx"}[r[2]]; r[6] != want {
			t.Errorf("XLSX %s qualifier %q, want %q", r[2], r[6], want)
		}
	}
}

// seededChartCodes names every chart the seed makes: Line 22's named chart and each metric.
func seededChartCodes(t *testing.T) []string {
	codes := []string{"rail22_progress"}
	for _, m := range allSeed(t).Metrics {
		codes = append(codes, m.Code)
	}
	return codes
}
