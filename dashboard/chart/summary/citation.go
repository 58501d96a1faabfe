package summary

import "time"

// Cite is what a citation line names: the dashboard, the metric, the data's as-of date, the
// view's permalink and the day the reader looked.
type Cite struct {
	MetricZh, MetricEn string
	AsOf               time.Time // the data's as-of date (数据截至)
	Permalink          string    // the view's address; a path when no public URL is configured
	Accessed           time.Time
}

// Citation is the line a report writer pastes under a borrowed figure, in lang. The dashboard is
// named as on its pages (app.name).
func Citation(c Cite, lang string) string {
	if lang == "en" {
		return "Ping-Ji-San-Xing Cooperation Dashboard. \u201c" + c.MetricEn + "\u201d, data as of " +
			c.AsOf.Format("2006-01-02") + ". " + c.Permalink + " (accessed " + c.Accessed.Format("2006-01-02") + ")."
	}
	return "平蓟三兴协同发展数据看板：《" + c.MetricZh + "》，数据截至" + formatDateZh(c.AsOf) + "。" +
		c.Permalink + "（访问日期：" + formatDateZh(c.Accessed) + "）。"
}
