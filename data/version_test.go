package data_test

import (
	"context"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
)

// A save of one metric's figure moves that metric's version only; anything else (an event)
// moves every view's; a write by another process is seen too.
func TestVersionsPerMetric(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	a, b := data.Shows{Metrics: []string{"cross_border_bus_lines"}}, data.Shows{Metrics: []string{"tourism_routes"}}
	version := func(sh data.Shows) int64 {
		t.Helper()
		v, err := s.VersionOf(ctx, sh)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	a0, b0, all0 := version(a), version(b), version(data.Shows{Everything: true})
	if _, err := s.AddFigure(ctx, data.Actor{Name: "t"}, data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe",
		Period: "2019", Value: 40, Source: "s", By: "t"}); err != nil {
		t.Fatal(err)
	}
	a1, b1, all1 := version(a), version(b), version(data.Shows{Everything: true})
	if a1 <= a0 || all1 <= all0 || a1 != all1 {
		t.Errorf("after a save of A: A %d→%d, everything %d→%d; want both moved to the same version", a0, a1, all0, all1)
	}
	if b1 != b0 {
		t.Errorf("a save of A moved B's version %d→%d", b0, b1)
	}
	// Another process (datatest writes through its own connection) saves B: seen through the log.
	if _, err := datatest.SaveFigure(ctx, s, data.FigureInput{Metric: "tourism_routes", Region: "sanhe", Period: "2019",
		Value: 3, Source: "s", By: "t"}); err != nil {
		t.Fatal(err)
	}
	if b2, a2 := version(b), version(a); b2 <= b1 || a2 != a1 {
		t.Errorf("after another process's save of B: B %d→%d, A %d→%d; want B moved, A kept", b1, b2, a1, a2)
	}
	// A restore is a save of its metric's figure; an event is not a figure: every view moves.
	if _, err := s.AddEvent(ctx, data.Actor{Name: "t"}, data.EventInput{Date: "2024-05", TitleZh: "事件", Source: "s"}); err != nil {
		t.Fatal(err)
	}
	if a3, b3 := version(a), version(b); a3 <= a1 || b3 <= b1 {
		t.Errorf("an event left a view's version: A %d→%d, B %d", a1, a3, b3)
	}
}
