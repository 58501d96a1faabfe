package dashboard_test

import (
	"context"
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
