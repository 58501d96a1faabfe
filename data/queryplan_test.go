package data

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
)

// TestQueryPlansUseIndexes keeps the queries behind every chart and page on their indexes: a
// plan that scans a whole table would be fine on the seed and slow at a million figures.
func TestQueryPlansUseIndexes(t *testing.T) {
	s := newInternalStore(t)
	if s.dialect != SQLite {
		t.Skip("SQLite's query plans: PostgreSQL plans by its statistics, measured by make bench instead")
	}
	ctx := context.Background()
	plans := []struct {
		name  string
		query string
		args  []any
		// cte are the aliases the query may scan whole: a read as of a day scans its own
		// materialized figures_asof (a and c), built from the asked metrics' revisions only.
		cte []string
	}{
		{"Series", seriesSQL, []any{sql.Named("metric", "m"), sql.Named("from", "0"), sql.Named("to", "9"),
			sql.Named("all_regions", true), sql.Named("regions", "[]")}, nil},
		{"NewestReported", newestReportedSQL, []any{sql.Named("wanted", `[["a","","year"]]`)}, []string{"SCAN at_frequency", "SCAN a"}}, // its own short lists
		{"LatestFigures", latestFiguresSQL, []any{sql.Named("metrics", `["a","b"]`)}, nil},
		{"PreviousFigure", previousFigureSQL, []any{sql.Named("metric", "m"), sql.Named("region", ""),
			sql.Named("period", "2024-01-01")}, nil},
		{"Revisions", `SELECT id FROM observations WHERE metric = ? AND region IS ? AND period = ? AND granularity = ?
			ORDER BY id DESC`, []any{"m", nil, "2024-01-01", "year"}, nil},
		{"Series as of a day", seriesAsOfSQL, []any{sql.Named("metric", "m"), sql.Named("from", "0"), sql.Named("to", "9"),
			sql.Named("all_regions", true), sql.Named("regions", "[]"), sql.Named("cutoff", "2024-01-01T16:00:00"),
			sql.Named("asof_metrics", `["m"]`)}, []string{"SCAN a", "SCAN c"}},
		{"LatestFigures as of a day", latestFiguresAsOfSQL, []any{sql.Named("metrics", `["a","b"]`),
			sql.Named("cutoff", "2024-01-01T16:00:00"), sql.Named("asof_metrics", `["a","b"]`)}, []string{"SCAN a"}},
		{"currentID", `SELECT observation_id, deleted FROM current_figures
			WHERE metric = ? AND region = ? AND period = ? AND granularity = ?`, []any{"m", "", "2024-01-01", "year"}, nil},
	}
	for _, p := range plans {
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+p.query, p.args...)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		var steps []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			steps = append(steps, detail)
		}
		rows.Close()
		plan := strings.Join(steps, "\n")
		t.Logf("%s:\n%s", p.name, plan)
		for _, step := range steps {
			// A SCAN is a full pass. json_each (the region/metric lists) is a small table-valued
			// function, and n and w are the query's own short lists (one row a metric asked for).
			if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "json_each") && step != "SCAN n" && step != "SCAN w" &&
				!slices.Contains(p.cte, step) {
				t.Errorf("%s scans a whole table:\n%s", p.name, plan)
			}
		}
		if !strings.Contains(plan, "USING") {
			t.Errorf("%s uses no index:\n%s", p.name, plan)
		}
	}
}

// TestCurrentFiguresFollowEveryAppend checks the trigger-kept index against the revisions.
func TestCurrentFiguresFollowEveryAppend(t *testing.T) {
	s := newInternalStore(t)
	ctx := context.Background()
	set := SeedSet{Version: 1,
		Categories: []Category{{Code: "c", NameZh: "c", NameEn: "c"}},
		Metrics:    []Metric{{Code: "m", Category: "c", NameZh: "m", NameEn: "m", UnitZh: "个", UnitEn: "x", Kind: KindCount}},
		Figures:    []FigureInput{{Metric: "m", Period: "2020", Value: 1, Source: "s", By: "t"}},
	}
	if _, err := s.ApplySeed(ctx, set); err != nil {
		t.Fatal(err)
	}
	for _, v := range []float64{2, 3} {
		if _, err := saveForTest(ctx, s, FigureInput{Metric: "m", Period: "2020", Value: v, Source: "s", By: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	obs, _ := s.Series(ctx, SeriesQuery{Metric: "m"})
	if len(obs) != 1 || obs[0].Value != 3 {
		t.Fatalf("series = %+v, want the newest revision 3", obs)
	}
	if err := s.RemoveFigure(ctx, Actor{Name: "t"}, obs[0].ID, "gone"); err != nil {
		t.Fatal(err)
	}
	if obs, _ := s.Series(ctx, SeriesQuery{Metric: "m"}); len(obs) != 0 {
		t.Errorf("after the tombstone the series still has %+v", obs)
	}
	latest, _ := s.LatestFigures(ctx, []string{"m"}, "")
	if len(latest) != 0 {
		t.Errorf("after the tombstone LatestFigures still has %+v", latest)
	}
}
