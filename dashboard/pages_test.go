package dashboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

func TestOverviewShowsHeadlineFiguresChartsAndMilestones(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/")
	if r.Code != http.StatusOK {
		t.Fatalf("GET / = %d", r.Code)
	}
	// Chinese by default, with the key figures of FIGURES.md, their units and sources.
	contains(t, "overview", r.Body,
		`<html lang="zh-CN">`, "关键指标", "跨省公交线路", "<b>8</b> 条", "<b>22</b> 个", "<b>60</b> %",
		"截至 2024", "陆续开通了……等8条跨省公交线路",
		`data-chart="chart-rail22-data"`, `id="chart-rail22-progress"`, "22号线北京段车站主体结构完成", "计划开通 <b>2026</b>",
		"建立“平蓟三兴”协同发展工作机制", "22号线河北段开始铺轨", "2025-11-19", "承平高速北京段通车",
		`href="/metrics/joint_meetings?lang=zh"`)
	set := allSeed(t)
	for _, e := range set.Events {
		contains(t, "overview milestones", r.Body, html.EscapeString(e.TitleZh))
	}
	// Every latest figure listed by category names its source on hover.
	contains(t, "category list", r.Body, `<span class="latest" title="来源: 《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):先后召开多层级联席会议9次">9 次`)
	// The bus lines' and workstations' one figure each are key figures: not drawn again. Line 22
	// is drawn over time only for the places with two or more dates.
	if n := strings.Count(r.Body, `type="application/json"`); n != 1 {
		t.Errorf("overview has %d chart data islands, want 1", n)
	}
}

func TestEveryMetricPageShowsItsSeededFigures(t *testing.T) {
	ts, store := newSeeded(t)
	set := allSeed(t)
	regions, _ := store.Regions(context.Background())
	name := map[string]string{"": "四地合计"}
	for _, r := range regions {
		name[r.Code] = r.NameZh
	}
	for _, m := range set.Metrics {
		r := get(t, ts, "/metrics/"+m.Code, "Accept-Language", "zh-CN")
		if r.Code != http.StatusOK {
			t.Errorf("/metrics/%s = %d", m.Code, r.Code)
			continue
		}
		contains(t, m.Code, r.Body, html.EscapeString(m.NameZh), "<th>来源</th>")
		for _, f := range set.Figures {
			if f.Metric != m.Code {
				continue
			}
			// The table row: region, period, value, source.
			row := fmt.Sprintf("<tr><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"src\">%s</td>",
				name[f.Region], f.Period, chart.Qualified(chart.Point{Text: formatted(f.Value, m.Decimals), LowerBound: f.Qualifier == data.QualifierLowerBound, Approximate: f.Qualifier == data.QualifierApprox}, chart.LangZh), html.EscapeString(f.Source))
			contains(t, m.Code+" table", r.Body, row)
		}
	}
}

// allSeed is every release of the seed as one set.
func allSeed(t testing.TB) data.SeedSet {
	t.Helper()
	sets, err := seed.Set()
	if err != nil {
		t.Fatal(err)
	}
	var all data.SeedSet
	for _, s := range sets {
		all.Metrics = append(all.Metrics, s.Metrics...)
		all.Figures = append(all.Figures, s.Figures...)
		all.Events = append(all.Events, s.Events...)
	}
	return all
}

// formatted writes a seeded value as the table shows it: with the decimals it was entered with
// (60 stays 60, 38.3 stays 38.3), whatever the metric's decimals, grouped by thousands.
func formatted(v float64, _ int) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) > 3 {
		whole = whole[:len(whole)-3] + "," + whole[len(whole)-3:]
	}
	if frac != "" {
		return whole + "." + frac
	}
	return whole
}

func TestMetricPageFilters(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/metrics/rail22_station_structure"+q("regions", "sanhe"))
	if r.Code != 200 || !strings.Contains(r.Body, "河北段车站主体结构完成60%") || strings.Contains(r.Body, "38.3 percent") {
		t.Errorf("regions=sanhe must keep the Hebei figure only (code %d)", r.Code)
	}
	r = get(t, ts, "/metrics/rail22_station_structure"+q("regions", "joint", "to", "2024"))
	if r.Code != 200 || !strings.Contains(r.Body, "38.3 percent") || strings.Contains(r.Body, "河北段车站主体结构完成60%") {
		t.Errorf("regions=joint&to=2024 must keep the whole-line figure only (code %d)", r.Code)
	}
	r = get(t, ts, "/metrics/rail22_station_structure"+q("from", "2025-01"))
	if r.Code != 200 || strings.Contains(r.Body, "38.3 percent") {
		t.Errorf("from=2025-01 must drop the 2024 figure (code %d)", r.Code)
	}
}

