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
func BenchmarkImport100k(b *testing.B) {
	ctx := context.Background()
	rows := largestImport()
	all := func(string) bool { return true }
	for b.Loop() {
		b.StopTimer()
		store := storeForLargestImport(b)
		b.StartTimer()
		rep, err := store.ImportFigures(ctx, data.Actor{Name: "bench"}, rows, all, true)
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
func storeForLargestImport(b *testing.B) *data.Store {
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
	ctx := context.Background()
	rows := largestImport()
	all := func(string) bool { return true }
	for b.Loop() {
		b.StopTimer()
		store := storeForLargestImport(b)
		b.StartTimer()
		if rep, err := store.ImportFigures(ctx, data.Actor{Name: "clerk", Review: true}, rows, all, true); err != nil || rep.New != len(rows) {
			b.Fatalf("%d new, %v", rep.New, err)
		}
	}
}
