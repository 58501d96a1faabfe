package dashboard_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pjsx/data"
)

// TestExportFormGroupsAndPreselects: the form groups its charts by category (a fieldset each),
// picks the overview's headline charts and scale 2 when nothing is asked, and offers a view per
// chart (progress only where the metric has a target).
func TestExportFormGroupsAndPreselects(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, lang := range []string{"zh", "en"} {
		r := get(t, ts, "/export?lang="+lang)
		if r.Code != http.StatusOK {
			t.Fatalf("/export = %d", r.Code)
		}
		groups := strings.Count(r.Body, `<fieldset class="export-group">`)
		if groups < 3 {
			t.Errorf("%s: %d category fieldsets", lang, groups)
		}
		legend := map[string]string{"zh": "<legend>交通", "en": "<legend>Transport"}[lang]
		contains(t, lang+" form", r.Body, legend, `<option value="2" selected>2×</option>`,
			`<select name="view.cross_border_bus_lines"`, `<option value="compare">`)
		checked := regexp.MustCompile(`name="metrics" value="([a-z0-9_]+)" checked`).FindAllStringSubmatch(r.Body, -1)
		if len(checked) == 0 || len(checked) > 8 {
			t.Errorf("%s: %d charts preselected, want the headline ones", lang, len(checked))
		}
		for _, c := range checked {
			if !strings.Contains(r.Body, `value="`+c[1]+`" checked> `) {
				t.Errorf("odd markup for %s", c[1])
			}
		}
		if strings.Contains(r.Body, `name="view.cross_border_bus_lines"`) && strings.Contains(
			r.Body[strings.Index(r.Body, `name="view.cross_border_bus_lines"`):][:400], `value="progress"`) {
			t.Errorf("%s: progress offered for a metric without a target", lang)
		}
	}
	// A pick from a chart's link keeps only that chart and the scale asked for.
	r := get(t, ts, "/export?metrics=cross_border_bus_lines&scale=1&view.cross_border_bus_lines=compare")
	if n := len(regexp.MustCompile(`name="metrics" value="[a-z0-9_]+" checked`).FindAllString(r.Body, -1)); n != 1 {
		t.Errorf("%d charts checked, want 1", n)
	}
	contains(t, "kept choices", r.Body, `<option value="1" selected>1×</option>`, `<option value="compare" selected>`)
}

// TestExportFormShownAgainWhenNothingPicked: the ZIP, the print view and the briefing files asked
// for with no chart show the form again (400) with a message in the page's language, never a
// dead-end error page; the filters chosen stay chosen.
func TestExportFormShownAgainWhenNothingPicked(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, path := range []string{"/export/pack.zip", "/export/print", "/export/briefing.pdf", "/export/briefing.docx"} {
		for lang, msg := range map[string]string{"zh": "请至少选择一个图表", "en": "Pick at least one chart"} {
			r := get(t, ts, path+q("lang", lang, "regions", "pinggu", "scale", "3"))
			if r.Code != http.StatusBadRequest {
				t.Errorf("%s %s = %d, want 400", path, lang, r.Code)
				continue
			}
			contains(t, path+" "+lang, r.Body, `<form class="export-form"`, `role="alert"`, msg,
				`name="regions" value="pinggu" checked`, `<option value="3" selected>3×</option>`, `<html lang="`+lang)
			if strings.Contains(r.Body, `value="cross_border_bus_lines" checked`) {
				t.Errorf("%s: a chart is checked after an empty pick", path)
			}
		}
	}
}

// TestExportViewPerChart: the view chosen per chart is the view packed and printed.
func TestExportViewPerChart(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/export/print"+q("metrics", "cross_border_bus_lines,rail22_station_structure",
		"view.cross_border_bus_lines", "compare", "view.rail22_station_structure", "progress"))
	if r.Code != http.StatusOK {
		t.Fatalf("%d %s", r.Code, r.Body)
	}
	contains(t, "print", r.Body, `<img src="/charts/cross_border_bus_lines.png?lang=zh&amp;view=compare`,
		`<img src="/charts/rail22_station_structure.png?lang=zh&amp;view=progress`)
	z := get(t, ts, "/export/pack.zip"+q("metrics", "cross_border_bus_lines", "view.cross_border_bus_lines", "latest"))
	if z.Code != http.StatusOK {
		t.Fatalf("pack %d %s", z.Code, z.Body)
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(z.Body)), int64(len(z.Body)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "cross_border_bus_lines.svg" {
			continue
		}
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		if !strings.Contains(b.String(), "各地区最新数据") {
			t.Errorf("the packed SVG is not the latest view")
		}
	}
}

