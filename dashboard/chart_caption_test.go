package dashboard_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

var (
	captionCardRe  = regexp.MustCompile(`(?s)<figure class="chart-card" id="([^"]+)-card">(.*?)</figure>`)
	chartAriaRe    = regexp.MustCompile(`<div class="chart" data-chart="[^"]+" role="img" aria-label="([^"]*)"`)
	chartSummaryRe = regexp.MustCompile(`(?s)<p class="chart-summary" id="([^"]+)-summary">(.*?)</p>`)
)

// Every chart card on every public page, in both languages, shows its summary sentence as its
// caption; the same text is the chart element's aria-label and ECharts' ARIA description (which
// ECharts puts on the element once drawn).
func TestEveryChartHasItsSentenceAsCaptionAndARIA(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, path := range []string{"/", "/metrics/cross_border_bus_lines", "/metrics/rail22_station_structure",
		"/categories/transport", "/embed/metrics/medical_expert_workstations",
		"/export/print?metrics=cross_border_bus_lines,medical_expert_workstations"} {
		for _, lang := range []string{"zh", "en"} {
			page := path + map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")] + "lang=" + lang
			r := get(t, ts, page)
			if r.Code != 200 {
				t.Fatalf("%s: %d", page, r.Code)
			}
			cards := captionCardRe.FindAllStringSubmatch(r.Body, -1)
			// A metric with one figure shows it as a figure card, with no chart to caption.
			if len(cards) == 0 && !strings.HasPrefix(path, "/export/print") && !strings.Contains(r.Body, `class="figure-card"`) {
				t.Fatalf("%s: no chart card", page)
			}
			for _, card := range cards {
				id, inner := card[1], card[2]
				caption := chartSummaryRe.FindStringSubmatch(inner)
				if caption == nil || caption[1] != id {
					t.Errorf("%s %s: no summary caption", page, id)
					continue
				}
				text := html.UnescapeString(caption[2])
				// A level or total speaks "as of" its date; a flow names its period ("2024年…", "In 2024, …").
				if !regexp.MustCompile(map[string]string{"zh": `^(截至|\d{4}年)`, "en": `^(As of|In|On) `}[lang]).MatchString(text) {
					t.Errorf("%s %s: caption %q does not read like a summary sentence", page, id, text)
				}
				aria := chartAriaRe.FindStringSubmatch(inner)
				if aria == nil || html.UnescapeString(aria[1]) != text {
					t.Errorf("%s %s: aria-label %v, want the caption %q", page, id, aria, text)
				}
				island := chartIsland(t, inner, id+"-data")
				desc := island["option"].(map[string]any)["aria"].(map[string]any)["label"].(map[string]any)["description"]
				if desc != text {
					t.Errorf("%s %s: ECharts aria description %q, want the caption %q", page, id, desc, text)
				}
			}
		}
	}
}

// The print view's images have the sentence as their alt text and their caption.
func TestPrintViewImagesHaveTheSentenceAsAltAndCaption(t *testing.T) {
	ts, _ := newSeeded(t)
	body := get(t, ts, "/export/print?metrics=cross_border_bus_lines&lang=en").Body
	alts := regexp.MustCompile(`<img src="[^"]+" alt="([^"]*)"`).FindAllStringSubmatch(body, -1)
	if len(alts) != 1 || !strings.HasPrefix(html.UnescapeString(alts[0][1]), "As of 2024, cross-province bus lines in Pinggu totalled 8 lines") {
		t.Fatalf("print view alt texts: %q", alts)
	}
	caption := chartSummaryRe.FindStringSubmatch(body)
	if caption == nil || caption[2] != alts[0][1] {
		t.Errorf("print view caption %q, want the alt text %q", caption, alts[0][1])
	}
}
