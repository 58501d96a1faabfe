package dashboard_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
)

// addLongSeries adds a metric with fifteen years of Pinggu and, for some years, Sanhe: more
// figures than a flat table keeps.
func addLongSeries(t *testing.T, store *data.Store) {
	t.Helper()
	if err := store.AddMetric(context.Background(), data.Actor{Name: "admin"}, data.Metric{Code: "test_long",
		Category: "transport", NameZh: "长序列", NameEn: "Long series", UnitZh: "个", UnitEn: "items", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
	var figures []data.FigureInput
	for y := 2010; y <= 2024; y++ {
		figures = append(figures, data.FigureInput{Metric: "test_long", Region: "pinggu", Period: strconv.Itoa(y),
			Value: float64(y - 2000), Source: "平谷区统计局《统计公报》", By: "test"})
	}
	figures = append(figures,
		data.FigureInput{Metric: "test_long", Region: "sanhe", Period: "2023", Value: 7, Source: "Sanhe bulletin", Note: "口径调整", By: "test"},
		data.FigureInput{Metric: "test_long", Region: "sanhe", Period: "2024", Value: 9, Source: "Sanhe bulletin", By: "test"})
	for _, f := range figures {
		if _, err := datatest.SaveFigure(context.Background(), store, f); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLongSeriesTableIsAPivotOfPeriodsAndPlaces: a chart with more than twelve figures shows its
// table as one row per period, newest first, a column per place; each cell keeps the figure as
// shown and its source in its title, notes are listed under it, and the full CSV is one click away.
func TestLongSeriesTableIsAPivotOfPeriodsAndPlaces(t *testing.T) {
	ts, store := newSeeded(t)
	addLongSeries(t, store)
	body := get(t, ts, "/metrics/test_long?lang=en&regions=pinggu,sanhe").Body
	i := strings.Index(body, `<table class="figures pivot" id="chart-test_long-table">`)
	if i < 0 {
		t.Fatalf("no pivot table: %s", body)
	}
	table := body[i : i+strings.Index(body[i:], "</table>")]
	var periods []string
	for _, m := range regexp.MustCompile(`<tr><th scope="row">([^<]+)</th>`).FindAllStringSubmatch(table, -1) {
		periods = append(periods, m[1])
	}
	if got := strings.Join(periods, ","); !strings.HasPrefix(got, "2024,2023,2022,") || len(periods) != 15 {
		t.Errorf("pivot rows %v, want the 15 years newest first", periods)
	}
	contains(t, "pivot", table, `<th class="num">Pinggu</th><th class="num">Sanhe</th>`,
		`<tr><th scope="row">2024</th><td class="num" title="平谷区统计局《统计公报》" lang="zh">24</td><td class="num" title="Sanhe bulletin">9</td></tr>`,
		`<tr><th scope="row">2022</th><td class="num" title="平谷区统计局《统计公报》" lang="zh">22</td><td class="num"></td></tr>`,
		`<td class="num" title="Sanhe bulletin">7 <sup><a href="#chart-test_long-note-1">1</a></sup></td>`)
	contains(t, "notes and download", body,
		`<li id="chart-test_long-note-1" lang="zh">Sanhe · 2023: 口径调整</li>`,
		`<a href="/data/test_long.csv?`)
	if got := tableFigures(t, body, "chart-test_long"); len(got) != 17 {
		t.Errorf("the pivot shows %d figures, want all 17", len(got))
	}

	// Twelve figures or fewer stay one row per figure.
	short := get(t, ts, "/metrics/test_long?lang=en&regions=sanhe").Body
	contains(t, "flat table", short, `<table class="figures" id="chart-test_long-table">`)
}

// TestEnglishPagesMarkChineseTextAsChinese: on an English page, Chinese sources and notes carry
// lang="zh" in the table and the sources list; English text and Chinese pages carry no mark.
func TestEnglishPagesMarkChineseTextAsChinese(t *testing.T) {
	ts, store := newSeeded(t)
	addLongSeries(t, store)
	en := get(t, ts, "/metrics/test_long?lang=en&regions=sanhe").Body
	contains(t, "English page", en,
		`<td class="src">Sanhe bulletin</td><td lang="zh">口径调整</td>`,
		`<li>Sanhe bulletin</li>`)
	all := get(t, ts, "/metrics/test_long?lang=en").Body
	contains(t, "English sources list", all, `<li lang="zh">平谷区统计局《统计公报》</li>`)
	zh := get(t, ts, "/metrics/test_long?lang=zh").Body
	if strings.Contains(zh, ` lang="zh"`) {
		t.Errorf("a Chinese page marks text lang=\"zh\" again")
	}
}
