package dashboard_test

import (
	"context"
	"database/sql"
	"net/http"
	"testing"
)

// Briefing costs for three charts; run with: go test -run '^$' -bench Briefing ./dashboard
// Warm takes the chart images from the image cache (as a live server does after the first
// download); Cold writes before each request, so every image is drawn anew (the first briefing
// after a save).
func benchmarkBriefing(b *testing.B, format string, cold bool) {
	ts, store := newSeeded(b)
	path := "/export/briefing." + format + q("metrics", "cross_border_bus_lines,rail22_station_structure,cross_province_services")
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		if cold {
			b.StopTimer()
			store.Tx(context.Background(), func(tx *sql.Tx) error { return nil }) // the version moves on
			b.StartTimer()
		}
		r := get(b, ts, path)
		if r.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, r.Code)
		}
		size = len(r.Body)
	}
	b.ReportMetric(float64(size), "bytes")
}

func BenchmarkBriefingPDF(b *testing.B)      { benchmarkBriefing(b, "pdf", false) }
func BenchmarkBriefingDOCX(b *testing.B)     { benchmarkBriefing(b, "docx", false) }
func BenchmarkBriefingPDFCold(b *testing.B)  { benchmarkBriefing(b, "pdf", true) }
func BenchmarkBriefingDOCXCold(b *testing.B) { benchmarkBriefing(b, "docx", true) }
