package dashboard_test

import (
	"net/http"
	"testing"
)

// Rendering costs; run with: go test -run '^$' -bench Render ./dashboard
func benchmarkRender(b *testing.B, path string) {
	ts, _ := newSeeded(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if r := get(b, ts, path); r.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, r.Code)
		}
	}
}

func BenchmarkRenderPNG(b *testing.B) { benchmarkRender(b, "/charts/rail22_station_structure.png") }
func BenchmarkRenderSVG(b *testing.B) { benchmarkRender(b, "/charts/rail22_station_structure.svg") }
func BenchmarkRenderPNGScale2(b *testing.B) {
	benchmarkRender(b, "/charts/rail22_station_structure.png?scale=2")
}
