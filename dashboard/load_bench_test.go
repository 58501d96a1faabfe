package dashboard_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/seed"
)

// TestLoadBench is the load part of `make bench`: it runs only when PJSX_BENCH_DB names the
// million-figure demo database, drives the real handler on loopback with wrk, and prints a
// table of figures and ratios that stay comparable on a noisy 2-core machine.
func TestLoadBench(t *testing.T) {
	path := os.Getenv("PJSX_BENCH_DB")
	if path == "" {
		t.Skip("set PJSX_BENCH_DB (make bench does) to run the load benchmark")
	}
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Fatal("wrk is not installed (make bench installs it)")
	}
	ctx := context.Background()
	row := func(name, value, goal string) { fmt.Printf("| %s | %s | %s |\n", name, value, goal) }
	fmt.Println("| measure | value | goal |")
	fmt.Println("|---|---|---|")

	// Start-up: open, migrate, seed check, build the server, answer /healthz.
	start := time.Now()
	store, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := seed.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	srv, err := dashboard.New(dashboard.Config{Store: store, NoReview: true, // the editor below publishes as it saves
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	twins := map[string]*staticTwin{}
	mux.HandleFunc("/__static/", func(w http.ResponseWriter, r *http.Request) { twins[r.URL.Path].serve(w, r) })
	mux.Handle("/", srv)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	if r := get(t, ts, "/healthz"); r.Code != 200 {
		t.Fatalf("healthz = %d", r.Code)
	}
	row("start-up on the database (open, migrate, build, first answer)", time.Since(start).Round(time.Millisecond).String(), "")
	var n int
	store.TxQuiet(ctx, func(tx *sql.Tx) error { return tx.QueryRowContext(ctx, `SELECT count(*) FROM observations`).Scan(&n) })
	row("observations (revisions included)", strconv.Itoa(n), "≥ 1,000,000")

	pages := map[string]string{"overview": "/?lang=zh", "metric page": "/metrics/" + benchMetric + "?lang=zh"}
	staticRPS := map[string]float64{}
	for _, name := range []string{"overview", "metric page"} {
		u := pages[name]
		first := time.Now()
		body, gz := fetchGzip(t, ts.URL+u)
		row(name+": first request (views built, uncached)", time.Since(first).Round(time.Microsecond).String(), "")
		twin := "/__static/" + strings.ReplaceAll(name, " ", "-") + ".html"
		twins[twin] = &staticTwin{body: body, gz: gz}
		page := runWrk(t, wrk, ts.URL+u)
		static := runWrk(t, wrk, ts.URL+twin)
		row(name+": requests/s at 32 connections", fmt.Sprintf("%.0f", page.rps), "")
		row(name+": latency p50 / p99", page.p50+" / "+page.p99, "")
		row(name+": the same bytes as a static file, requests/s", fmt.Sprintf("%.0f", static.rps), "")
		row(name+": ratio to static", fmt.Sprintf("%.2f", page.rps/static.rps), "≥ 0.5")
		staticRPS[name] = static.rps
		row(name+": bytes (gzip / plain)", fmt.Sprintf("%d / %d", len(gz), len(body)), "")
	}

	// An editor saves through the real form while 32 readers load a page (issue 16): a figure of
	// the metric being read (every save changes the metric page and the overview), then one of a
	// metric neither page shows (the usual case in a catalog of thousands).
	ed := newBenchEditor(t, ts, store, benchMetric)
	var other string
	store.TxQuiet(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT metric FROM current_figures ORDER BY metric DESC LIMIT 1`).Scan(&other)
	})
	otherEd := newBenchEditor(t, ts, store, other)
	for _, perSecond := range []int{2, 10} {
		for _, load := range []struct {
			name string
			ed   *benchEditor
		}{{"overview", ed}, {"metric page", ed}, {"overview", otherEd}, {"metric page", otherEd}} {
			name := load.name
			stop := load.ed.saveEvery(time.Second / time.Duration(perSecond))
			page := runWrkMayStall(t, wrk, ts.URL+pages[name])
			saves := stop()
			whose := "its metric"
			if load.ed != ed {
				whose = "another metric"
			}
			at := fmt.Sprintf("%s, %d saves/s of %s (%d saved)", name, perSecond, whose, saves)
			row(at+": requests/s", fmt.Sprintf("%.0f", page.rps), "")
			row(at+": latency p50 / p99", page.p50+" / "+page.p99, map[string]string{"overview": "p99 ≤ 20 ms at 2/s"}[name])
			row(at+": ratio to static", fmt.Sprintf("%.2f", page.rps/staticRPS[name]), map[string]string{"overview": "≥ 0.5 at 2/s"}[name])
		}
	}
	// After one save: the next reader of the saved metric's page, of the overview, of its image.
	after := map[string][]time.Duration{}
	for range 5 {
		ed.save()
		for _, u := range []string{pages["metric page"], pages["overview"], "/charts/" + benchMetric + ".png?width=960&height=540"} {
			t0 := time.Now()
			if r := get(t, ts, u, "Accept-Encoding", "gzip"); r.Code != 200 {
				t.Fatalf("%s after a save = %d", u, r.Code)
			}
			after[u] = append(after[u], time.Since(t0))
		}
	}
	row("after a save: the next metric page (median of 5)", median(after[pages["metric page"]]), "≤ 5 ms")
	row("after a save: the next overview (median of 5)", median(after[pages["overview"]]), "≤ 20 ms")
	row("after a save: its PNG drawn, 960×540 (median of 5)", median(after["/charts/"+benchMetric+".png?width=960&height=540"]), "≤ 15 ms")
	clear(after)
	for range 5 {
		otherEd.save()
		for _, u := range []string{pages["metric page"], pages["overview"]} {
			t0 := time.Now()
			if r := get(t, ts, u, "Accept-Encoding", "gzip"); r.Code != 200 {
				t.Fatalf("%s after a save = %d", u, r.Code)
			}
			after[u] = append(after[u], time.Since(t0))
		}
	}
	row("after a save of another metric: the metric page (median of 5)", median(after[pages["metric page"]]), "")
	row("after a save of another metric: the overview (median of 5)", median(after[pages["overview"]]), "")

	// A repeat visit: the page revalidates (304), the hashed assets are cached for good.
	firstBytes, repeatBytes, assets := visitBytes(t, ts)
	row("first view of the overview, bytes on the wire ("+strconv.Itoa(assets)+" assets and chart pictures)", strconv.Itoa(firstBytes), "≤ 150,000")
	row("repeat visit, bytes on the wire (304, assets immutable)", strconv.Itoa(repeatBytes), "≤ 20,000")

	if bin := os.Getenv("PJSX_BENCH_BIN"); bin != "" {
		startup, rss := binaryUnderLoad(t, wrk, bin, path)
		row("the binary: start-up to its first /healthz answer", startup.Round(time.Millisecond).String(), "")
		row("the binary: peak RSS under load (overview, metric page, PNG)", fmt.Sprintf("%.0f MB", rss), "≤ 100 MB")
	}
}

// binaryUnderLoad starts `pjsx serve` on the database, loads it with wrk and reads its peak RSS.
func binaryUnderLoad(t *testing.T, wrk, bin, db string) (time.Duration, float64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start := time.Now()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	var startup time.Duration
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				startup = time.Since(start)
				break
			}
		}
	}
	if startup == 0 {
		t.Fatal("the binary did not answer /healthz")
	}
	for _, u := range []string{"/?lang=zh", "/metrics/cross_border_bus_lines?lang=zh", "/charts/cross_border_bus_lines.png"} {
		runWrk(t, wrk, "http://"+addr+u)
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return startup, kb / 1024
		}
	}
	t.Fatal("no VmHWM")
	return 0, 0
}

// benchMetric is the metric whose page the load reads and whose figure the editor saves: the
// worst case, every save changes the page being read.
const benchMetric = "cross_border_bus_lines"

// benchEditor is one logged-in editor who saves a figure of a metric through the real form
// (POST /edit/figures/{id}), its value going back and forth.
type benchEditor struct {
	t      *testing.T
	metric string
	sc     *staffClient
	store  *data.Store
	id     int64
	value  float64
	values [2]float64
}

func newBenchEditor(t *testing.T, ts *httptest.Server, store *data.Store, metric string) *benchEditor {
	o := newestFigureOf(t, store, metric)
	name := fmt.Sprintf("bench-editor-%d", time.Now().UnixNano())
	return &benchEditor{t: t, metric: metric, sc: loginAs(t, ts, store, name, data.RoleEditor), store: store, id: o.ID, value: o.Value,
		values: [2]float64{o.Value, o.Value + 1}}
}

// save writes the figure's other value as its new revision.
func (e *benchEditor) save() {
	next := e.values[0]
	if e.value == next {
		next = e.values[1]
	}
	r := e.sc.post(fmt.Sprintf("/edit/figures/%d", e.id), url.Values{"value": {strconv.FormatFloat(next, 'f', -1, 64)},
		"source": {"make bench: an editor saving"}})
	if r.Code != http.StatusSeeOther {
		e.t.Errorf("save = %d: %s", r.Code, r.Body)
		return
	}
	e.value = next
	e.id = e.currentID()
}

func (e *benchEditor) currentID() int64 {
	ctx := context.Background()
	var id int64
	e.store.TxQuiet(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT max(id) FROM observations WHERE metric = ?`, e.metric).Scan(&id)
	})
	return id
}

