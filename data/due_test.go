package data_test

import (
	"context"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// TestDueItemsFromTheCatalogAndFigures: a monthly metric scoped to two places is due from those
// two; its newest month figure at each place decides what is overdue; a yearly metric without
// scopes is due from the places that report it; the admin's due days replace the default.
func TestDueItemsFromTheCatalogAndFigures(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	admin := data.Actor{Name: "boss"}
	m, err := s.Metric(ctx, "cross_border_bus_lines")
	if err != nil {
		t.Fatal(err)
	}
	info := m.MetricInfo
	info.Frequency = data.Month
	info.Scopes = []data.MetricScope{{Region: "pinggu", ScopeZh: "平谷"}, {Region: "sanhe", ScopeZh: "三河"}}
	if err := s.UpdateMetricInfo(ctx, admin, m.Code, info); err != nil {
		t.Fatal(err)
	}
	for _, f := range []data.FigureInput{
		{Metric: m.Code, Region: "pinggu", Period: "2024-11", Value: 3, Source: "s"},
		{Metric: m.Code, Region: "sanhe", Period: "2024-10", Value: 2, Source: "s"},
		{Metric: m.Code, Region: "sanhe", Period: "2024", Value: 9, Source: "s"}, // a year figure does not report a month
	} {
		if _, err := datatest.SaveFigure(ctx, s, f); err != nil {
			t.Fatal(err)
		}
	}
	items, err := s.DueItems(ctx, "2025-01-21", "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]data.DueItem{}
	for _, it := range items {
		got[it.Metric.Code+"/"+it.Region] = it
	}
	if it := got[m.Code+"/pinggu"]; len(it.Overdue) != 1 || it.Overdue[0] != "2024-12-01" || it.Last.Value != 3 || it.DueDays != 20 {
		t.Errorf("pinggu: %+v", it)
	}
	if it := got[m.Code+"/sanhe"]; len(it.Overdue) != 2 || it.Last.Period != "2024-10-01" {
		t.Errorf("sanhe: %+v", it)
	}
	if _, ok := got[m.Code+"/jizhou"]; ok {
		t.Error("jizhou is due for a metric scoped to pinggu and sanhe")
	}
	// jizhou_annual_visitors has no scopes and only Jizhou's figures: only Jizhou is due.
	var places []string
	for _, it := range items {
		if it.Metric.Code == "jizhou_annual_visitors" {
			places = append(places, it.Region)
		}
	}
	if len(places) != 1 || places[0] != "jizhou" {
		t.Errorf("jizhou_annual_visitors due from %q", places)
	}

	days := 40
	info.DueDays = &days
	if err := s.UpdateMetricInfo(ctx, admin, m.Code, info); err != nil {
		t.Fatal(err)
	}
	items, _ = s.DueItems(ctx, "2025-01-21", "")
	for _, it := range items {
		if it.Metric.Code == m.Code && it.Region == "pinggu" && (len(it.Overdue) != 0 || it.Next != "2024-12-01" || it.NextDue != "2025-02-09") {
			t.Errorf("with 40 days: %+v", it.DueStatus)
		}
	}
	bad := -1
	info.DueDays = &bad
	if err := s.UpdateMetricInfo(ctx, admin, m.Code, info); err == nil {
		t.Error("negative due days saved")
	}
}
