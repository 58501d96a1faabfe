package dashboard

// briefingMessages are the strings of the PDF and Word briefings.
var briefingMessages = map[string][2]string{
	"briefing.title":    {"平蓟三兴协同发展简报", "Ping-Ji-San-Xing collaboration briefing"},
	"briefing.made_at":  {"生成日期", "Made on"},
	"briefing.as_of":    {"数据截至", "Data as of"},
	"briefing.contents": {"目录", "Contents"},
	"briefing.sources":  {"来源", "Source"},
	"briefing.link":     {"链接", "Link"},
	"briefing.page":     {"第 %d 页，共 %s 页", "Page %d of %s"},
	"briefing.trimmed":  {"仅列最近 %d 行（共 %d 行），完整数据见 Excel 下载。", "The newest %d of %d rows; the Excel download has them all."},
	"briefing.no_data":  {"所选范围内暂无数据。", "No figures in this selection."},
	"briefing.regions":  {"地区", "Places"},
	"briefing.period":   {"时间", "Period"},
	"briefing.pdf":      {"下载 PDF 简报", "Download the PDF briefing"},
	"briefing.docx":     {"下载 Word 简报", "Download the Word briefing"},
	"briefing.readme_intro": {"本简报包含所选图表的图片（PNG、SVG）与数据（data.xlsx）。每个数字均注明来源。",
		"This pack holds the charts picked (PNG, SVG) and their figures (data.xlsx). Every figure names its source."},
	"briefing.definition": {"定义", "Definition"},
	"briefing.files":      {"文件", "Files"},
	"briefing.cite":       {"引用", "Cite as"},
}
