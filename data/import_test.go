package data_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

func TestParseImportHeadersNamesAndValues(t *testing.T) {
	csv := "\ufeff指标 metric,地区/region,期间,数值,数据来源,说明\n" +
		"跨省公交线路,平谷,2023,\"1,234\",s,\n" +
		"\n" +
		"rail22_pinggu_progress,joint,2024-Q2,60%,s,n\n"
	rows, err := data.ParseImportFile("x.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Line != 2 || rows[1].Line != 4 || rows[0].Value != "1,234" || rows[1].Period != "2024-Q2" {
		t.Fatalf("rows %+v", rows)
	}
	for _, c := range []struct {
		in      string
		want    float64
		problem string
	}{{"1,234", 1234, ""}, {" 12.5 ", 12.5, ""}, {"60%", 60, ""}, {"NaN", 0, "NaN"}, {"+Inf", 0, "NaN"}, {"1e400", 0, "NaN"},
		{"", 0, "必填"}, {"十", 0, "不是数字"}} {
		v, msg := data.ParseValue(c.in)
		if v != c.want || !strings.Contains(msg, c.problem) || (c.problem == "") != (msg == "") {
			t.Errorf("ParseValue(%q) = %v, %q", c.in, v, msg)
		}
	}
}

// importRows makes n good rows of daily figures (one metric, the four places and the joint one).
func importRows(n int) []data.ImportRow {
	regions := []string{"pinggu", "jizhou", "sanhe", "xinglong", "joint"}
	rows := make([]data.ImportRow, 0, n)
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; len(rows) < n; i++ {
		day := start.AddDate(0, 0, i).Format("2006-01-02")
		for _, r := range regions {
			if len(rows) == n {
				break
			}
			rows = append(rows, data.ImportRow{Line: len(rows) + 2, Metric: "sea_rail_trains", Region: r,
				Period: day, Value: fmt.Sprint(i), Source: "bench"})
		}
	}
	return rows
}

func TestImportIsAllOrNothing(t *testing.T) {
	store := datatest.NewStore(t)
	ctx := context.Background()
	if _, err := seed.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	// sea_rail_trains is yearly in the seed; a fresh metric takes daily figures.
	if err := store.AddMetric(ctx, data.Actor{Name: "t"}, data.Metric{Code: "monthly_trips", Category: "transport",
		NameZh: "月度班次", NameEn: "Monthly trips", UnitZh: "次", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
	rows := importRows(200)
	for i := range rows {
		rows[i].Metric = "monthly_trips"
	}
	rows[150].Value = "-1"
	all := func(string) bool { return true }
	v0, _ := store.Version(ctx)
	if _, err := store.ImportFigures(ctx, data.Actor{Name: "t"}, rows, all, true); err != data.ErrImportRefused {
		t.Fatalf("one bad row: %v", err)
	}
	if v, _ := store.Version(ctx); v != v0 {
		t.Fatal("a refused import wrote")
	}
	rows[150].Value = "1"
	rep, err := store.ImportFigures(ctx, data.Actor{Name: "t"}, rows, all, true)
	if err != nil || rep.New != 200 || !rep.Committed {
		t.Fatalf("good import: %+v %v", rep.New, err)
	}
	again, err := store.ImportFigures(ctx, data.Actor{Name: "t"}, rows, all, false)
	if err != nil || again.Unchanged != 200 {
		t.Errorf("re-import preview: %d unchanged, %v", again.Unchanged, err)
	}
}

// BenchmarkImport commits a 10,000-row import into a seeded database.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	rows := importRows(10000)
	for i := range rows {
		rows[i].Metric = "monthly_trips"
	}
	all := func(string) bool { return true }
	for b.Loop() {
		b.StopTimer()
		store := datatest.NewStore(b)
		if _, err := seed.Load(ctx, store); err != nil {
			b.Fatal(err)
		}
		if err := store.AddMetric(ctx, data.Actor{Name: "t"}, data.Metric{Code: "monthly_trips", Category: "transport",
			NameZh: "月度班次", NameEn: "Monthly trips", UnitZh: "次", Kind: data.KindCount}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := store.ImportFigures(ctx, data.Actor{Name: "bench"}, rows, all, true)
		if err != nil || rep.New != len(rows) {
			b.Fatalf("%d new, %v", rep.New, err)
		}
	}
}
