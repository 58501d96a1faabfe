package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"pjsx/data"
)

// `pjsx export --out F.csv` writes the catalog to F.metrics.csv, and `pjsx import F.csv` into a
// fresh database reads it, so a metric added by an admin comes across with its figures.
func TestExportIntoAFreshDatabaseCarriesAdminMetrics(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	oldDB, freshDB := filepath.Join(dir, "old.db"), filepath.Join(dir, "fresh.db")
	store, err := openStore(ctx, log, oldDB)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AddMetric(ctx, data.Actor{Name: "admin"}, data.Metric{Code: "new_parks", Category: "transport",
		NameZh: "新公园", NameEn: "New parks", UnitZh: "个", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddFigure(ctx, data.Actor{Name: "t"}, data.FigureInput{Metric: "new_parks", Region: "sanhe", Period: "2023", Value: 4, Source: "s", By: "t"}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	for _, format := range []string{"csv", "xlsx"} {
		out := filepath.Join(dir, "figures."+format)
		if err := export(log, []string{"--db", oldDB, "--out", out}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "figures.metrics.csv")); format == "csv" && err != nil {
			t.Fatalf("no catalog beside the CSV: %v", err)
		}
		os.Remove(freshDB)
		if err := importCmd(log, []string{out, "--db", freshDB}); err != nil {
			t.Fatalf("%s: importing into a fresh database: %v", format, err)
		}
		fresh, err := data.Open(ctx, freshDB)
		if err != nil {
			t.Fatal(err)
		}
		if o, err := fresh.CurrentFigure(ctx, "new_parks", "sanhe", "2023"); err != nil || o.Value != 4 {
			t.Errorf("%s: the admin's metric's figure: %+v %v", format, o, err)
		}
		fresh.Close()
	}
}
