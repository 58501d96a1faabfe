package dashboard_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pjsx/data"
)

// TestMetricMetadataEverywhere: a metric's definition, scopes and other reports are on its page
// (指标说明), in /api/v1/metrics and in the XLSX download's metadata sheet; an admin edits them
// in the catalog, where a wrong field comes back beside it with nothing written.
func TestMetricMetadataEverywhere(t *testing.T) {
	ts, store := newSeeded(t)
	page := get(t, ts, "/metrics/rail22_station_structure", "Accept-Language", "zh-CN")
	contains(t, "metric page", page.Body, `id="metric-info"`, "指标说明", "车站主体结构完成比例",
		"范围 · 三河市", "河北段(全部位于三河市燕郊)", "其他报道(未绘入图表)", "39 % (2024-02-22)", "北京青年报客户端《平谷线全线车站主体结构完成39%》",
		"目标 · 四地合计 2023", "38 %")

	var api struct {
		Metrics []data.Metric `json:"metrics"`
	}
	if err := json.Unmarshal([]byte(get(t, ts, "/api/v1/metrics").Body), &api); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range api.Metrics {
		if m.Code == "rail22_station_structure" {
			found = m.DefinitionEn != "" && m.ScopeOf("sanhe").ScopeEn == "Hebei section (all in Sanhe/Yanjiao)"
		}
	}
	if !found {
		t.Error("/api/v1/metrics lacks the definition and scope of rail22_station_structure")
	}

	x := get(t, ts, "/data/rail22_total_investment_est.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) != 2 {
		t.Fatalf("xlsx sheets %q, want the figures and the metadata", sheets)
	}
	rows, _ := f.GetRows(sheets[1])
	if len(rows) != 2 || rows[1][0] != "rail22_total_investment_est" || !strings.Contains(rows[1][11], "2021-06-26") {
		t.Errorf("metadata sheet: %q", rows)
	}

	admin := loginAs(t, ts, store, "boss", data.RoleAdmin)
	form := admin.get("/admin/metrics/cross_border_bus_lines/info")
	contains(t, "info form", form.Body, `name="scope_zh.pinggu"`, "平谷区开通的线路", `name="frequency"`)
	bad := admin.post("/admin/metrics/cross_border_bus_lines/info", url.Values{"definition_zh": {"新口径"},
		"frequency": {"weekly"}, "scope_zh.pinggu": {"平谷"}})
	if bad.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a bad frequency = %d", bad.Code)
	}
	contains(t, "refused info", bad.Body, `id="frequency" name="frequency" aria-invalid="true"`, "新口径")
	ok := admin.post("/admin/metrics/cross_border_bus_lines/info", url.Values{"definition_zh": {"新口径"},
		"frequency": {"year"}, "scope_zh.pinggu": {"平谷全区"}, "scope_en.sanhe": {"Sanhe"}})
	if ok.Code != http.StatusSeeOther {
		t.Fatalf("save = %d %s", ok.Code, ok.Body)
	}
	page = get(t, ts, "/metrics/cross_border_bus_lines", "Accept-Language", "zh-CN")
	contains(t, "edited page", page.Body, "新口径", "每年", "平谷全区")
}
