package echarts_test

import (
	"encoding/json"
	"strings"
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/echarts"
)

func sample() chart.Model {
	return chart.Model{Chart: "m", View: chart.ViewOverTime, Lang: chart.LangZh, Title: `</script><script>alert(1)</script>`,
		Unit: "%", Kind: "percent", Cumulative: true, Span: chart.Span{From: "2023-01-01", To: "2026-01-01"},
		Series: []chart.Series{{Region: "sanhe", Name: "三河市", Points: []chart.Point{
			{Start: "2024-01-01", End: "2024-03-31", Granularity: "quarter", Label: "2024-Q1", At: "2024-03-31", Value: 627.8, Text: "627.8", Display: "627.8", Source: "a", Partial: true},
			{Start: "2024-04-01", End: "2024-06-30", Granularity: "quarter", Label: "2024-Q2", At: "2024-06-30", Gap: true},
			{Start: "2024-07-01", End: "2024-09-30", Granularity: "quarter", Label: "2024-Q3", At: "2024-09-30", Value: 0.1234567890123, Text: "0.1234567890123", Display: "0.1234567890123", Source: "a; b"},
		}}},
		Targets:    []chart.Target{{Value: 100, Text: "100%", Label: "目标 100%"}},
		Milestones: []chart.Milestone{{N: 1, Date: "2024-05-01", At: "2024-05-01", Label: "2024-05-01", Title: "开通", Source: "s"}},
		Sources:    []string{"a", "b"},
	}
}

func TestIslandIsEscapedAndCarriesTheModel(t *testing.T) {
	b, err := echarts.JSON(sample(), "m")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Contains(s, "</script>") || strings.Contains(s, "<script>") {
		t.Errorf("staff text not escaped in the island: %s", s)
	}
	for _, want := range []string{`"value":["2024-03-31",627.8]`, `"symbol":"emptyCircle"`, `"value":["2024-06-30","-"]`,
		`"value":["2024-09-30",0.1234567890123]`, `"type":"time"`, `"min":"2023-01-01"`, `"xAxis":"2024-05-01"`,
		`"yAxis":100`, `"text":"0.1234567890123"`, `"s":[0,1]`} {
		if !strings.Contains(s, want) {
			t.Errorf("island lacks %s", want)
		}
	}
	var island echarts.Island
	if err := json.Unmarshal(b, &island); err != nil {
		t.Fatal(err)
	}
	// One meta item per data item, null at the gap; one mark per mark line item, in order.
	if got := island.Meta.Points[0]; len(got) != 3 || got[1] != nil || !got[0].Partial || got[2].Period != "2024-Q3" {
		t.Errorf("points meta %+v", got)
	}
	if m := island.Meta.Marks; len(m) != 2 || m[0].Kind != "target" || m[1].Kind != "milestone" || m[1].Title != "开通" {
		t.Errorf("marks %+v", m)
	}
}

func TestBarViewsComeFromTheSameModel(t *testing.T) {
	m := sample()
	m.View = chart.ViewCompare
	b, _ := echarts.JSON(m, "m")
	if s := string(b); !strings.Contains(s, `"data":["2024-Q1","2024-Q3"]`) {
		t.Errorf("compare categories: %s", s)
	}
	m.View = chart.ViewProgress
	m.Series[0].Points = m.Series[0].Points[2:]
	b, _ = echarts.JSON(m, "m")
	if s := string(b); !strings.Contains(s, "0.1234567890123% (2024-Q3) · 距目标 100%") {
		t.Errorf("progress label: %s", s)
	}
}

// TestAPlanOfAYearIsASegmentOverThatYear: a place's target for 2024 is drawn from the start to
// the end of 2024, not across the whole chart; one off the axis is left out with its mark.
func TestAPlanOfAYearIsASegmentOverThatYear(t *testing.T) {
	m := sample()
	m.Targets = append(m.Targets,
		chart.Target{Region: "sanhe", Value: 50, Start: "2024-01-01", Date: "2024-12-31", Label: "目标 50% (2024, 三河市)"},
		chart.Target{Region: "sanhe", Value: 40, Start: "2020-01-01", Date: "2020-12-31", Label: "目标 40% (2020, 三河市)"})
	b, _ := echarts.JSON(m, "m")
	s := string(b)
	if !strings.Contains(s, `[{"name":"目标 50% (2024, 三河市)","coord":["2024-01-01",50]},{"coord":["2024-12-31",50]}]`) {
		t.Errorf("no segment over 2024: %s", s)
	}
	if strings.Contains(s, "2020") {
		t.Errorf("a plan off the axis is drawn: %s", s)
	}
	var island echarts.Island
	json.Unmarshal(b, &island)
	if n := len(island.Meta.Marks); n != 3 || island.Meta.Marks[1].Label != "目标 50% (2024, 三河市)" {
		t.Errorf("marks %+v", island.Meta.Marks)
	}
}
