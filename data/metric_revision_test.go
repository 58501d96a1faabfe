package data_test

import (
	"context"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
)

// TestCatalogAsOfADay: a definition change and a rename are revisions of the catalog; the
// catalog as of a day shows that day's names and definitions, and today's the newest.
func TestCatalogAsOfADay(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	before, err := s.Metric(ctx, "joint_meetings")
	if err != nil {
		t.Fatal(err)
	}
	info := before.MetricInfo
	info.DefinitionZh, info.DefinitionEn = "新口径", "new definition"
	if err := s.UpdateMetricInfo(ctx, data.Actor{Name: "boss"}, "joint_meetings", info); err != nil {
		t.Fatal(err)
	}
	if err := datatest.RenameMetricAt(ctx, s, "joint_meetings", "联席会议次数", "Joint meetings held", at(t, "2099-03-02T04:00:00Z")); err != nil {
		t.Fatal(err)
	}
	// The seed and the definition change were written now, the rename on 2099-03-02.
	m, err := s.MetricAsOf(ctx, "joint_meetings", "2099-03-01")
	if err != nil {
		t.Fatal(err)
	}
	if m.NameZh != before.NameZh || m.DefinitionEn != "new definition" {
		t.Errorf("as of 2099-03-01: %q, %q; want the old name %q and the new definition", m.NameZh, m.DefinitionEn, before.NameZh)
	}
	if m, _ := s.MetricAsOf(ctx, "joint_meetings", "2099-03-02"); m.NameZh != "联席会议次数" || m.NameEn != "Joint meetings held" {
		t.Errorf("as of the rename's day: %q / %q", m.NameZh, m.NameEn)
	}
	if m, _ := s.Metric(ctx, "joint_meetings"); m.NameZh != "联席会议次数" || m.DefinitionEn != "new definition" {
		t.Errorf("today: %q, %q", m.NameZh, m.DefinitionEn)
	}
	all, err := s.MetricsAsOf(ctx, "2099-03-01")
	if err != nil {
		t.Fatal(err)
	}
	now, _ := s.Metrics(ctx)
	if len(all) != len(now) {
		t.Errorf("the catalog as of 2099-03-01 has %d metrics, today %d", len(all), len(now))
	}
	for i := range now {
		if i < len(all) && all[i].Code == before.Code && all[i].NameZh != before.NameZh {
			t.Errorf("MetricsAsOf shows %q, want the old name", all[i].NameZh)
		}
		if i < len(all) && all[i].Code != now[i].Code {
			t.Errorf("order differs at %d: %s vs %s", i, all[i].Code, now[i].Code)
			break
		}
	}
	// Scopes travel with the revision.
	sc, _ := s.Metric(ctx, "rail22_station_structure")
	old, _ := s.MetricAsOf(ctx, "rail22_station_structure", "2099-03-01")
	if len(sc.Scopes) == 0 || len(old.Scopes) != len(sc.Scopes) || old.Scopes[0] != sc.Scopes[0] {
		t.Errorf("scopes as of a day = %+v, today %+v", old.Scopes, sc.Scopes)
	}
	if _, err := s.MetricAsOf(ctx, "nope", "2099-03-01"); err != data.ErrNotFound {
		t.Errorf("an unknown metric as of a day: %v", err)
	}
}
