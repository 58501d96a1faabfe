package dashboard_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pjsx/data"
	"pjsx/data/datatest"
)

// The bus lines have one figure: the page shows it once, as a figure card with its date, scope
// and source, and draws no chart, no compare, latest or progress view of it.
func TestBusLinesPageShowsItsOneFigureOnceAsACard(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, lang := range []string{"zh", "en"} {
		body := get(t, ts, "/metrics/cross_border_bus_lines?lang="+lang).Body
		contains(t, "card", body, `<figure class="figure-card" id="figure-cross_border_bus_lines-card" data-value="8">`,
			`<p class="figure-card-value"><b>8</b> `, "<dd>2024</dd>")
		if n := strings.Count(body, "<b>8</b>"); n != 1 {
			t.Errorf("%s: the figure is shown %d times, want once", lang, n)
		}
		if n := strings.Count(body, `type="application/json"`); n != 0 {
			t.Errorf("%s: %d charts drawn beside the card", lang, n)
		}
		for _, id := range []string{"chart-compare", "chart-latest", "chart-progress"} {
			if strings.Contains(body, id) {
				t.Errorf("%s: a one-figure page offers %s", lang, id)
			}
		}
	}
}

// Line 22 Pinggu has one figure and a target: its card carries the bar to the target, and the
// progress view is not drawn beside it.
func TestOneFigureWithATargetIsACardWithABar(t *testing.T) {
	ts, _ := newSeeded(t)
	body := get(t, ts, "/metrics/rail22_pinggu_progress?lang=zh").Body
	contains(t, "card", body, `<figure class="figure-card"`, `<span style="width: 60.0%"></span>`, "目标 100% · 60%")
	if strings.Contains(body, "chart-progress") || strings.Count(body, "<b>60</b>") != 1 {
		t.Error("the Pinggu section's one figure is drawn more than once")
	}
}

// A metric with figures in two places offers compare and latest; with several figures in one
// place it is a chart over time without them.
func TestCompareOnlyWhenTwoPlacesHaveFigures(t *testing.T) {
	ts, store := newSeeded(t)
	two := withCards(t, ts, get(t, ts, "/metrics/rail22_station_structure?lang=zh").Body)
	for _, id := range []string{"chart-rail22_station_structure-data", "chart-compare-data", "chart-latest-data", "chart-progress-data"} {
		contains(t, "two places", two, `id="`+id+`"`)
	}
	one := get(t, ts, "/metrics/rail22_route_length?lang=zh").Body // three figures, the whole line only
	contains(t, "one place", one, `id="chart-rail22_route_length-data"`)
	if strings.Contains(one, "chart-compare") || strings.Contains(one, "chart-latest") || strings.Contains(one, "figure-card") {
		t.Error("a one-place metric offers compare or latest, or shows a card")
	}
	// A second place's figure turns the bus lines' card into a chart with compare and latest.
	if _, err := datatest.SaveFigure(context.Background(), store, data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe",
		Period: "2025", Value: 3, Source: "test", By: "test"}); err != nil {
		t.Fatal(err)
	}
	bus := withCards(t, ts, get(t, ts, "/metrics/cross_border_bus_lines?lang=zh").Body)
	contains(t, "bus lines in two places", bus, `id="chart-cross_border_bus_lines-data"`, `id="chart-compare-data"`, `id="chart-latest-data"`)
	if strings.Contains(bus, "figure-card") {
		t.Error("two figures still shown as a card")
	}
}

// Key figures: one per topic, dated, an old figure muted with its age, a change in neutral
// words, the value as the source gave it.
func TestKeyFiguresAreDatedNeutralAndOnePerTopic(t *testing.T) {
	ts, _ := newSeeded(t)
	body := get(t, ts, "/?lang=en").Body
	body = body[strings.Index(body, `id="key-h"`):strings.Index(body, `id="charts-h"`)]
	contains(t, "key figures", body, `<a class="card old"`, `<span class="card-age">over a year old</span>`, "First reported", "<b>60</b> %")
	for _, bad := range []string{"60.0", "首个数据", "First figure", "card-change up", "card-change down"} {
		if strings.Contains(body, bad) {
			t.Errorf("key figures show %q", bad)
		}
	}
	// Line 22 has one key figure (its sub-measures are in the Line 22 block).
	if n := strings.Count(body, `<a class="card`); n != 6 {
		t.Errorf("%d key figures, want 6", n)
	}
	for _, code := range []string{"rail22_main_structure", "rail22_station_structure", "rail22_interval_structure"} {
		if strings.Contains(body, `class="card old" href="/metrics/`+code) || strings.Contains(body, `class="card" href="/metrics/`+code) {
			t.Errorf("%s is a key figure", code)
		}
	}
	contains(t, "grid", body, `style="--cols: 3"`)
}

