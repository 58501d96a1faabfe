package dashboard_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"pjsx/data"
)

// TestLargeNumbersReadInWanAndYi: a Chinese chart labels 123,456 as 12.35万 and its axis in 万,
// while the table and the tooltip's data keep the exact 123,456; the English chart keeps
// 123,456 with separators; a metric counted in 万人次 is never scaled again.
func TestLargeNumbersReadInWanAndYi(t *testing.T) {
	ts, store := newSeeded(t)
	ctx := context.Background()
	for _, m := range []data.Metric{
		{Code: "test_riders", Category: "transport", NameZh: "客流", NameEn: "Riders", UnitZh: "人次", UnitEn: "trips", Kind: data.KindCount},
		{Code: "test_riders_wan", Category: "transport", NameZh: "客流（万）", NameEn: "Riders (10k)", UnitZh: "万人次", UnitEn: "10k trips", Kind: data.KindCount},
	} {
		if err := store.AddMetric(ctx, data.Actor{Name: "admin"}, m); err != nil {
			t.Fatal(err)
		}
	}
	saveFigures(t, store,
		data.FigureInput{Metric: "test_riders", Region: "pinggu", Period: "2023", Value: 98000},
		data.FigureInput{Metric: "test_riders", Region: "pinggu", Period: "2024", Value: 123456},
		data.FigureInput{Metric: "test_riders_wan", Region: "pinggu", Period: "2023", Value: 35000},
		data.FigureInput{Metric: "test_riders_wan", Region: "pinggu", Period: "2024", Value: 36000})

	zh := get(t, ts, "/metrics/test_riders?lang=zh").Body
	contains(t, "zh page", zh, `"text":"123,456"`, `"label":"12.35万"`, `"wan":true`, `<td class="num">123,456</td>`)
	texts, _ := svgTexts(t, get(t, ts, "/charts/test_riders.svg?lang=zh").Body)
	if !contains1(texts, "12.35万") || !contains1(texts, "9.8万") || contains1(texts, "123,456") {
		t.Errorf("zh image labels: %q", texts)
	}
	if !contains1(texts, "10万") && !contains1(texts, "12万") && !contains1(texts, "15万") {
		t.Errorf("zh image axis not in 万: %q", texts)
	}

	en := get(t, ts, "/metrics/test_riders?lang=en").Body
	if strings.Contains(en, `"label":"12.35万"`) || strings.Contains(en, `"wan":true`) {
		t.Error("the English page scales in 万")
	}
	texts, _ = svgTexts(t, get(t, ts, "/charts/test_riders.svg?lang=en").Body)
	if !contains1(texts, "123,456") {
		t.Errorf("en image labels: %q", texts)
	}

	wan := get(t, ts, "/metrics/test_riders_wan?lang=zh").Body
	if strings.Contains(wan, `"wan":true`) || strings.Contains(wan, `"label":"3.6万"`) {
		t.Error("a unit in 万 is scaled again")
	}
	texts, _ = svgTexts(t, get(t, ts, "/charts/test_riders_wan.svg?lang=zh").Body)
	if !contains1(texts, "36,000") || contains1(texts, "3.6万") {
		t.Errorf("万人次 image labels: %q", texts)
	}
}

// TestEnglishFiguresIn10000sReadInMillions: a metric counted in 万人次 ("10,000 visits") reads
// in English as numbers of visits: the tooltip's data, the table, the caption (alt text), the
// image's labels and axis, and the print briefing say "2.641 million visits", never "264.1
// 10,000 visits". The CSV and the API keep the stored 264.1 in 10,000 visits, and Chinese keeps
// 264.1 万人次.
func TestEnglishFiguresIn10000sReadInMillions(t *testing.T) {
	ts, store := newSeeded(t)
	saveFigures(t, store, // the seed holds ≥500 (2006)
		data.FigureInput{Metric: "jizhou_annual_visitors", Region: "jizhou", Period: "2019", Value: 235.5},
		data.FigureInput{Metric: "jizhou_annual_visitors", Region: "jizhou", Period: "2023", Value: 264.1, Qualifier: data.QualifierApprox})

	en := get(t, ts, "/metrics/jizhou_annual_visitors?lang=en").Body
	contains(t, "en page", en,
		`"text":"~2.641 million"`, `"text":"2.355 million"`, `"text":"≥5 million"`, // the tooltip's data
		`"unit":"visits"`, `"scale":4`, // the tooltip's unit; the axis ticks read in visits
		`<td class="num">~2.641 million</td>`, `(visits)</th>`, // the table
		// the caption and alt text: a change is rounded to the metric's decimals (0: 29 万人次)
		"came to about 2.641 million visits, up about 290,000 visits or 12.1% from 2.355 million visits in 2019")
	for _, bad := range []string{"264.1 10,000", "2.641 million 10,000", `"unit":"10,000 visits"`} {
		if strings.Contains(en, bad) {
			t.Errorf("the English page writes %q", bad)
		}
	}
	texts, _ := svgTexts(t, get(t, ts, "/charts/jizhou_annual_visitors.svg?lang=en").Body)
	if !contains1(texts, "~2.641 million") || !contains1(texts, "2.355 million") || contains1(texts, "264.1") {
		t.Errorf("en image labels: %q", texts)
	}
	if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, "Unit: visits") }) ||
		!slices.ContainsFunc(texts, func(s string) bool { return strings.HasSuffix(s, "0 million") || strings.HasSuffix(s, "5 million") }) {
		t.Errorf("en image: no unit in visits or no axis tick in millions: %q", texts)
	}
	contains(t, "en print briefing", get(t, ts, "/export/print?metrics=jizhou_annual_visitors&lang=en").Body,
		"<td class=\"num\">~2.641 million</td>", "(visits)</th>", "came to about 2.641 million visits")

	// What is stored travels as stored.
	contains(t, "en CSV", get(t, ts, "/data/jizhou_annual_visitors.csv?lang=en").Body, ",264.1,", "10,000 visits")
	contains(t, "en API", get(t, ts, "/api/v1/metrics/jizhou_annual_visitors/series?lang=en").Body,
		`"value":264.1`, `"text":"264.1"`, `"unit_en":"10,000 visits"`,
		`"display":"~2.641 million"`, `"display_unit":"visits"`) // as the page shows it

	zh := get(t, ts, "/metrics/jizhou_annual_visitors?lang=zh").Body
	contains(t, "zh page", zh, `"text":"约264.1"`, `"unit":"万人次"`, `<td class="num">约264.1</td>`)
	if strings.Contains(zh, "万万") || strings.Contains(zh, `"scale":`) || strings.Contains(zh, "2.641") {
		t.Error("the Chinese page scales a unit in 万 again")
	}
}
