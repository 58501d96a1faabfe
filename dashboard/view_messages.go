package dashboard

// viewMessages are the strings of the chart views, category and milestone pages and the API.
var viewMessages = map[string][2]string{
	"view.over_time":       {"随时间变化", "Over time"},
	"view.change":          {"较上期", "Since previous"},
	"view.granularity":     {"时间粒度", "Granularity"},
	"view.gran.asentered":  {"按录入", "As entered"},
	"view.gran.year":       {"年", "Year"},
	"view.gran.quarter":    {"季度", "Quarter"},
	"view.gran.month":      {"月", "Month"},
	"view.agg.latest":      {"累计/存量指标:每期取期内最新值", "Cumulative or level figure: each period takes its latest value"},
	"view.agg.sum":         {"流量指标:每期求和", "Flow figure: each period sums"},
	"view.gaps":            {"无数据的时期显示为空缺,不做插值。", "Periods without a figure are gaps, never filled in."},
	"view.category":        {"类别", "Category"},
	"view.all_in_category": {"本类全部指标", "Every metric in this category"},
	"view.milestones":      {"大事记", "Milestones"},
	"view.milestones.all":  {"全部大事记", "All milestones"},
	"view.filter.category": {"类别", "Category"},
	"view.filter.region":   {"地区", "Region"},
	"view.filter.any":      {"全部", "All"},
	"view.no_events":       {"没有符合条件的大事记。", "No milestones match."},
	"view.metric.open":     {"查看指标详情", "Open the metric"},
	"view.related_events":  {"本类大事记", "Milestones of this category"},
	"view.table.toggle":    {"数据表", "Data table"},
	"view.share":           {"复制本页地址即可分享当前视图。", "Copy this page's address to share this exact view."},
	"view.demo_label":      {"演示", "demo"},
}
