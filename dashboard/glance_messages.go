package dashboard

// glanceMessages are the words of figure cards, key figures and the Line 22 progress block.
var glanceMessages = map[string][2]string{
	"glance.first":           {"首次公布", "First reported"},
	"glance.scope":           {"范围", "Scope"},
	"glance.date":            {"时间", "Date"},
	"glance.age":             {"已是 %d 年前的数据", "%d years old"},
	"glance.age_one":         {"已是一年多前的数据", "over a year old"},
	"glance.of_target_share": {"目标完成", "Share of the target:"},
	"glance.up":              {"增加", "up"},
	"glance.down":            {"减少", "down"},
	"glance.same":            {"持平", "unchanged"},
	"glance.since":           {"较", "since"},
	"glance.rail.heading":    {"各分项与范围的最新进度", "Latest progress by measure and scope"},
	"glance.rail.plans":      {"计划开通时间的变化", "How the planned opening date moved"},
	"glance.rail.reported":   {"报道时间", "Reported"},
	"glance.rail.planned":    {"计划开通", "Planned opening"},
}