// saveEvery saves every interval until the returned stop is called, which says how many saves
// were made.
func (e *benchEditor) saveEvery(interval time.Duration) (stop func() int) {
	done, saved := make(chan struct{}), make(chan int)
	go func() {
		n := 0
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				saved <- n
				return
			case <-tick.C:
				e.save()
				n++
			}
		}
	}()
	return func() int { close(done); return <-saved }
}

func median(ds []time.Duration) string {
	slices.Sort(ds)
	return ds[len(ds)/2].Round(10 * time.Microsecond).String()
}

// staticTwin sends a page's captured bytes the way a static file server does: precompressed,
// no database, no template.
type staticTwin struct{ body, gz []byte }

func (s *staticTwin) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(s.gz)
		return
	}
	w.Write(s.body)
}

func fetchGzip(t *testing.T, u string) (plain, gz []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	gz, _ = io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("%s = %d, encoding %q", u, res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(string(gz)))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ = io.ReadAll(zr)
	return plain, gz
}

type wrkResult struct {
	rps      float64
	p50, p99 string
}

func runWrk(t *testing.T, wrk, u string) wrkResult {
	t.Helper()
	r := runWrkMayStall(t, wrk, u)
	if r.rps == 0 {
		t.Fatalf("wrk on %s: no request answered", u)
	}
	return r
}

