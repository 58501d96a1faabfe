package data_test

import (
	"context"
	"errors"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// TestFigureRoundIsOneTransaction: a round with a refused row (a figure that exists, a row given
// twice) writes nothing and names each refused row; the same round fixed writes every row, each
// audited.
func TestFigureRoundIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	a := data.Actor{Name: "clerk"}
	row := func(period string, v float64) data.FigureInput {
		return data.FigureInput{Metric: "cross_border_bus_lines", Region: "xinglong", Period: period, Value: v, Source: "s"}
	}
	v0, _ := s.Version(ctx)
	_, err := s.AddFigureRound(ctx, a, []data.FigureInput{row("2011", 1), row("2012", 2), row("2012", 3), row("2013", -1)})
	var refused *data.RoundError
	if !errors.As(err, &refused) || len(refused.Rows) != 2 || refused.Rows[2] == nil || refused.Rows[3] == nil {
		t.Fatalf("refused round: %v", err)
	}
	if _, ok := refused.Rows[2].Fields["period"]; !ok {
		t.Errorf("the repeated row: %v", refused.Rows[2])
	}
	if v, _ := s.Version(ctx); v != v0 {
		t.Fatal("a refused round wrote")
	}
	if _, err := s.CurrentFigure(ctx, "cross_border_bus_lines", "xinglong", "2011"); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("the good row of a refused round: %v", err)
	}
	saved, err := s.AddFigureRound(ctx, a, []data.FigureInput{row("2011", 1), row("2012", 2)})
	if err != nil || len(saved) != 2 || saved[1].EnteredBy != "clerk" {
		t.Fatalf("fixed round: %v %+v", err, saved)
	}
	entries, err := s.AuditLog(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == "figure.add" && e.Actor == "clerk" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d audit entries for a round of two", n)
	}
}