// TestPrintViewTrimsTablesUnderAHeader: the print view opens with the dashboard's name and the
// date, and a long series' table keeps its six newest figures, newest first, saying how many it
// leaves to the pack's Excel.
func TestPrintViewTrimsTablesUnderAHeader(t *testing.T) {
	ts, store := newSeeded(t)
	if err := store.AddMetric(context.Background(), data.Actor{Name: "admin"}, data.Metric{Code: "test_long",
		Category: "transport", NameZh: "长序列", NameEn: "Long series", UnitZh: "个", UnitEn: "items", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
	var figures []data.FigureInput
	for y := 2015; y <= 2024; y++ {
		figures = append(figures, data.FigureInput{Metric: "test_long", Region: "pinggu", Period: strconv.Itoa(y), Value: float64(y - 2000)})
	}
	saveFigures(t, store, figures...)
	r := get(t, ts, "/export/print"+q("metrics", "test_long", "lang", "en"))
	if r.Code != http.StatusOK {
		t.Fatalf("%d %s", r.Code, r.Body)
	}
	contains(t, "print header", r.Body, `<span class="print-name">Ping-Ji-San-Xing Cooperation Dashboard</span>`,
		`<span class="print-date">Generated `+time.Now().In(time.FixedZone("", 8*3600)).Format("2006-01-02"),
		`The table lists the newest figures only; the ZIP pack&#39;s Excel has them all. Left out: 4`)
	i := strings.Index(r.Body, `id="chart-test_long-table"`)
	if i < 0 {
		t.Fatalf("no table: %s", r.Body[strings.Index(r.Body, "print-sheet"):])
	}
	table := r.Body[i:]
	table = table[:strings.Index(table, "</table>")]
	periods := regexp.MustCompile(`<tr><td>Pinggu</td><td>(\d{4})</td>`).FindAllStringSubmatch(table, -1)
	var got []string
	for _, p := range periods {
		got = append(got, p[1])
	}
	if strings.Join(got, ",") != "2024,2023,2022,2021,2020,2019" {
		t.Errorf("print table periods %v, want the six newest, newest first", got)
	}
}

// TestLine22ChartIsPackable: the overview's Line 22 chart (a named chart of several measures) is
// offered, picked on a fresh form, and packs, prints and briefs like a metric's chart.
func TestLine22ChartIsPackable(t *testing.T) {
	ts, _ := newSeeded(t)
	form := get(t, ts, "/export?lang=zh").Body
	contains(t, "form", form, `name="metrics" value="rail22_progress" checked`)
	z := get(t, ts, "/export/pack.zip"+q("metrics", "rail22_progress"))
	if z.Code != http.StatusOK {
		t.Fatalf("pack %d %s", z.Code, z.Body)
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(z.Body)), int64(len(z.Body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	for _, want := range []string{"rail22_progress.png", "rail22_progress.svg", "data.xlsx"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("pack holds %v, not %s", names, want)
		}
	}
	p := get(t, ts, "/export/print"+q("metrics", "rail22_progress", "lang", "en"))
	if p.Code != http.StatusOK {
		t.Fatalf("print %d", p.Code)
	}
	contains(t, "print", p.Body, `<img src="/charts/rail22_progress.png?lang=en`)
	if r := get(t, ts, "/export/briefing.pdf"+q("metrics", "rail22_progress")); r.Code != http.StatusOK {
		t.Errorf("briefing %d %s", r.Code, r.Body[:min(300, len(r.Body))])
	}
}

// TestPackLinksPickTheirChartAndView: the "add to briefing pack" link beside a compare view and
// beside the named Line 22 chart opens the export form with only that chart checked, in that
// view, and the page's filters kept.
func TestPackLinksPickTheirChartAndView(t *testing.T) {
	ts, _ := newSeeded(t)
	links := regexp.MustCompile(`<a href="(/export\?metrics=[^"]+)">`)
	follow := func(page, want string) string {
		t.Helper()
		for _, m := range links.FindAllStringSubmatch(get(t, ts, page).Body, -1) {
			if link := html.UnescapeString(m[1]); strings.Contains(link, want) {
				r := get(t, ts, link)
				if r.Code != http.StatusOK {
					t.Fatalf("%s = %d", link, r.Code)
				}
				return r.Body
			}
		}
		t.Fatalf("%s: no pack link with %s", page, want)
		return ""
	}
	checked := regexp.MustCompile(`name="metrics" value="([a-z0-9_]+)" checked`)
	onlyChecked := func(body, code string) {
		t.Helper()
		if got := checked.FindAllStringSubmatch(body, -1); len(got) != 1 || got[0][1] != code {
			t.Errorf("checked %v, want only %s", got, code)
		}
	}
	form := follow("/metrics/rail22_station_structure?lang=zh&from=2000", "view.rail22_station_structure=compare")
	onlyChecked(form, "rail22_station_structure")
	i := strings.Index(form, `name="view.rail22_station_structure"`)
	if i < 0 || !strings.Contains(form[i:i+600], `<option value="compare" selected>`) {
		t.Errorf("the compare view is not picked in the form")
	}
	contains(t, "filters", form, `name="from" value="2000-01-01"`)
	onlyChecked(follow("/?lang=zh", "metrics=rail22_progress&"), "rail22_progress")
}
