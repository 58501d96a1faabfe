package dashboard

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/data/datatest"
)

// FuzzChartQuery reads any query string as a chart request, directly and through the real
// server: a bad parameter is a *paramError naming it, never a panic or a 5xx.
func FuzzChartQuery(f *testing.F) {
	store := datatest.NewStore(f)
	s, err := New(Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		f.Fatal(err)
	}
	regions, err := store.Regions(f.Context())
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{"regions=pinggu,sanhe&from=2020-01-01&to=2024-12-31&granularity=year&lang=zh",
		"regions=joint&from=2024-Q1&to=2024", "from=2024-02-30", "from=２０２０&to=2019", "granularity=decade&lang=fr",
		"regions=%ff%fe&from=%00", "width=1e3&height=-1&scale=NaN", "regions=,,,&to=9999-99"} {
		f.Add("series", seed)
		f.Add("png", seed)
	}
	paths := map[string]string{"series": "/api/v1/metrics/joint_meetings/series", "page": "/metrics/joint_meetings",
		"png": "/charts/joint_meetings.svg", "csv": "/data/joint_meetings.csv", "embed": "/embed/metrics/joint_meetings"}
	f.Fuzz(func(t *testing.T, kind, rawQuery string) {
		q, _ := url.ParseQuery(rawQuery)
		flt, err := chart.ParseRequest("joint_meetings", q, regions, "zh")
		err = paramErrorOf(err)
		var perr *paramError
		if err != nil && (!errors.As(err, &perr) || perr.Param == "" || perr.Reason == "") {
			t.Fatalf("chart.ParseRequest(%q): %v is not a parameter error", rawQuery, err)
		}
		if err == nil && flt.From != "" && flt.To != "" && flt.From > flt.To {
			t.Fatalf("from %s after to %s accepted", flt.From, flt.To)
		}
		path, ok := paths[kind]
		if !ok {
			path = paths["series"]
		}
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.URL.RawQuery = rawQuery
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %s?%s = %d", path, rawQuery, rec.Code)
		}
		if err != nil && rec.Code != http.StatusBadRequest && kind != "png" {
			t.Fatalf("GET %s?%s = %d, but the filter was refused: %v", path, rawQuery, rec.Code, err)
		}
	})
}
