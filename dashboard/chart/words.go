package chart

// words are the chart's own text, {zh, en}: what the model, the option and the images write.
// The pages' messages live in the dashboard; the lead unifies them later.
var words = map[string][2]string{
	"joint":          {"四地合计", "Four places together"},
	"target":         {"目标", "Target"},
	"partial":        {"部分", "partial"},
	"finer":          {"分期合计", "finer periods give"},
	"lower_bound":    {"以上", "at least"},
	"approximate":    {"约", "about"},
	"unit":           {"单位", "Unit"},
	"as_of":          {"截至", "As of"},
	"published":      {"%s公布的数据", "as published on %s"},
	"source":         {"来源", "Source"},
	"sources":        {"数据来源", "Sources"},
	"note":           {"备注", "Note"},
	"latest":         {"最新", "Latest"},
	"milestones":     {"大事记", "Milestones"},
	"on_or_before":   {"%s前", "by %s"},
	"break":          {"口径调整", "Definition changed"},
	"other_report":   {"另有报道", "Also reported"},
	"no_figures":     {"所选范围内暂无数据。", "No figures in the selected range."},
	"to_go":          {"距目标", "to go"},
	"save_image":     {"保存为图片", "Save as image"},
	"watermark":      {"演示数据 · 不得用于报告", "DEMO DATA · not for reports"},
	"view.compare":   {"分地区对比", "By region and period"},
	"view.latest":    {"各地区最新数据", "Latest figure by region"},
	"view.progress":  {"目标完成进度", "Progress to target"},
	"aria.count":     {"共有数据", "figures"},
	"aria.first":     {"最早", "first"},
	"aria.last":      {"最新", "latest"},
	"aria.low":       {"最低", "lowest"},
	"aria.high":      {"最高", "highest"},
	"aria.table":     {"图表数据见下表。", "The chart's figures are in the table below."},
	"aria.milestone": {"大事记", "milestone"},
}

// Word is one of the chart's words in lang; a missing key shows itself in brackets.
func Word(lang, key string) string {
	w, ok := words[key]
	if !ok {
		return "[" + key + "]"
	}
	return Pick(lang, w[0], w[1])
}

// Pick is the English text when lang is English and there is one, else the Chinese.
func Pick(lang, zh, en string) string {
	if lang == LangEn && en != "" || zh == "" {
		return en
	}
	return zh
}