// The overview's Line 22 block: one bar per measure and scope, the over-time chart only of the
// places with two or more dates, and the planned opening moving 2020 → 2025 → 2026.
func TestOverviewLine22Block(t *testing.T) {
	ts, _ := newSeeded(t)
	body := get(t, ts, "/?lang=zh").Body
	a := strings.Index(body, `id="chart-rail22-progress"`)
	if a < 0 {
		t.Fatal("no Line 22 block")
	}
	block := body[a:]
	block = block[:strings.Index(block, "</section>")]
	if n := strings.Count(block, `<li class="progress-row">`); n != 8 {
		t.Errorf("%d progress rows, want 8 (measure × scope)", n)
	}
	contains(t, "bars", block, `aria-label="目标完成 38% (目标 100%)"><span style="width: 38.3%">`)
	contains(t, "scopes", block, "平谷段", "全线(含北京段与河北段)", "河北段(全部位于三河市燕郊)", `<span class="progress-scope">北京段</span>`)
	island := chartIsland(t, body, "chart-rail22-data")
	var names []string
	for _, s := range island["option"].(map[string]any)["series"].([]any) {
		names = append(names, s.(map[string]any)["name"].(string))
	}
	if strings.Join(names, "|") != "22号线车站主体结构完成 · 三河市|22号线区间主体结构完成 · 三河市" {
		t.Errorf("the over-time chart draws %v; want only the measures with two or more dates", names)
	}
	plans := block[strings.Index(block, `class="plan-view"`):]
	i2020, i2025, i2026 := strings.Index(plans, "<b>2020</b>"), strings.Index(plans, "<b>2025</b>"), strings.Index(plans, "<b>2026</b>")
	if i2020 < 0 || i2025 < i2020 || i2026 < i2025 {
		t.Errorf("the planned opening does not move 2020 → 2025 → 2026: %d %d %d", i2020, i2025, i2026)
	}
}

// jsOverflows lists what overflows its box on the page: a card, block or table wider than the
// screen or its card, a title whose text is wider than its box, and an ECharts title or legend
// that reaches outside its chart. Tables are unfolded first, as a reader would.
const jsOverflows = `(() => {
  const out = [];
  const W = document.documentElement.clientWidth;
  document.querySelectorAll('details').forEach(d => d.open = true);
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
  // Key figures: a row holding one card alone is only allowed when the card spans the grid.
  const grid = document.querySelector('.card-grid');
  if (grid) {
    const rows = {};
    grid.querySelectorAll('.card').forEach(c => { const top = Math.round(c.getBoundingClientRect().top); (rows[top] = rows[top] || []).push(c); });
    const gw = grid.getBoundingClientRect().width;
    Object.values(rows).forEach(r => {
      if (Object.keys(rows).length > 1 && r.length === 1 && r[0].getBoundingClientRect().width < gw - 2) out.push('a key figure alone on its row: ' + r[0].querySelector('.card-name').textContent);
    });
  }
  if (document.documentElement.scrollWidth > W + 1) out.push('page ' + document.documentElement.scrollWidth + ' > ' + W);
  document.querySelectorAll('.card, .chart-card, .figure-card, .progress-block, .plan-view, .cat').forEach(el => {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.left < -1 || r.right > W + 1)) out.push(name(el) + ' outside the screen: ' + Math.round(r.left) + '–' + Math.round(r.right));
  });
  document.querySelectorAll('h1, h2, h3, h4, .card-name, .figure-card-title, .progress-label, .chart-summary').forEach(el => {
    if (el.getBoundingClientRect().width > 0 && el.scrollWidth > el.clientWidth + 1) out.push(name(el) + ' text overflows: ' + el.scrollWidth + ' > ' + el.clientWidth);
  });
  document.querySelectorAll('table.figures').forEach(t => {
    const box = t.closest('.chart-card, .figure-card, main');
    const r = t.getBoundingClientRect(), b = box.getBoundingClientRect();
    const scrolls = getComputedStyle(t).overflowX === 'auto' || getComputedStyle(t.parentElement).overflowX === 'auto';
    if (r.width > 0 && !scrolls && r.right > b.right + 1) out.push(name(t) + ' wider than its card: ' + Math.round(r.right) + ' > ' + Math.round(b.right));
    if (scrolls && r.right > W + 1) out.push(name(t) + ' scroller wider than the screen');
  });
  document.querySelectorAll('[data-chart]').forEach(el => {
    const inst = window.echarts && echarts.getInstanceByDom(el);
    if (!inst) { out.push(el.dataset.chart + ' not drawn'); return; }
    const w = inst.getWidth(), h = inst.getHeight();
    ['title', 'legend'].forEach(kind => {
      const model = inst.getModel().getComponent(kind);
      if (!model) return;
      const view = inst.getViewOfComponentModel(model);
      if (!view || !view.group) { out.push(el.dataset.chart + ' ' + kind + ' has no view'); return; }
      const r = view.group.getBoundingRect().clone();
      r.applyTransform(view.group.getComputedTransform() || [1, 0, 0, 1, 0, 0]);
      if (r.width === 0) return;
      if (r.x < -1 || r.x + r.width > w + 1 || r.y < -1 || r.y + r.height > h + 1)
        out.push(el.dataset.chart + ' ' + kind + ' outside its chart: x ' + Math.round(r.x) + '+' + Math.round(r.width) + ' of ' + w);
    });
  });
  return out;
})()`

