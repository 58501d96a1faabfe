package data_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"pjsx/data"
	"pjsx/seed"
)

// TestUpgradeKeepsStaffWork opens a database that release 1 made (testdata/release1.sql: its
// migrations and seed, then staff edits through its import and a deleted figure) with this code:
// the migrations and seed release 2 run on start, every staff figure stays as staff left it, the
// untouched seeded figures get their citations, and the new history is there. Starting again
// changes nothing.
func TestUpgradeKeepsStaffWork(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	dump, err := os.ReadFile("testdata/release1.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, string(dump)); err != nil {
		t.Fatal(err)
	}
	var before int
	raw.QueryRowContext(ctx, `SELECT count(*) FROM observations`).Scan(&before)
	raw.Close()

	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wrote, err := seed.Load(ctx, s)
	if err != nil || !wrote {
		t.Fatalf("upgrade seed: wrote %v, %v", wrote, err)
	}

	cur := func(metric, region, period string) data.Observation {
		t.Helper()
		o, err := s.CurrentFigure(ctx, metric, region, period)
		if err != nil {
			t.Fatalf("%s/%s/%s: %v", metric, region, period, err)
		}
		return o
	}
	revisions := func(o data.Observation) int {
		revs, err := s.Revisions(ctx, o.Key())
		if err != nil {
			t.Fatal(err)
		}
		return len(revs)
	}
	// Staff work, as release 1 stored it.
	for _, c := range []struct {
		metric, region, period, source string
		value                          float64
		revisions                      int
	}{
		{"joint_meetings", "", "2024", "平谷区协同办 2024年12月核对", 10, 2},
		{"rail22_station_structure", "", "2024-02-26", "staff source", 38.4, 2},
		{"rail22_station_structure", "sanhe", "2025-02-21", "三河市轨道办", 61, 1}, // release 2 seeds 60 here
		{"cross_border_bus_lines", "sanhe", "2023", "三河交通局", 4, 1},
	} {
		o := cur(c.metric, c.region, c.period)
		if o.Value != c.value || o.Source != c.source || !o.Citation.IsZero() || revisions(o) != c.revisions {
			t.Errorf("%s/%s/%s = %+v (%d revisions), want staff's %g from %q in %d", c.metric, c.region, c.period, o,
				revisions(o), c.value, c.source, c.revisions)
		}
	}
	if o := cur("endoscopy_centers", "pinggu", "2024"); !o.Deleted || revisions(o) != 2 {
		t.Errorf("the deleted figure came back: %+v (%d revisions)", o, revisions(o))
	}
	// An untouched seeded figure gets its citation as a revision by the seed; its value stays.
	if o := cur("mines_restored", "pinggu", "2024"); o.Value != 36 || o.EnteredBy != seed.By || o.Citation.Title == "" || revisions(o) != 2 {
		t.Errorf("untouched seeded figure after the upgrade: %+v (%d revisions)", o, revisions(o))
	}
	// The new history is there.
	if o := cur("rail22_stations_capped", "", "2026-02-02"); o.Value != 19 || o.Citation.Outlet != "人民网" {
		t.Errorf("new seed figure: %+v", o)
	}
	alts, _ := s.AlternativeReports(ctx, "rail22_station_structure")
	if len(alts) != 1 || alts[0].Value != 39 { // named beside staff's 38.4 now
		t.Errorf("other reports of rail22_station_structure: %+v", alts)
	}
	m, err := s.Metric(ctx, "cross_border_bus_lines")
	if err != nil || m.DefinitionZh == "" || len(m.Scopes) != 1 {
		t.Errorf("the old metric's metadata: %+v, %v", m.MetricInfo, err)
	}
	events, _ := s.Events(ctx, data.EventQuery{})
	if len(events) != 12+35 {
		t.Errorf("%d milestones, want release 1's 12 and release 2's 35", len(events))
	}
	for _, e := range events {
		if e.Citation.Title == "" || e.Citation.Date == "" {
			t.Errorf("milestone %s %s has no citation after the upgrade", e.Date, e.TitleEn)
		}
	}
	var after, audits int
	if err := s.Tx(ctx, func(tx *sql.Tx) error {
		tx.QueryRowContext(ctx, `SELECT count(*) FROM audit`).Scan(&audits)
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM observations`).Scan(&after)
	}); err != nil {
		t.Fatal(err)
	}
	if after < before+60 || audits != 4 {
		t.Errorf("observations %d → %d, audit rows %d (want release 1's 4 kept)", before, after, audits)
	}

	// Starting again writes nothing.
	v1, _ := s.Version(ctx)
	if wrote, err := seed.Load(ctx, s); wrote || err != nil {
		t.Errorf("a second start wrote %v, %v", wrote, err)
	}
	if v2, _ := s.Version(ctx); v2 != v1 {
		t.Errorf("a second start changed the data version %d → %d", v1, v2)
	}
}

// TestSeedMetadataNeverOverwritesAnAdminsDefinition: a later release fills metadata only where
// it is empty.
func TestSeedMetadataNeverOverwritesAnAdminsDefinition(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	info := data.MetricInfo{DefinitionZh: "管理员写的口径", DefinitionEn: "the admin's definition", Frequency: "year",
		Scopes: []data.MetricScope{{Region: "pinggu", ScopeZh: "平谷全区", ScopeEn: "all of Pinggu"}}}
	if err := s.UpdateMetricInfo(ctx, data.Actor{Name: "admin"}, "cross_border_bus_lines", info); err != nil {
		t.Fatal(err)
	}
	later := data.SeedSet{Version: 99, MetricInfo: map[string]data.MetricInfo{"cross_border_bus_lines": {
		DefinitionZh: "种子口径", NotesZh: "种子备注", Scopes: []data.MetricScope{{Region: "pinggu", ScopeZh: "种子范围"}}}}}
	if _, err := s.ApplySeed(ctx, later); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Metric(ctx, "cross_border_bus_lines")
	if m.DefinitionZh != "管理员写的口径" || m.NotesZh != "种子备注" || m.Frequency != "year" || len(m.Scopes) != 1 || m.Scopes[0].ScopeZh != "平谷全区" {
		t.Errorf("after a later release: %+v", m.MetricInfo)
	}
}
