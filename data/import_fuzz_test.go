package data_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// FuzzImportFile feeds any bytes to the import parser, as CSV (UTF-8, BOM, GBK) or XLSX, and
// commits what it reads: no panic, and a refused file or row writes nothing at all.
func FuzzImportFile(f *testing.F) {
	csv := "指标,地区,期间,数值,来源,说明\n跨省公交线路,三河,2019,\"1,234\",s,\ncross_border_bus_lines,joint,2018,１２,s,n\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(csv)
	var xlsx bytes.Buffer
	ctx := context.Background()
	store := datatest.NewStore(f)
	if _, err := seed.Load(ctx, store); err != nil {
		f.Fatal(err)
	}
	if err := store.WriteImportTemplateXLSX(ctx, &xlsx); err != nil {
		f.Fatal(err)
	}
	f.Add(false, []byte(csv))
	f.Add(false, []byte("\ufeff"+csv))
	f.Add(false, []byte(gbk))
	f.Add(true, xlsx.Bytes())
	f.Add(false, []byte("metric,region,period,value,source\ncross_border_bus_lines,sanhe,2024-02-30,NaN,<script>\n"))
	f.Add(true, []byte("PK\x03\x04garbage"))
	// XLSX shapes: several sheets (one of instructions, one with a title above its header),
	// percent and month formats (testdata/fuzz holds more: no header, a row numbered past the limit).
	f.Add(true, workbook(f,
		sheetSpec{name: "说明", rows: [][]any{{"填写说明"}}},
		sheetSpec{name: "数据", rows: [][]any{{"标题"}, header, {"rail22_pinggu_progress", "joint", 45444, 0.605, "s", "a\r\nb"}},
			formats: map[string]string{"D3": "0%", "C3": "yyyy-mm"}}))
	f.Fuzz(func(t *testing.T, asXLSX bool, body []byte) {
		name := "figures.csv"
		if asXLSX {
			name = "figures.xlsx"
		}
		rows, err := data.ParseImportFile(name, body)
		if err != nil {
			var ferr *data.ImportFileError
			if !errors.As(err, &ferr) || ferr.Msg == "" {
				t.Fatalf("a refused file without a message: %v", err)
			}
			return
		}
		before, err := store.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := store.ImportFigures(ctx, data.Actor{Name: "fuzz"}, rows, func(string) bool { return true }, true)
		after, _ := store.Version(ctx)
		switch {
		case errors.Is(err, data.ErrImportRefused):
			if len(rep.Problems) == 0 {
				t.Fatal("refused with no problem named")
			}
			if after != before {
				t.Fatalf("a refused import wrote: version %d → %d", before, after)
			}
		case err != nil:
			t.Fatalf("import failed inside: %v", err)
		case rep.New+rep.Changed > 0 && after == before:
			t.Fatalf("committed %d rows without a new data version", rep.New+rep.Changed)
		}
	})
}
