package data_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// TestExportImportRoundTrip: what `pjsx export` writes, the staff import reads back as every figure
// unchanged, and the database keeps exactly the figures it had.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	store := datatest.NewStore(t)
	if _, err := seed.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	// Text that a spreadsheet or a CSV writer could mangle.
	if _, err := datatest.SaveFigure(ctx, store, data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2023-Q2",
		Value: 5, Source: `=HYPERLINK("x"), "quoted"; 逗号,换行` + "\n第二行", Note: "-1 note", By: "t"}); err != nil {
		t.Fatal(err)
	}
	// A qualified figure, and a month figure starting the same day as a year figure.
	if _, err := datatest.SaveFigure(ctx, store, data.FigureInput{Metric: "cross_border_bus_lines", Region: "pinggu", Period: "2024-01",
		Value: 7, Qualifier: data.QualifierLowerBound, Source: "s", By: "t"}); err != nil {
		t.Fatal(err)
	}
	before, err := store.CurrentFigures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) < 20 {
		t.Fatalf("only %d figures", len(before))
	}
	for _, format := range []string{data.FormatCSV, data.FormatXLSX} {
		var buf bytes.Buffer
		n, err := store.ExportFigures(ctx, &buf, format)
		if err != nil || n != len(before) {
			t.Fatalf("%s: wrote %d of %d: %v", format, n, len(before), err)
		}
		if format == data.FormatCSV && !strings.HasPrefix(buf.String(), "\ufeffmetric,region,period,value,qualifier,source,note\n") {
			t.Fatalf("csv header: %q", buf.String()[:60])
		}
		rows, err := data.ParseImportFile("figures."+format, buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		rep, err := store.ImportFigures(ctx, data.Actor{Name: "t"}, rows, func(string) bool { return true }, true)
		if err != nil {
			t.Fatalf("%s: %v %+v", format, err, rep.Problems)
		}
		if rep.New != 0 || rep.Changed != 0 || rep.Unchanged != len(before) || len(rep.Problems) != 0 {
			t.Errorf("%s: new %d changed %d unchanged %d problems %v", format, rep.New, rep.Changed, rep.Unchanged, rep.Problems)
		}
		after, err := store.CurrentFigures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(before, after) {
			t.Errorf("%s: the figures changed", format)
		}
	}
	if _, err := store.ExportFigures(ctx, &bytes.Buffer{}, "pdf"); err == nil {
		t.Errorf("an unknown format must be refused")
	}
}

// TestExportCarriesTheCatalog: an export of a database whose admin added a metric imports into a
// fresh database, creating the metric, when the importer may (an admin, the operator); the dry
// run names the metric and writes nothing.
func TestExportCarriesTheCatalog(t *testing.T) {
	ctx := context.Background()
	old := datatest.NewStore(t)
	if _, err := seed.Load(ctx, old); err != nil {
		t.Fatal(err)
	}
	target := 50.0
	if err := old.AddMetric(ctx, data.Actor{Name: "admin"}, data.Metric{Code: "new_parks", Category: "transport", NameZh: "新公园",
		NameEn: "New parks", UnitZh: "个", UnitEn: "parks", Kind: data.KindCount, Target: &target, DescriptionZh: "两行\n说明"}); err != nil {
		t.Fatal(err)
	}
	if _, err := old.AddFigure(ctx, data.Actor{Name: "t"}, data.FigureInput{Metric: "new_parks", Region: "sanhe", Period: "2023", Value: 4, Source: "s", By: "t"}); err != nil {
		t.Fatal(err)
	}
	var xlsx, csv, catalog bytes.Buffer
	if _, err := old.ExportFigures(ctx, &xlsx, data.FormatXLSX); err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExportFigures(ctx, &csv, data.FormatCSV); err != nil {
		t.Fatal(err)
	}
	if err := old.ExportCatalog(ctx, &catalog); err != nil {
		t.Fatal(err)
	}
	csvFile, err := data.ParseImport("figures.csv", csv.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if csvFile.Metrics, err = data.ParseCatalog(catalog.Bytes()); err != nil {
		t.Fatal(err)
	}
	xlsxFile, err := data.ParseImport("figures.xlsx", xlsx.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]data.ImportFile{"xlsx": xlsxFile, "csv": csvFile} {
		fresh := datatest.NewStore(t)
		if _, err := seed.Load(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		all := func(string) bool { return true }
		// An editor's import does not create metrics: the rows of the new one are refused.
		rep, err := fresh.ImportWithCatalog(ctx, data.Actor{Name: "editor"}, f, all, false, false)
		if err != nil || len(rep.Problems) == 0 || len(rep.NewMetrics) != 0 {
			t.Errorf("%s: an editor's preview: %v, %d problems, new metrics %v", name, err, len(rep.Problems), rep.NewMetrics)
		}
		before, _ := fresh.Version(ctx)
		rep, err = fresh.ImportWithCatalog(ctx, data.Actor{Name: "admin"}, f, all, true, false)
		if err != nil || len(rep.Problems) != 0 || !slices.Equal(rep.NewMetrics, []string{"new_parks"}) || rep.New != 1 {
			t.Fatalf("%s: the admin's dry run: %v %+v new metrics %v, new rows %d", name, err, rep.Problems, rep.NewMetrics, rep.New)
		}
		if _, err := fresh.Metric(ctx, "new_parks"); err == nil {
			t.Errorf("%s: the dry run created the metric", name)
		}
		if after, _ := fresh.Version(ctx); after != before {
			t.Errorf("%s: the dry run wrote", name)
		}
		rep, err = fresh.ImportWithCatalog(ctx, data.Actor{Name: "admin"}, f, all, true, true)
		if err != nil || !rep.Committed {
			t.Fatalf("%s: commit: %v %+v", name, err, rep.Problems)
		}
		m, err := fresh.Metric(ctx, "new_parks")
		if err != nil || m.NameEn != "New parks" || m.Target == nil || *m.Target != 50 || m.DescriptionZh != "两行\n说明" {
			t.Errorf("%s: the metric came across as %+v (%v)", name, m, err)
		}
		if o, err := fresh.CurrentFigure(ctx, "new_parks", "sanhe", "2023"); err != nil || o.Value != 4 {
			t.Errorf("%s: its figure: %+v %v", name, o, err)
		}
	}
}

// TestWriteXLSXIsTheSameBytesEveryTime: the same tables give the same file, whatever order the
// spreadsheet library keeps its parts in (an export asked as of a day is byte-identical).
func TestWriteXLSXIsTheSameBytesEveryTime(t *testing.T) {
	tables := []data.Table{
		{Sheet: "figures", Header: []string{"a", "b"}, Rows: [][]any{{"x", 1.5}, {"y", 2.0}}},
		{Sheet: "metadata", Header: []string{"c"}, Rows: [][]any{{"z"}}},
		{Sheet: "provenance", Header: []string{"d"}, Rows: [][]any{{"w"}}},
	}
	var first bytes.Buffer
	if err := data.WriteXLSX(&first, tables...); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		var again bytes.Buffer
		if err := data.WriteXLSX(&again, tables...); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), again.Bytes()) {
			t.Fatalf("write %d differs from the first", i+2)
		}
	}
}
