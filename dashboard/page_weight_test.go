package dashboard_test

import (
	"compress/gzip"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// assetRef finds what a page makes the browser fetch on a first view: its stylesheet, icon and
// scripts, and the server's picture of each chart (chartFirstRef). The chart bundle page.js
// fetches on the reader's first touch (data-charts) is not part of a first view.
var (
	assetRef      = regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`)
	chartFirstRef = regexp.MustCompile(`<img class="chart-first" src="(/charts/[^"]+)"`)
	chartsRef     = regexp.MustCompile(`data-charts="(/static/[^"]+)"`)
)

// wireBytes fetches path as a browser does (gzip accepted) and counts what comes over the wire:
// the status line and headers (roughly) and the body as sent.
func wireBytes(t testing.TB, base, path string, header ...string) (*http.Response, []byte, int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	head := len(res.Proto) + 16
	for k, vs := range res.Header {
		for _, v := range vs {
			head += len(k) + len(v) + 4
		}
	}
	plain := body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		plain, _ = io.ReadAll(zr)
	}
	return res, plain, head + len(body)
}

// firstViewBytes is what a browser receives on a first visit to path before the reader touches
// it: the page, every asset it loads and its charts' pictures, gzipped as sent. The page's
// response is returned for a repeat visit.
func firstViewBytes(t testing.TB, base, path string) (res *http.Response, total, assets int) {
	t.Helper()
	res, page, total := wireBytes(t, base, path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s = %d", path, res.StatusCode)
	}
	refs := append(assetRef.FindAllStringSubmatch(string(page), -1), chartFirstRef.FindAllStringSubmatch(string(page), -1)...)
	seen := map[string]bool{}
	for _, m := range refs {
		ref := html.UnescapeString(m[1])
		if seen[ref] {
			continue
		}
		seen[ref] = true
		r, _, n := wireBytes(t, base, ref)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s names %s: %d", path, ref, r.StatusCode)
		}
		total += n
		assets++
	}
	return res, total, assets
}

// TestPageWeightBudgets (issue 16, item 4): a page without charts loads no chart code and weighs
// ≤ 20 KB on a first visit; a chart page shows the server's picture of each chart first and
// fetches ECharts (147 KB gzipped by itself) only when the reader first touches the page, so its
// first view weighs ≤ 150 KB. The embed page, framed by other sites, draws with ECharts at once
// (≤ 250 KB). Sizes are deterministic (gzip of the same bytes), so this is no timed assertion.
func TestPageWeightBudgets(t *testing.T) {
	ts, _ := newSeeded(t)
	// The bus lines hold one figure: their page is a figure card, no chart, so no chart code.
	for _, path := range []string{"/milestones?lang=zh", "/export?lang=zh", "/login?lang=zh", "/milestones?lang=en",
		"/metrics/cross_border_bus_lines?lang=zh"} {
		_, page, _ := wireBytes(t, ts.URL, path)
		if !chartsRef.MatchString(string(page)) {
			t.Errorf("%s does not name the chart bundle for page.js (data-charts)", path)
		}
		if _, n, assets := firstViewBytes(t, ts.URL, path); n > 20_000 {
			t.Errorf("%s: first view %d bytes with %d assets, want ≤ 20,000 (no chart code)", path, n, assets)
		} else {
			t.Logf("%s: first view %d bytes, %d assets", path, n, assets)
		}
	}
	for path, budget := range map[string]int{"/?lang=zh": 150_000, "/metrics/rail22_station_structure?lang=zh": 150_000,
		"/embed/metrics/cross_border_bus_lines": 250_000} {
		_, page, _ := wireBytes(t, ts.URL, path)
		if !strings.Contains(path, "/embed/") && len(chartFirstRef.FindAllString(string(page), -1)) == 0 {
			t.Errorf("%s shows no chart picture on its first view", path)
		}
		_, n, assets := firstViewBytes(t, ts.URL, path)
		if n > budget {
			t.Errorf("%s: first view %d bytes with %d assets, want ≤ %d", path, n, assets, budget)
		}
		t.Logf("%s: first view %d bytes, %d assets", path, n, assets)
	}
}
