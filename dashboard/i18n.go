package dashboard

import (
	"pjsx/dashboard/i18n"

	"github.com/labstack/echo/v4"
)

// Languages of the UI: Chinese first, English second.
const (
	langZh = i18n.Zh
	langEn = i18n.En
)

// messages holds the page words not yet moved to package i18n, {zh, en}: the chart, view,
// briefing and metric-information words and the layout's (coreMessages here). Staff, form,
// login, import, admin and error messages live in i18n.Default, one text per language.
var messages = mergeMessages(coreMessages, viewMessages, exportMessages, briefingMessages, metricInfoMessages,
	provenanceMessages, glanceMessages)

func mergeMessages(maps ...map[string][2]string) map[string][2]string {
	out := map[string][2]string{}
	for _, m := range maps {
		for k, v := range m {
			if _, dup := out[k]; dup {
				panic("dashboard: message key " + k + " defined twice")
			}
			out[k] = v
		}
	}
	return out
}

var coreMessages = map[string][2]string{
	"app.name":            {"平蓟三兴协同发展数据看板", "Ping-Ji-San-Xing Cooperation Dashboard"},
	"app.short":           {"平蓟三兴", "Ping-Ji-San-Xing"},
	"app.tagline":         {"平谷 · 蓟州 · 三河 · 兴隆 协同发展数据", "Pinggu · Jizhou · Sanhe · Xinglong: shared figures"},
	"app.description":     {"平谷、蓟州、三河、兴隆协同发展的共同数据，每个数字都注明来源", "shared figures of Pinggu, Jizhou, Sanhe and Xinglong, each with its source"},
	"nav.overview":        {"总览", "Overview"},
	"nav.metrics":         {"全部指标", "All metrics"},
	"nav.menu":            {"菜单", "Menu"},
	"nav.skip":            {"跳到正文", "Skip to content"},
	"overview.title":      {"总览", "Overview"},
	"overview.key":        {"关键指标", "Key figures"},
	"overview.charts":     {"重点图表", "Headline charts"},
	"overview.bycat":      {"分类指标", "Metrics by category"},
	"overview.milestones": {"大事记", "Milestones"},
	"joint":               {"四地合计", "Four places together"},
	"joint.short":         {"四地", "Joint"},
	"as_of":               {"截至", "As of"},
	"source":              {"来源", "Source"},
	"sources":             {"数据来源", "Sources"},
	"note":                {"备注", "Note"},
	"unit":                {"单位", "Unit"},
	"region":              {"地区", "Region"},
	"period":              {"时期", "Period"},
	"value":               {"数值", "Value"},
	"target":              {"目标", "Target"},
	"latest":              {"最新", "Latest"},
	"figures":             {"全部数据", "All figures"},
	"no_figures":          {"所选范围内暂无数据。", "No figures in the selected range."},
	"filter.regions":      {"地区", "Regions"},
	"filter.from":         {"起始", "From"},
	"filter.to":           {"截止", "To"},
	"filter.apply":        {"应用", "Apply"},
	"filter.reset":        {"重置", "Reset"},
	"chart.over_time":     {"随时间变化", "Over time"},
	"demo.banner":         {"演示数据:本库含合成的演示历史,不是真实数据,不得用于报告。", "DEMO DATA: this database holds synthetic demo history, not real figures. Do not use in reports."},
	"lang.switch":         {"English", "中文"},
	"footer":              {"数据均注明来源;修改只追加新版本,历史永不丢失。", "Every figure carries its source; changes add revisions and never lose history."},
	"metric.category":     {"类别", "Category"},
	"metric.kind":         {"类型", "Kind"},
	"metric.description":  {"说明", "Description"},
	"chart.aria":          {"图表数据见下表。", "The chart's figures are in the table below."},
	"table.caption":       {"图表数据", "Chart data"},
	"overview.rail22":     {"22号线(平谷线)建设进度", "Line 22 (Pinggu Line) construction progress"},
}

// tr translates key into lang, with its arguments if it takes any.
func tr(lang, key string, args ...any) string {
	if i18n.Default.Has(key) {
		return i18n.Default.T(lang, key, args...)
	}
	m, ok := messages[key]
	if !ok {
		return "[" + key + "]"
	}
	if lang == langEn {
		return m[1]
	}
	return m[0]
}

// pick returns the text of a zh/en pair in lang, falling back to the other when one is empty.
func pick(lang, zh, en string) string { return i18n.Pick(lang, zh, en) }

// hasMessage says whether key has a text (a flash cookie may name only a real message).
func hasMessage(key string) bool {
	_, ok := messages[key]
	return ok || i18n.Default.Has(key)
}

// langCookie remembers the language a reader chose with ?lang= on a page.
const langCookie = "lang"

// rememberLang keeps a ?lang= choice in the language cookie. Only pages call it: a download with
// lang=en gives an English file without changing the reader's pages.
func rememberLang(c echo.Context) {
	if q := c.QueryParam("lang"); q == langZh || q == langEn {
		if ck, err := c.Cookie(langCookie); err == nil && ck.Value == q {
			return
		}
		setCookie(c, langCookie, q, 365*24*3600)
	}
}

// langOf chooses the page language: ?lang=, then the cookie, then Accept-Language by its
// q-values; Chinese otherwise. It returns an error message when ?lang= names a language we do
// not have.
func langOf(c echo.Context) (string, string) {
	cookie := ""
	if ck, err := c.Cookie(langCookie); err == nil {
		cookie = ck.Value
	}
	lang, bad := i18n.Resolve(c.QueryParam("lang"), cookie, c.Request().Header.Get("Accept-Language"))
	if bad {
		return lang, "lang: must be zh or en"
	}
	return lang, ""
}
