package dashboard

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"pjsx/data"
	"pjsx/seed"
)

// benchServer is a server on PJSX_BENCH_DB (make bench's million figures) or a small demo database.
func benchServer(b *testing.B) *Server {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("PJSX_BENCH_DB")
	fresh := path == ""
	if fresh {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	store, err := data.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if fresh {
		if err := store.MarkDemo(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := seed.Load(ctx, store); err != nil {
			b.Fatal(err)
		}
		if _, err := store.GenerateDemo(ctx, data.DemoOptions{Months: 100, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	s, err := New(Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

var benchRequest = chartRequest{Metric: "cross_border_bus_lines", Lang: langZh}

// BenchmarkChartOptionUncached builds one metric's charts from the database to the encoded data
// island: query, aggregation, the four views' go-echarts options, JSON.
func BenchmarkChartOptionUncached(b *testing.B) {
	s := benchServer(b)
	ctx := context.Background()
	for b.Loop() {
		d, err := s.queryMetricData(ctx, benchRequest)
		if err != nil {
			b.Fatal(err)
		}
		v := s.metricViewsOf(d, benchRequest)
		if _, err := v.OverTime.JSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChartOptionCached is the same chart once built: a version check and a map lookup.
func BenchmarkChartOptionCached(b *testing.B) {
	s := benchServer(b)
	ctx := context.Background()
	for b.Loop() {
		_, v, err := s.buildMetricViews(ctx, benchRequest)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.OverTime.JSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDrawPNG and BenchmarkDrawSVG draw one chart image from its option, without the image
// cache: the price of the first download of a chart after a save.
func BenchmarkDrawPNG(b *testing.B) { benchmarkDraw(b, formatPNG) }
func BenchmarkDrawSVG(b *testing.B) { benchmarkDraw(b, formatSVG) }

func benchmarkDraw(b *testing.B, format string) {
	s := benchServer(b)
	ctx := context.Background()
	req := chartRequest{Metric: "rail22_station_structure", Lang: langZh}
	m, spec, err := s.metricChart(ctx, req)
	if err != nil {
		b.Fatal(err)
	}
	o := imageOptions{Format: format, Width: 960, Height: 540, Scale: 1, Lang: langZh, Decimals: m.Decimals}
	if _, err := renderChartImage(spec, o); err != nil { // loads the font once
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := renderChartImage(spec, o); err != nil {
			b.Fatal(err)
		}
	}
}