func TestBadParametersAre400WithAMessage(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, c := range []struct{ query, message string }{
		{q("regions", "beijing"), "regions: 未知地区 &#34;beijing&#34;(可用 joint, pinggu, jizhou, sanhe, xinglong)"},
		{q("from", "2024-02-30"), "from: 日期 &#34;2024-02-30&#34; 有误,应为 YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM-DD"},
		{q("to", "yesterday"), "to: 日期 &#34;yesterday&#34; 有误"},
		{q("from", "2025", "to", "2024"), "from: 起始时间晚于截止时间"},
		{q("granularity", "week"), "granularity: 时间粒度须为 year、quarter 或 month"},
		{q("lang", "fr"), "lang: 语言须为 zh 或 en"},
	} {
		r := get(t, ts, "/metrics/joint_meetings"+c.query)
		if r.Code != http.StatusBadRequest {
			t.Errorf("%s = %d, want 400", c.query, r.Code)
		}
		contains(t, c.query, r.Body, `class="error-message">`+c.message)
	}
}

func TestUnknownMetricIs404Page(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/metrics/no_such_metric")
	if r.Code != http.StatusNotFound {
		t.Fatalf("unknown metric = %d, want 404", r.Code)
	}
	contains(t, "404 page", r.Body, "找不到该页面或指标", `href="/?lang=zh"`, "404 · 页面不存在")
	if r := get(t, ts, "/no/such/page?lang=en"); r.Code != http.StatusNotFound {
		t.Errorf("unknown path = %d", r.Code)
	} else {
		// A wrong address is not a fault of the server: the page says what happened.
		contains(t, "404 page in English", r.Body, "404 · Page not found")
		if strings.Contains(r.Body, "Something went wrong") {
			t.Error("a 404 says something went wrong")
		}
	}
}

func TestLanguageFromQueryCookieAndHeader(t *testing.T) {
	ts, _ := newSeeded(t)
	if r := get(t, ts, "/"+q("lang", "en")); !strings.Contains(r.Body, "Cross-province bus lines") || !strings.Contains(r.Body, `lang="en"`) {
		t.Error("lang=en does not give English")
	}
	if r := get(t, ts, "/", "Accept-Language", "en-US,en;q=0.9"); !strings.Contains(r.Body, "Key figures") {
		t.Error("Accept-Language: en does not give English")
	}
	if r := get(t, ts, "/", "Accept-Language", "en-US", "Cookie", "lang=zh"); !strings.Contains(r.Body, "关键指标") {
		t.Error("the lang cookie must win over Accept-Language")
	}
}

func TestHealthz(t *testing.T) {
	ts, store := newSeeded(t)
	if r := get(t, ts, "/healthz"); r.Code != 200 {
		t.Errorf("healthz = %d", r.Code)
	}
	store.Close()
	if r := get(t, ts, "/healthz"); r.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz with a closed database = %d, want 503", r.Code)
	}
}

func TestSecurityHeadersAndHashedCachedAssets(t *testing.T) {
	ts, _ := newSeeded(t)
	r := get(t, ts, "/")
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("CSP = %q, want script-src 'self' alone", csp)
	}
	if strings.Contains(csp, "unsafe-eval") || regexp.MustCompile(`script-src[^;]*unsafe-inline`).MatchString(csp) {
		t.Errorf("CSP lets scripts run inline: %q", csp)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	if regexp.MustCompile(`<script>|<script [^>]*>[^<]`).FindString(strings.ReplaceAll(r.Body, `<script type="application/json"`, "")) != "" {
		t.Error("the page has an inline script")
	}
	for _, src := range regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllStringSubmatch(r.Body, -1) {
		if !regexp.MustCompile(`\.[0-9a-f]{12}\.(js|css|svg)$`).MatchString(src[1]) {
			t.Errorf("asset URL %s names no content hash", src[1])
		}
		a := get(t, ts, src[1], "Accept-Encoding", "gzip")
		if a.Code != 200 || !strings.Contains(a.Header.Get("Cache-Control"), "immutable") || a.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: %d, Cache-Control %q, Content-Encoding %q", src[1], a.Code, a.Header.Get("Cache-Control"), a.Header.Get("Content-Encoding"))
		}
		if a := get(t, ts, src[1], "If-None-Match", a.Header.Get("ETag")); a.Code != http.StatusNotModified {
			t.Errorf("%s with its ETag = %d, want 304", src[1], a.Code)
		}
	}
	if r := get(t, ts, "/", "Accept-Encoding", "gzip"); r.Header.Get("Content-Encoding") != "gzip" {
		t.Error("pages are not gzipped")
	}
}

// hostile is text staff could type that would run if any output forgot to escape it.
const hostile = `</script><img src=x onerror="window.__pwned=1">"'&<u>x`

