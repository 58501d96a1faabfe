package dashboard_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// A metric page carries its first view whole and the others as previews: picture, sentences
// and downloads, with the address of the whole card, which has the data island and the table.
func TestMetricPageViewsBeyondTheFirstArePreviews(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, lang := range []string{"zh", "en"} {
		body := get(t, ts, "/metrics/rail22_station_structure?lang="+lang).Body
		contains(t, "first view", body, `id="chart-rail22_station_structure-data"`, `id="chart-rail22_station_structure-table"`)
		for _, view := range []string{"compare", "latest", "progress"} {
			id := "chart-" + view
			m := previewRe.FindAllStringSubmatch(body, -1)
			var rest string
			for _, p := range m {
				if strings.Contains(p[0], `id="`+id+`-card"`) {
					rest = html.UnescapeString(p[1])
				}
			}
			if rest == "" {
				t.Fatalf("%s: no preview of %s", lang, view)
			}
			preview := body[strings.Index(body, `id="`+id+`-card"`):]
			preview = preview[:strings.Index(preview, "</figure>")]
			contains(t, view+" preview", preview, "<picture>", `class="chart-summary"`, "view="+view, `download>PNG</a>`,
				`href="/embed/metrics/rail22_station_structure?`)
			if strings.Contains(preview, "application/json") || strings.Contains(preview, "<table") {
				t.Errorf("%s: the %s preview carries its island or table", lang, view)
			}
			card := get(t, ts, rest)
			if card.Code != http.StatusOK {
				t.Fatalf("%s: %d", rest, card.Code)
			}
			contains(t, view+" card", card.Body, `<figure class="chart-card" id="`+id+`-card">`, `id="`+id+`-data"`, `id="`+id+`-table"`)
			if strings.Contains(card.Body, "<html") {
				t.Errorf("%s: the card is a whole page", rest)
			}
			// Without JavaScript the preview's table links to the view as a page of its own.
			embed := get(t, ts, "/embed/metrics/rail22_station_structure?lang="+lang+"&view="+view)
			contains(t, view+" page of its own", embed.Body, `-table"`)
		}
	}
	// A card asked for wrongly is refused, naming what is wrong.
	if r := get(t, ts, "/metrics/rail22_station_structure/card?view=sideways"); r.Code != http.StatusBadRequest || !strings.Contains(r.Body, "view") {
		t.Errorf("bad view: %d", r.Code)
	}
	if r := get(t, ts, "/metrics/no_such_metric/card?view=compare"); r.Code != http.StatusNotFound {
		t.Errorf("unknown metric: %d", r.Code)
	}
}