// At 1440×900 and 390×844, in Chinese and English, nothing on the overview and two metric
// pages overflows its box: titles, legends, cards and tables.
func TestBrowserNothingOverflowsItsBox(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	for _, size := range [][2]int64{{1440, 900}, {390, 844}} {
		if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(size[0], size[1])); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/metrics/rail22_station_structure", "/metrics/cross_border_bus_lines"} {
			for _, lang := range []string{"zh", "en"} {
				page := path + "?lang=" + lang
				b.Open(t, ts.URL+page)
				var out []string
				b.Eval(t, jsOverflows, &out)
				for _, o := range out {
					t.Errorf("%s at %d×%d: %s", page, size[0], size[1], o)
				}
			}
		}
	}
}

// A key figure from 10,000 up is written in 万 (or 亿) in Chinese, with its qualifier, and the
// card's title gives it in full; English keeps the full figure with thousands separators.
func TestKeyFiguresInWanWithTheExactValueInTheTitle(t *testing.T) {
	ts, store := newSeeded(t)
	if _, err := datatest.SaveFigure(context.Background(), store, data.FigureInput{Metric: "cross_province_services", Region: "pinggu",
		Period: "2026", Value: 123456, Qualifier: data.QualifierLowerBound, Source: "test", By: "test"}); err != nil {
		t.Fatal(err)
	}
	card := func(lang string) string {
		body := get(t, ts, "/?lang="+lang).Body
		i := strings.Index(body, `href="/metrics/cross_province_services?lang=`+lang+`"`)
		if i < 0 {
			t.Fatalf("%s: no key figure of cross_province_services", lang)
		}
		a := body[strings.LastIndex(body[:i], "<a "):]
		a, _, _ = strings.Cut(a, "</a>")
		return a
	}
	zh := card("zh")
	contains(t, "zh card", zh, `title="≥123,456 项 · 来源: test"`, `<b>≥12.35万</b> 项`)
	en := card("en")
	contains(t, "en card", en, `<b>≥123,456</b> services`)
	if strings.Contains(en, "万") || strings.Contains(en, `title="≥123,456`) {
		t.Errorf("the English card is scaled or repeats its value in the title: %s", en)
	}
	// A figure under 10,000 stays as it is, with no exact value repeated.
	for _, c := range []string{"medical_expert_workstations", "mines_restored"} {
		body := get(t, ts, "/?lang=zh").Body
		i := strings.Index(body, `href="/metrics/`+c+`?lang=zh"`)
		if i < 0 || strings.Contains(body[i:i+200], "万") || !strings.Contains(body[i:i+200], `title="来源: `) {
			t.Errorf("%s: small key figure scaled or titled with a value: %.200s", c, body[max(i, 0):])
		}
	}
}