// seedHostile loads a catalog whose region name, metric name and source are hostile.
func seedHostile(t testing.TB, store *data.Store) {
	t.Helper()
	set := data.SeedSet{Version: 1,
		Regions:    []data.Region{{Code: "evil", NameZh: "区" + hostile, NameEn: "R" + hostile, ProvinceZh: "省", ProvinceEn: "P", Sort: 1}},
		Categories: []data.Category{{Code: "mechanism", NameZh: "协同机制", NameEn: "Mechanism"}},
		Metrics: []data.Metric{{Code: "evil_metric", Category: "mechanism", NameZh: "指标" + hostile, NameEn: "M" + hostile,
			UnitZh: "个", UnitEn: "items", Kind: data.KindCount, Cumulative: true, Headline: true}},
		Figures: []data.FigureInput{
			{Metric: "evil_metric", Region: "evil", Period: "2023", Value: 5, Source: "源" + hostile, Note: hostile, By: "test"},
			{Metric: "evil_metric", Region: "evil", Period: "2024", Value: 7, Source: "源" + hostile, By: "test"},
		},
		Events: []data.EventInput{{Date: "2024", TitleZh: "事件" + hostile, TitleEn: "E" + hostile, Source: "源" + hostile, By: "test"}},
	}
	if _, err := store.ApplySeed(context.Background(), set); err != nil {
		t.Fatal(err)
	}
}

func TestStaffTextIsEscapedInPagesAndDataIslands(t *testing.T) {
	store := datatest.NewStore(t)
	seedHostile(t, store)
	ts := serve(t, store)
	for _, path := range []string{"/", "/metrics/evil_metric"} {
		r := get(t, ts, path)
		if r.Code != 200 {
			t.Fatalf("%s = %d", path, r.Code)
		}
		if strings.Contains(r.Body, "<img src=x") || strings.Contains(r.Body, hostile) {
			t.Errorf("%s carries the hostile text unescaped", path)
		}
		contains(t, path, r.Body, html.EscapeString(hostile))
		for _, island := range regexp.MustCompile(`(?s)<script type="application/json" id="[^"]+">(.*?)</script>`).FindAllStringSubmatch(r.Body, -1) {
			if strings.ContainsAny(island[1], "<>") {
				t.Errorf("%s: a data island holds a raw < or >", path)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(island[1]), &v); err != nil {
				t.Errorf("%s: data island is not JSON: %v", path, err)
			}
			if !strings.Contains(fmt.Sprint(v), hostile) {
				t.Errorf("%s: the data island lost the text (it must arrive intact, escaped)", path)
			}
		}
	}
}

func TestLinksSharedInWeChatOpenAsShared(t *testing.T) {
	ts, _ := newSeeded(t)
	plain := get(t, ts, "/metrics/cross_border_bus_lines")
	shared := get(t, ts, "/metrics/cross_border_bus_lines?from=singlemessage&isappinstalled=0")
	if shared.Code != http.StatusOK || shared.Body != plain.Body {
		t.Errorf("link shared in a chat = %d, not the page as shared", shared.Code)
	}
	for _, from := range []string{"groupmessage", "timeline"} {
		if r := get(t, ts, "/metrics/cross_border_bus_lines?from="+from+"&isappinstalled=0"); r.Code != http.StatusOK {
			t.Errorf("from=%s = %d", from, r.Code)
		}
	}
	period := get(t, ts, "/metrics/cross_border_bus_lines?from=2024")
	both := get(t, ts, "/metrics/cross_border_bus_lines?from=2024&from=timeline&isappinstalled=0")
	if both.Code != http.StatusOK || both.Body != period.Body {
		t.Errorf("a link with its own period, shared to the timeline = %d, not the period's page", both.Code)
	}
	if r := get(t, ts, "/api/v1/metrics/cross_border_bus_lines/series?from=singlemessage&isappinstalled=0"); r.Code != http.StatusOK {
		t.Errorf("API link shared in a chat = %d", r.Code)
	}
	if r := get(t, ts, "/metrics/cross_border_bus_lines?from=somewhere"); r.Code != http.StatusBadRequest {
		t.Errorf("from=somewhere is no period and no WeChat value: %d, want 400", r.Code)
	}
}

func TestLanguageLinkOfA404StaysOnThisSite(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, p := range []string{"//evil.example/x", "/\\evil.example/x", "/%5Cevil.example/x"} {
		r := get(t, ts, p)
		if r.Code != http.StatusNotFound {
			t.Errorf("%s = %d", p, r.Code)
		}
		if strings.Contains(r.Body, `href="//`) || strings.Contains(r.Body, `href="/\`) || strings.Contains(r.Body, `href="/%5C`) {
			t.Errorf("%s: a link leaves the site: %s", p, regexp.MustCompile(`href="[^"]*evil[^"]*"`).FindString(r.Body))
		}
	}
}

func TestHEADAnswersLikeGET(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, p := range []string{"/healthz", "/", "/metrics/cross_border_bus_lines", "/api/v1/metrics", "/charts/cross_border_bus_lines.svg", "/login"} {
		res, err := ts.Client().Head(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || len(body) != 0 {
			t.Errorf("HEAD %s = %d with %d bytes of body", p, res.StatusCode, len(body))
		}
		if g := get(t, ts, p); g.Header.Get("Content-Type") != res.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: Content-Type %q, GET gives %q", p, res.Header.Get("Content-Type"), g.Header.Get("Content-Type"))
		}
	}
	if res, err := ts.Client().Head(ts.URL + "/no-such-page"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("HEAD of a missing page: %v %v", res.StatusCode, err)
	}
}