// runWrkMayStall is runWrk where no answer in the whole run is a result, not a failure: under
// saves, a server that rebuilds everything after each one may answer none.
func runWrkMayStall(t *testing.T, wrk, u string) wrkResult {
	t.Helper()
	out, err := exec.Command(wrk, "-t2", "-c32", "-d8s", "--latency", "-H", "Accept-Encoding: gzip", u).CombinedOutput()
	if err != nil {
		t.Fatalf("wrk: %v\n%s", err, out)
	}
	r := wrkResult{p50: "–", p99: "–"}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			r.p50 = f[1]
		case len(f) == 2 && f[0] == "99%":
			r.p99 = f[1]
		}
	}
	if r.rps == 0 {
		r.p50, r.p99 = "–", "–" // nothing answered
	}
	if strings.Contains(string(out), "Non-2xx") {
		t.Fatalf("wrk on %s:\n%s", u, out)
	}
	return r
}

// visitBytes counts what a browser receives on a first visit to the overview (the page and every
// asset it loads, gzipped, with headers) and on a repeat (the page's 304).
func visitBytes(t *testing.T, ts *httptest.Server) (first, repeat, assets int) {
	t.Helper()
	res, first, assets := firstViewBytes(t, ts.URL, "/?lang=zh")
	res, _, repeat = wireBytes(t, ts.URL, "/?lang=zh", "If-None-Match", res.Header.Get("ETag"))
	if res.StatusCode != http.StatusNotModified {
		t.Fatalf("repeat visit = %d, want 304", res.StatusCode)
	}
	return first, repeat, assets
}
