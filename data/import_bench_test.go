package data_test

import (
	"context"
	"fmt"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// BenchmarkImport100k commits an import of the largest allowed file, 100,000 rows over ten
// metrics, into a seeded database: the figure make bench reports against its 3 s goal.
func BenchmarkImport100k(b *testing.B) { benchLargestImport(b, data.Actor{Name: "bench"}) }

// benchLargestImport times the largest import by a, each into a fresh seeded database.
func benchLargestImport(b *testing.B, a data.Actor) {
	ctx := context.Background()
	rows := largestImport()
	all := func(string) bool { return true }
	for b.Loop() {
		b.StopTimer()
		store := storeForLargestImport(b)
		b.StartTimer()
		rep, err := store.ImportFigures(ctx, a, rows, all, true)
		if err != nil || rep.New != len(rows) {
			b.Fatalf("%d new, %v", rep.New, err)
		}
	}
}

// benchMetrics is how many metrics the largest import spreads its rows over.
const benchMetrics = 10

// largestImport is a file of the largest allowed size: 100,000 rows over benchMetrics metrics
// bench_0 … bench_9.
func largestImport() []data.ImportRow {
	base := importRows(data.MaxImportRows / benchMetrics)
	rows := make([]data.ImportRow, 0, data.MaxImportRows)
	for m := 0; m < benchMetrics; m++ {
		for _, r := range base {
			r.Metric = fmt.Sprintf("bench_%d", m)
			r.Line = len(rows) + 2
			rows = append(rows, r)
		}
	}
	return rows
}

// storeForLargestImport is a new seeded store with the metrics largestImport names.
func storeForLargestImport(b testing.TB) *data.Store {
	ctx := context.Background()
	store := datatest.NewStore(b)
	if _, err := seed.Load(ctx, store); err != nil {
		b.Fatal(err)
	}
	for m := 0; m < benchMetrics; m++ {
		if err := store.AddMetric(ctx, data.Actor{Name: "t"}, data.Metric{Code: fmt.Sprintf("bench_%d", m),
			Category: "transport", NameZh: fmt.Sprintf("基准 %d", m), NameEn: fmt.Sprintf("Bench %d", m),
			UnitZh: "次", Kind: data.KindCount}); err != nil {
			b.Fatal(err)
		}
	}
	return store
}

// BenchmarkImport100kForReview is the largest import through the web while review is on: every
// row written pending, one submission, and the search for waiting revisions it supersedes.
func BenchmarkImport100kForReview(b *testing.B) {
	benchLargestImport(b, data.Actor{Name: "clerk", Review: true})
}

// TestLargeImportLeavesPostgreSQLItsStatistics: after an import of thousands of rows PostgreSQL
// has gathered the statistics of the tables it grew, so the first review pages after it are not
// planned for the few rows the tables had before (a count of the waiting revisions took 300 s).
func TestLargeImportLeavesPostgreSQLItsStatistics(t *testing.T) {
	store := storeForLargestImport(t)
	if store.Dialect() != data.Postgres {
		t.Skip("PostgreSQL's planner statistics: run with PJSX_TEST_STORE=postgres")
	}
	ctx := context.Background()
	rows := largestImport()[:6000]
	if _, err := store.ImportFigures(ctx, data.Actor{Name: "clerk", Review: true}, rows, func(string) bool { return true }, true); err != nil {
		t.Fatal(err)
	}
	db, err := data.OpenRaw(store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var estimate float64
	if err := db.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE relname = 'review_actions'`).Scan(&estimate); err != nil {
		t.Fatal(err)
	}
	if estimate < float64(len(rows)) {
		t.Errorf("PostgreSQL thinks review_actions holds %.0f rows after %d were submitted", estimate, len(rows))
	}
}
