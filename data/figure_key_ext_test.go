package data_test

import (
	"context"
	"errors"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
)

// TestYearAndMonthFiguresStartingTheSameDayAreDifferentFigures: the year 2024 and January 2024
// of one metric and region are two figures in the series, their histories, edits and imports.
func TestYearAndMonthFiguresStartingTheSameDayAreDifferentFigures(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	const metric = "cross_border_bus_lines"
	save := func(period string, v float64) data.Observation {
		t.Helper()
		o, err := datatest.SaveFigure(ctx, s, data.FigureInput{Metric: metric, Region: "sanhe", Period: period, Value: v, Source: "s", By: "t"})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	year := save("2024", 20)
	jan := save("2024-01", 3)
	if jan.Supersedes != 0 {
		t.Errorf("January supersedes revision %d: it is a new figure, not the year's next revision", jan.Supersedes)
	}
	series, err := s.Series(ctx, data.SeriesQuery{Metric: metric, Regions: []string{"sanhe"}})
	if err != nil || len(series) != 2 {
		t.Fatalf("series = %+v, %v; want the year and January", series, err)
	}
	revs, err := s.Revisions(ctx, year.Key())
	if err != nil || len(revs) != 1 || revs[0].ID != year.ID {
		t.Errorf("revisions of the year = %+v, %v", revs, err)
	}

	// An import of the year figure changes the year only; January's row is unchanged.
	rows := []data.ImportRow{
		{Line: 2, Metric: metric, Region: "sanhe", Period: "2024", Value: "21", Source: "s"},
		{Line: 3, Metric: metric, Region: "sanhe", Period: "2024-01", Value: "3", Source: "s"},
	}
	rep, err := s.ImportFigures(ctx, data.Actor{Name: "t"}, rows, func(string) bool { return true }, true)
	if err != nil {
		t.Fatalf("%v %+v", err, rep.Problems)
	}
	if rep.Changed != 1 || rep.Unchanged != 1 || rep.New != 0 {
		t.Errorf("import: new %d changed %d unchanged %d, want 0/1/1", rep.New, rep.Changed, rep.Unchanged)
	}
	if b := rep.Lines[0].Before; b == nil || b.ID != year.ID {
		t.Errorf("the year row's figure before is %+v, want the year revision %d", b, year.ID)
	}
	if cur, _ := s.CurrentFigure(ctx, metric, "sanhe", "2024-01"); cur.ID != jan.ID {
		t.Errorf("January changed by the year import: %+v", cur)
	}

	// Deleting January leaves the year.
	if err := s.RemoveFigure(ctx, data.Actor{Name: "t"}, jan.ID, "wrong"); err != nil {
		t.Fatal(err)
	}
	if cur, err := s.CurrentFigure(ctx, metric, "sanhe", "2024"); err != nil || cur.Deleted || cur.Value != 21 {
		t.Errorf("the year after deleting January = %+v, %v", cur, err)
	}
}

// TestQualifierIsKeptAndChecked: a qualifier travels with its revision and a wrong one is a
// validation error on its own field.
func TestQualifierIsKeptAndChecked(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	o, err := s.AddFigure(ctx, data.Actor{Name: "t"}, data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2023",
		Value: 40, Qualifier: "以上", Source: "s", By: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Observation(ctx, o.ID); got.Qualifier != data.QualifierLowerBound {
		t.Errorf("stored qualifier %q, want lower_bound", got.Qualifier)
	}
	edited, err := s.ReviseFigure(ctx, data.Actor{Name: "t"}, o.ID, data.FigureEdit{Value: 40, Qualifier: data.QualifierApprox, Source: "s"})
	if err != nil || edited.Qualifier != data.QualifierApprox {
		t.Fatalf("a qualifier-only edit: %+v, %v", edited, err)
	}
	_, err = s.AddFigure(ctx, data.Actor{Name: "t"}, data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2022",
		Value: 1, Qualifier: "roughly", Source: "s", By: "t"})
	var verr *data.ValidationError
	if !errors.As(err, &verr) || verr.Fields["qualifier"] == "" {
		t.Errorf("a wrong qualifier: %v, want a validation error on qualifier", err)
	}
}

// TestAnEditKeepingTheSourceKeepsItsCitation: a seeded figure changed by the form or an import
// with the same source text keeps the source's parts; a new source text drops them.
func TestAnEditKeepingTheSourceKeepsItsCitation(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	o, err := s.CurrentFigure(ctx, "rail22_stations_capped", "", "2026-02-02")
	if err != nil || o.Citation.Outlet == "" {
		t.Fatalf("seeded figure %+v, %v", o, err)
	}
	edited, err := s.ReviseFigure(ctx, data.Actor{Name: "t"}, o.ID, data.FigureEdit{Value: 20, Source: o.Source, Note: o.Note})
	if err != nil || edited.Citation != o.Citation {
		t.Fatalf("form edit with the same source: %+v, %v", edited.Citation, err)
	}
	row := data.ImportRow{Line: 2, Metric: "rail22_stations_capped", Region: "joint", Period: "2026-02-02", Value: "19", Source: o.Source}
	if _, err := s.ImportFigures(ctx, data.Actor{Name: "t"}, []data.ImportRow{row}, func(string) bool { return true }, true); err != nil {
		t.Fatal(err)
	}
	if cur, _ := s.CurrentFigure(ctx, "rail22_stations_capped", "", "2026-02-02"); cur.Value != 19 || cur.Citation != o.Citation {
		t.Errorf("import with the same source: %+v", cur)
	}
	row.Value, row.Source = "18", "三河市轨道办"
	if _, err := s.ImportFigures(ctx, data.Actor{Name: "t"}, []data.ImportRow{row}, func(string) bool { return true }, true); err != nil {
		t.Fatal(err)
	}
	if cur, _ := s.CurrentFigure(ctx, "rail22_stations_capped", "", "2026-02-02"); !cur.Citation.IsZero() {
		t.Errorf("a new source text kept the old citation: %+v", cur.Citation)
	}
}
