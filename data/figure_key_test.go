package data

import (
	"context"
	"path/filepath"
	"testing"
)

// openAtMigration opens path migrated only up to version upTo, as an older release left it.
func openAtMigration(t *testing.T, path string, upTo int) *Store {
	t.Helper()
	saved := migrateUpTo
	migrateUpTo = upTo
	defer func() { migrateUpTo = saved }()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestKeyMigrationKeepsEveryRevision builds a database with the schema before the figure key had
// its granularity, where a year figure imported over January 2024 became January's "newer
// revision", and checks that the migration brings both back as current figures and loses no row.
func TestKeyMigrationKeepsEveryRevision(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := openAtMigration(t, path, 19)
	for _, q := range []string{
		`INSERT INTO categories (code, name_zh, name_en) VALUES ('c', 'c', 'c')`,
		`INSERT INTO metrics (code, category, name_zh, name_en, unit_zh, unit_en, kind) VALUES ('m', 'c', 'm', 'm', '人', 'people', 'count')`,
		`INSERT INTO regions (code, name_zh, name_en, province_zh, province_en) VALUES ('sanhe', '三河市', 'Sanhe', '河北省', 'Hebei')`,
		// 1: January 2024; 2: the year 2024, which the old key took for January's next revision.
		`INSERT INTO observations (metric, region, period, granularity, value, source, entered_by, entered_at)
		 VALUES ('m', 'sanhe', '2024-01-01', 'month', 10, 'jan', 'staff', '2024-02-01T00:00:00Z')`,
		`INSERT INTO observations (metric, region, period, granularity, value, source, supersedes, entered_by, entered_at)
		 VALUES ('m', 'sanhe', '2024-01-01', 'year', 120, 'year', 1, 'import', '2025-01-05T00:00:00Z')`,
		// 3, 4: the year 2023 and its correction; 5: a joint figure, deleted by 6.
		`INSERT INTO observations (metric, region, period, granularity, value, source, entered_by, entered_at)
		 VALUES ('m', 'sanhe', '2023-01-01', 'year', 100, 'first', 'staff', '2024-01-05T00:00:00Z')`,
		`INSERT INTO observations (metric, region, period, granularity, value, source, supersedes, entered_by, entered_at)
		 VALUES ('m', 'sanhe', '2023-01-01', 'year', 101, 'corrected', 3, 'staff', '2024-01-06T00:00:00Z')`,
		`INSERT INTO observations (metric, period, granularity, value, source, entered_by, entered_at)
		 VALUES ('m', '2022-01-01', 'year', 5, 's', 'staff', '2023-01-06T00:00:00Z')`,
		`INSERT INTO observations (metric, period, granularity, deleted, source, supersedes, entered_by, entered_at)
		 VALUES ('m', '2022-01-01', 'year', 1, 'wrong', 5, 'staff', '2023-01-07T00:00:00Z')`,
	} {
		if _, err := old.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if obs, err := old.r.QueryContext(ctx, `SELECT count(*) FROM current_figures WHERE metric = 'm'`); err == nil {
		var n int
		obs.Next()
		obs.Scan(&n)
		obs.Close()
		if n != 3 {
			t.Fatalf("the old schema should hold 3 figures (January lost under the year), has %d", n)
		}
	}
	old.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rows int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM observations`).Scan(&rows); err != nil || rows != 6 {
		t.Fatalf("observations after the migration: %d (%v), want all 6", rows, err)
	}
	series, err := s.Series(ctx, SeriesQuery{Metric: "m"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[FigureKey]float64{}
	for _, o := range series {
		got[o.Key()] = o.Value
		if o.Qualifier != QualifierExact {
			t.Errorf("%+v: an old figure must be exact", o)
		}
	}
	want := map[FigureKey]float64{
		{"m", "sanhe", "2024-01-01", Month}: 10,
		{"m", "sanhe", "2024-01-01", Year}:  120,
		{"m", "sanhe", "2023-01-01", Year}:  101,
	}
	if len(got) != len(want) {
		t.Errorf("series = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%+v = %v, want %v", k, got[k], v)
		}
	}
	revs, err := s.Revisions(ctx, FigureKey{"m", "sanhe", "2023-01-01", Year})
	if err != nil || len(revs) != 2 || revs[0].Value != 101 || revs[1].Value != 100 {
		t.Errorf("revisions of 2023 = %+v, %v", revs, err)
	}
	if revs, err := s.Revisions(ctx, FigureKey{"m", "", "2022-01-01", Year}); err != nil || len(revs) != 2 || !revs[0].Deleted {
		t.Errorf("the deleted joint figure keeps its tombstone and its revision: %+v, %v", revs, err)
	}
	jan, err := s.CurrentFigure(ctx, "m", "sanhe", "2024-01")
	if err != nil || jan.Value != 10 {
		t.Errorf("January 2024 = %+v, %v", jan, err)
	}
	// The trigger keeps the new key: a new January revision leaves the year alone.
	if _, err := saveForTest(ctx, s, FigureInput{Metric: "m", Region: "sanhe", Period: "2024-01", Value: 11, Source: "s", By: "t"}); err != nil {
		t.Fatal(err)
	}
	year, err := s.CurrentFigure(ctx, "m", "sanhe", "2024")
	if err != nil || year.Value != 120 {
		t.Errorf("the year 2024 after a January edit = %+v, %v", year, err)
	}
}
