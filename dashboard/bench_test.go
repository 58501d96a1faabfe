package dashboard_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

// benchStore is the database the benchmarks read: PJSX_BENCH_DB (make bench points it at the
// million-figure demo database), or else a small demo database made here.
func benchStore(b *testing.B) *data.Store {
	b.Helper()
	ctx := context.Background()
	if path := os.Getenv("PJSX_BENCH_DB"); path != "" {
		store, err := data.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { store.Close() })
		return store
	}
	store, err := data.Open(ctx, datatest.NewPath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if err := store.MarkDemo(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := seed.Load(ctx, store); err != nil {
		b.Fatal(err)
	}
	if _, err := store.GenerateDemo(ctx, data.DemoOptions{Months: 100, ExtraMetrics: 20, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return store
}

func benchGet(b *testing.B, client *http.Client, u string, header ...string) int {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	buf := make([]byte, 32<<10)
	for {
		k, err := res.Body.Read(buf)
		n += int64(k)
		if err != nil {
			break
		}
	}
	res.Body.Close()
	if res.StatusCode != 200 && res.StatusCode != 304 {
		b.Fatalf("%s = %d", u, res.StatusCode)
	}
	return res.StatusCode
}

// BenchmarkMetricPage is one metric page with every view (cached views after the first).
func BenchmarkMetricPage(b *testing.B) {
	ts := serve(b, benchStore(b))
	for b.Loop() {
		benchGet(b, ts.Client(), ts.URL+"/metrics/cross_border_bus_lines?lang=zh")
	}
}

// BenchmarkMetricPageUncached builds the chart options anew on every request (a write between
// requests bumps the data version), the price of the first view after a save.
func BenchmarkMetricPageUncached(b *testing.B) {
	store := benchStore(b)
	ts := serve(b, store)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		store.Tx(ctx, func(tx *sql.Tx) error { return nil }) // a write: the version moves on
		b.StartTimer()
		benchGet(b, ts.Client(), ts.URL+"/metrics/cross_border_bus_lines?lang=zh")
	}
}

// BenchmarkOverview is the front page.
func BenchmarkOverview(b *testing.B) {
	ts := serve(b, benchStore(b))
	for b.Loop() {
		benchGet(b, ts.Client(), ts.URL+"/?lang=zh")
	}
}

// BenchmarkSeriesQuery is the series of one metric, every region, every period.
func BenchmarkSeriesQuery(b *testing.B) {
	store := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		obs, err := store.Series(ctx, data.SeriesQuery{Metric: "cross_border_bus_lines"})
		if err != nil || len(obs) == 0 {
			b.Fatalf("%d, %v", len(obs), err)
		}
	}
}

// BenchmarkSeriesQueryAsOf is BenchmarkSeriesQuery as of today: the same figures, built from
// the publications instead of the current_figures index.
func BenchmarkSeriesQueryAsOf(b *testing.B) {
	store := benchStore(b)
	ctx := context.Background()
	today := data.Today(time.Now())
	for b.Loop() {
		obs, err := store.Series(ctx, data.SeriesQuery{Metric: "cross_border_bus_lines", AsOf: today})
		if err != nil || len(obs) == 0 {
			b.Fatalf("%d, %v", len(obs), err)
		}
	}
}

// BenchmarkFormSave is one editor saving a new figure through the form: POST, validation,
// one transaction with its audit entry, redirect.
func BenchmarkFormSave(b *testing.B) {
	store := datatest.NewStore(b)
	ts := serveWith(b, store, false)
	ed := loginAs(b, ts, store, "bencher", data.RoleEditor)
	ctx := context.Background()
	metric := 0
	newMetric := func() {
		metric++
		if err := store.AddMetric(ctx, data.Actor{Name: "t"}, data.Metric{Code: fmt.Sprintf("save_%d", metric),
			Category: "transport", NameZh: fmt.Sprintf("保存 %d", metric), NameEn: fmt.Sprintf("Save %d", metric),
			UnitZh: "次", Kind: data.KindCount}); err != nil {
			b.Fatal(err)
		}
	}
	newMetric()
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	i := 0
	for b.Loop() {
		if i == 9000 {
			b.StopTimer()
			newMetric()
			i = 0
			b.StartTimer()
		}
		r := ed.post("/edit/figures", url.Values{"metric": {fmt.Sprintf("save_%d", metric)}, "region": {"pinggu"},
			"period": {start.AddDate(0, 0, i).Format("2006-01-02")}, "value": {"1"}, "source": {"bench"}})
		if r.Code != http.StatusSeeOther {
			b.Fatalf("save = %d: %s", r.Code, r.Body)
		}
		i++
	}
}

// benchSaver revises the newest figure of a metric, its value going back and forth: a save of
// the metric being read, the worst case for the caches (issue 16).
type benchSaver struct {
	store *data.Store
	id    int64
	value float64
	n     int
}

func newBenchSaver(b *testing.B, store *data.Store, metric string) *benchSaver {
	o := newestFigureOf(b, store, metric)
	return &benchSaver{store: store, id: o.ID, value: o.Value}
}

// newestFigureOf is the current figure of metric with the newest period: the one a benchmark's
// editor keeps revising.
func newestFigureOf(tb testing.TB, store *data.Store, metric string) data.Observation {
	ctx := context.Background()
	var id int64
	if err := store.TxQuiet(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT observation_id FROM current_figures c JOIN observations o ON o.id = c.observation_id
			WHERE c.metric = ? AND o.deleted = 0 ORDER BY c.period DESC LIMIT 1`, metric).Scan(&id)
	}); err != nil {
		tb.Fatalf("a figure of %s to revise: %v", metric, err)
	}
	o, err := store.Observation(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

func (s *benchSaver) save(b *testing.B) {
	s.n++
	o, err := s.store.ReviseFigure(context.Background(), data.Actor{Name: "bench"}, s.id,
		data.FigureEdit{Value: s.value + float64(s.n%2), Source: "bench: an editor saving"})
	if err != nil {
		b.Fatal(err)
	}
	s.id = o.ID
}

// BenchmarkMetricPageAfterSave is the first metric page after a save of its own metric.
func BenchmarkMetricPageAfterSave(b *testing.B) {
	benchAfterSave(b, "/metrics/cross_border_bus_lines?lang=zh")
}

// BenchmarkOverviewAfterSave is the first overview after a save of one of its headline metrics.
func BenchmarkOverviewAfterSave(b *testing.B) { benchAfterSave(b, "/?lang=zh") }

// BenchmarkPNGAfterSave is the first download of a metric's chart image (960×540) after a save of
// that metric: the model built anew from the database, drawn and encoded.
func BenchmarkPNGAfterSave(b *testing.B) {
	benchAfterSave(b, "/charts/cross_border_bus_lines.png?width=960&height=540")
}

// benchAfterSave times the first request of path after each save of cross_border_bus_lines.
func benchAfterSave(b *testing.B, path string) {
	store := benchStore(b)
	ts := serve(b, store)
	u := ts.URL + path
	benchGet(b, ts.Client(), u, "Accept-Encoding", "gzip")
	saver := newBenchSaver(b, store, "cross_border_bus_lines")
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		saver.save(b)
		b.StartTimer()
		start := dashboard.CPUTime()
		benchGet(b, ts.Client(), u, "Accept-Encoding", "gzip")
		cpu += dashboard.CPUTime() - start
	}
	dashboard.ReportCPU(b, cpu)
}
