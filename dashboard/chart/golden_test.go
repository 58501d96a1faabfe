package chart_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

var update = flag.Bool("update", false, "rewrite the golden models in testdata")

// TestModelsGolden pins the model of a fixed set of requests over the seeded figures and the
// awkward test figures; run with -update and review the diff of testdata/models.
func TestModelsGolden(t *testing.T) {
	seeded := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), seeded); err != nil {
		t.Fatal(err)
	}
	awkward := seedAwkward(t)
	for _, c := range []struct {
		file  string
		store *data.Store
		chart string
		query string
	}{
		{"bus_lines", seeded, "cross_border_bus_lines", ""},
		{"bus_lines_year_en", seeded, "cross_border_bus_lines", "granularity=year&lang=en"},
		{"rail22_progress", seeded, "rail22_progress", ""},
		{"station_structure_progress", seeded, "rail22_station_structure", "view=progress"},
		{"station_structure_compare", seeded, "rail22_station_structure", "view=compare&lang=en"},
		{"riders_quarter", awkward, "riders", "granularity=quarter"},
		{"lines_year_latest", awkward, "lines", "granularity=year&view=latest"},
		{"done_from", awkward, "done", "from=2024-06"},
		{"annual_visitors", seeded, "jizhou_annual_visitors", ""},           // 万人次: 264.1, never 264.1万万
		{"annual_visitors_en", seeded, "jizhou_annual_visitors", "lang=en"}, // 10,000 visits: 2.641 million visits
	} {
		m := build(t, c.store, c.chart, c.query)
		got, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		file := filepath.Join("testdata", "models", c.file+".json")
		if *update {
			os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./dashboard/chart -run Golden -update)", err)
		}
		if string(want) != string(got) {
			t.Errorf("%s?%s: model differs from %s (run with -update and review the diff):\n%s", c.chart, c.query, file,
				firstDiff(string(want), string(got)))
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + al[i] + "\n  now " + bl[i]
		}
	}
	return "lengths differ"
}
