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
	const metrics = 10
	base := importRows(data.MaxImportRows / metrics)
	rows := make([]data.ImportRow, 0, data.MaxImportRows)
	for m := 0; m < metrics; m++ {
		for _, r := range base {
			r.Metric = fmt.Sprintf("bench_%d", m)
			r.Line = len(rows) + 2
			rows = append(rows, r)
		}
	}
	all := func(string) bool { return true }
	for b.Loop() {
		b.StopTimer()
		store := datatest.NewStore(b)
		if _, err := seed.Load(ctx, store); err != nil {
			b.Fatal(err)
		}
		for m := 0; m < metrics; m++ {
			if err := store.AddMetric(ctx, data.Actor{Name: "t"}, data.Metric{Code: fmt.Sprintf("bench_%d", m),
				Category: "transport", NameZh: fmt.Sprintf("基准 %d", m), NameEn: fmt.Sprintf("Bench %d", m),
				UnitZh: "次", Kind: data.KindCount}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		rep, err := store.ImportFigures(ctx, data.Actor{Name: "bench"}, rows, all, true)
		if err != nil || rep.New != len(rows) {
			b.Fatalf("%d new, %v", rep.New, err)
		}
	}
}
