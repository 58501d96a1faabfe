package dashboard

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/echarts"
	"pjsx/dashboard/chart/image"
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

var benchRequest = chart.Request{Chart: "cross_border_bus_lines", Lang: chart.LangZh, View: chart.ViewOverTime}

// BenchmarkChartOptionUncached builds one metric's charts as its page does, from the database to
// the encoded data islands: the query and the over-time model (aggregation, periods,
// annotations), the compare and latest views from it, and each view's go-echarts option as JSON.
func BenchmarkChartOptionUncached(b *testing.B) {
	s := benchServer(b)
	ctx := context.Background()
	for b.Loop() {
		base, err := chart.Build(ctx, s.store, benchRequest)
		if err != nil {
			b.Fatal(err)
		}
		for _, view := range []string{chart.ViewOverTime, chart.ViewCompare, chart.ViewLatest} {
			m, err := chart.ForView(base, view)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := echarts.JSON(m, m.Chart); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkChartOptionCached is the same chart once built: a version check and a map lookup.
func BenchmarkChartOptionCached(b *testing.B) {
	s := benchServer(b)
	ctx := context.Background()
	for b.Loop() {
		c, err := s.chartCardOf(ctx, benchRequest, "chart-bench")
		if err != nil {
			b.Fatal(err)
		}
		if c.JSON() == "" {
			b.Fatal("no island")
		}
	}
}

// BenchmarkDrawPNG and BenchmarkDrawSVG draw one chart image from its model, without the image
// cache: the price of the first download of a chart after a save.
func BenchmarkDrawPNG(b *testing.B) { benchmarkDraw(b, formatPNG) }
func BenchmarkDrawSVG(b *testing.B) { benchmarkDraw(b, formatSVG) }

func benchmarkDraw(b *testing.B, format string) {
	s := benchServer(b)
	ctx := context.Background()
	m, err := s.chartModel(ctx, chart.Request{Chart: "rail22_station_structure", Lang: chart.LangZh, View: chart.ViewOverTime})
	if err != nil {
		b.Fatal(err)
	}
	d, err := chartDrawer()
	if err != nil {
		b.Fatal(err)
	}
	o := image.Options{Format: format, Width: 960, Height: 540, Scale: 1}
	cpu := CPUTime()
	for b.Loop() {
		if _, err := d.Draw(m, o); err != nil {
			b.Fatal(err)
		}
	}
	ReportCPU(b, CPUTime()-cpu)
}

// CPUTime is the CPU time this process has used. A benchmark reports it per operation beside
// its wall time, which on a machine shared with other builds grows with their load (issue 16).
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ReportCPU reports cpu, the CPU time of b's operations, as milliseconds per operation.
func ReportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/op")
}
