package data_test

import (
	"context"
	"testing"
	"time"

	"pjsx/data"
)

// BenchmarkApproveLargeImport submits a web import of the largest allowed file (100,000 rows
// over ten metrics) for review and approves it whole. It reports, per run, the milliseconds of
// the reviewer's list of waiting revisions, of the staff menu's count, and of the approval (one
// transaction holding the write lock): go test ./data -run '^$' -bench ApproveLargeImport -benchtime 1x
func BenchmarkApproveLargeImport(b *testing.B) {
	ctx := context.Background()
	rows := largestImport()
	all := func(string) bool { return true }
	var list, count, approve time.Duration
	for b.Loop() {
		b.StopTimer()
		store := storeForLargestImport(b)
		rv, err := store.AddUser(ctx, data.Actor{Name: "t"}, data.UserInput{Name: "checker", Role: data.RoleReviewer,
			Password: "correct-horse-battery"})
		if err != nil {
			b.Fatal(err)
		}
		if rep, err := store.ImportFigures(ctx, data.Actor{Name: "clerk", Review: true}, rows, all, true); err != nil || rep.New != len(rows) {
			b.Fatalf("%d new, %v", rep.New, err)
		}
		b.StartTimer()
		t0 := time.Now()
		items, err := store.ReviewItems(ctx, data.ReviewQuery{State: data.ReviewPending})
		if err != nil || len(items) != len(rows) {
			b.Fatalf("%d waiting, %v", len(items), err)
		}
		t1 := time.Now()
		if n, err := store.PendingCount(ctx, rv); err != nil || n != len(rows) {
			b.Fatalf("count %d, %v", n, err)
		}
		t2 := time.Now()
		refs := make([]data.RevisionRef, len(items))
		for i, it := range items {
			refs[i] = it.Ref
		}
		if err := store.Approve(ctx, data.Actor{Name: "checker"}, rv, refs); err != nil {
			b.Fatal(err)
		}
		list, count, approve = list+t1.Sub(t0), count+t2.Sub(t1), approve+time.Since(t2)
	}
	n := float64(b.N)
	b.ReportMetric(float64(list.Milliseconds())/n, "list-ms")
	b.ReportMetric(float64(count.Milliseconds())/n, "count-ms")
	b.ReportMetric(float64(approve.Milliseconds())/n, "approve-ms")
}
