package data_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/data/pgtest"
	"pjsx/seed"
)

// copy-db from SQLite to PostgreSQL and back: every table's rows and checksum match at each
// step, revisions and tombstones included, the series read the same, and a new figure on the copy
// gets a new id (the identity moved past the copied ones).
func TestCopyDatabaseToPostgresAndBack(t *testing.T) {
	ctx := context.Background()
	open := func(path string) *data.Store {
		t.Helper()
		s, err := data.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	src := open(filepath.Join(t.TempDir(), "src.db"))
	if _, err := seed.Load(ctx, src); err != nil {
		t.Fatal(err)
	}
	in := data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2023", Value: 7, Source: "test", By: "t"}
	if _, err := datatest.SaveFigure(ctx, src, in); err != nil {
		t.Fatal(err)
	}
	in.Value = 8
	if _, err := datatest.SaveFigure(ctx, src, in); err != nil {
		t.Fatal(err)
	}
	if err := datatest.DeleteFigure(ctx, src, "cross_border_bus_lines", "sanhe", "2023", "wrong", "t"); err != nil {
		t.Fatal(err)
	}
	// A save waiting for review: its revision is copied, and stays unpublished on the copies.
	if _, err := src.AddFigure(ctx, data.Actor{Name: "ed", Review: true}, data.FigureInput{Metric: "tourism_routes",
		Region: "sanhe", Period: "2019", Value: 3, Source: "s", By: "ed"}); err != nil {
		t.Fatal(err)
	}

	pg := open(pgtest.Start(t).NewDatabase(t, ""))
	back := open(filepath.Join(t.TempDir(), "back.db"))
	for _, step := range []struct {
		name     string
		from, to *data.Store
	}{{"SQLite → PostgreSQL", src, pg}, {"PostgreSQL → SQLite", pg, back}} {
		checks, err := data.CopyDatabase(ctx, step.from, step.to)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		rows := 0
		for _, c := range checks {
			rows += c.FromRows
			if !c.OK() {
				t.Errorf("%s: %s differs: %+v", step.name, c.Table, c)
			}
		}
		if len(checks) < 20 || rows < 100 {
			t.Errorf("%s: %d tables, %d rows checked", step.name, len(checks), rows)
		}
		if _, err := data.CopyDatabase(ctx, step.from, step.to); err == nil {
			t.Errorf("%s: a second copy into the now used database was allowed", step.name)
		}
	}
	for _, m := range []string{"cross_border_bus_lines", "rail22_main_structure", "medical_expert_workstations", "tourism_routes"} {
		want, err := src.Series(ctx, data.SeriesQuery{Metric: m})
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]*data.Store{"postgres": pg, "back": back} {
			got, err := s.Series(ctx, data.SeriesQuery{Metric: m})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s series %s differs (%v):\n got %v\nwant %v", name, m, err, got, want)
			}
		}
	}
	in.Value, in.Period = 9, "2022"
	o, err := datatest.SaveFigure(ctx, pg, in)
	if err != nil {
		t.Fatalf("a new figure on the PostgreSQL copy: %v", err)
	}
	raw, err := data.OpenRaw(src.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var last int64
	if err := raw.QueryRow(`SELECT max(id) FROM observations`).Scan(&last); err != nil || o.ID <= last {
		t.Errorf("new id %d on the copy, source's newest %d", o.ID, last)
	}
}

// pjsx backup on PostgreSQL: pg_dump's custom format when pg_dump is on PATH, else an error that
// says to use it (the command exits non-zero), and never over an existing file.
func TestBackupOnPostgresUsesPgDump(t *testing.T) {
	ctx := context.Background()
	s, err := data.Open(ctx, pgtest.Start(t).NewDatabase(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dest := filepath.Join(t.TempDir(), "pjsx.dump")
	if _, err := exec.LookPath("pg_dump"); err == nil {
		if err := s.Backup(ctx, dest); err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 5)
		if f, err := os.Open(dest); err != nil {
			t.Fatal(err)
		} else {
			f.Read(head)
			f.Close()
		}
		if string(head) != "PGDMP" {
			t.Errorf("backup starts %q, want pg_dump's custom format", head)
		}
		if err := s.Backup(ctx, dest); err == nil || !strings.Contains(err.Error(), "exists") {
			t.Errorf("a backup over an existing file: %v", err)
		}
	}
	t.Setenv("PATH", t.TempDir())
	err = s.Backup(ctx, filepath.Join(t.TempDir(), "other.dump"))
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("without pg_dump: %v, want a message naming pg_dump", err)
	}
}
