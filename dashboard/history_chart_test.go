package dashboard_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestChartsShowBreaksOtherReportsAndQualifiers: a change of definition stops the line and is
// said beside the chart and under its image; another source's value for a figure is named in the
// table and the tooltip's data, never drawn; a lower bound or approximate figure says so.
func TestChartsShowBreaksOtherReportsAndQualifiers(t *testing.T) {
	ts, _ := newSeeded(t)
	page := get(t, ts, "/metrics/rail22_total_investment_est?lang=zh").Body
	contains(t, "break beside the chart", page, `<ul class="chart-breaks"><li>口径调整 2021-06-26 · 四地合计: 线路方案改为81.2公里`)
	var island struct {
		Option struct {
			Series []struct {
				Name string `json:"name"`
				Data []struct {
					Value []any `json:"value"`
				} `json:"data"`
			} `json:"series"`
		} `json:"option"`
		Meta struct {
			Marks []struct{ Kind, Label, Title string } `json:"marks"`
		} `json:"meta"`
	}
	start := strings.Index(page, `<script type="application/json" id="chart-rail22_total_investment_est-data">`)
	if start < 0 {
		t.Fatal("no over-time data island")
	}
	body := page[start:]
	body = body[strings.Index(body, ">")+1 : strings.Index(body, "</script>")]
	if err := json.Unmarshal([]byte(body), &island); err != nil {
		t.Fatal(err)
	}
	var joint []string
	for _, s := range island.Option.Series {
		if s.Name == "四地合计" {
			for _, d := range s.Data {
				joint = append(joint, fmt.Sprintln(d.Value...))
			}
		}
	}
	if strings.Join(joint, "") != "2016-09-30 231.7\n2021-06-26 -\n2021-06-26 572.87\n" {
		t.Errorf("the joint line does not stop at the break: %q", joint)
	}
	found := false
	for _, m := range island.Meta.Marks {
		found = found || m.Kind == "break" && strings.Contains(m.Title, "前后投资不可比")
	}
	if !found {
		t.Errorf("no break mark with its note: %+v", island.Meta.Marks)
	}
	texts, _ := svgTexts(t, get(t, ts, "/charts/rail22_total_investment_est.svg?lang=en").Body)
	contains(t, "break under the image", strings.Join(texts, "\n"), "Definition changed 2021-06-26 · Four places together: The line was re-planned")

	page = get(t, ts, "/metrics/rail22_station_structure?lang=zh").Body
	contains(t, "other report in the table", page,
		`<div class="other-report">另有报道: 39% (2024-02-22) 北京青年报客户端《平谷线全线车站主体结构完成39%》,2024-02-22</div>`,
		`"others":["39% (2024-02-22) 北京青年报客户端`)

	contains(t, "lower bound in the table", get(t, ts, "/metrics/endoscopy_centers?lang=zh").Body, `<td class="num">≥10</td>`)
	texts, _ = svgTexts(t, get(t, ts, "/charts/endoscopy_centers.svg").Body)
	contains(t, "lower bound in the image", strings.Join(texts, "\n"), "≥10")
}
