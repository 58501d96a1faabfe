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
