package dashboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pjsx/data"
)

// island is the part of a chart's data island this test reads.
type island struct {
	Option struct {
		Series []struct {
			Name string `json:"name"`
			Data []struct {
				Value []any `json:"value"`
			} `json:"data"`
		} `json:"series"`
	} `json:"option"`
	Meta struct {
		Points [][]struct {
			Period string `json:"period"`
		} `json:"points"`
	} `json:"meta"`
}

var (
	islandRE = regexp.MustCompile(`(?s)<script type="application/json" id="chart-conc_daily-data">(.*?)</script>`)
	tableRE  = regexp.MustCompile(`(?s)<table class="figures( pivot)?" id="chart-conc_daily-table">`)
)

// chartAndTable are the figures of the over-time chart and of the table beside it, each as
// sorted "region|period|value" lines.
var figureCardRE = regexp.MustCompile(`(?s)<figure class="figure-card" id="[^"]+" data-value="([^"]+)">.*?<dd>([^<]*)</dd>.*?<dd>([^<]*)</dd>`)

func chartAndTable(t *testing.T, body string) (chart, table []string, err error) {
	m := islandRE.FindStringSubmatch(body)
	tm := tableRE.FindStringSubmatch(body)
	if c := figureCardRE.FindStringSubmatch(body); m == nil && c != nil && tm != nil {
		// One figure is a card, not a chart: the card's value, date and place are the figure.
		chart = []string{fmt.Sprintf("%s|%s|%s", html.UnescapeString(c[3]), c[2], c[1])}
	} else if m != nil && tm == nil && strings.Contains(body, `<p class="empty">`) {
		tm = []string{"", ""} // no figure saved yet: an empty table, and the chart must be empty too
	}
	if (m == nil && chart == nil) || tm == nil {
		return nil, nil, fmt.Errorf("no chart or no table on the page")
	}
	var isl island
	if m != nil {
		if err := json.Unmarshal([]byte(m[1]), &isl); err != nil {
			return nil, nil, err
		}
	}
	for i, s := range isl.Option.Series {
		for j, d := range s.Data {
			if len(d.Value) < 2 || d.Value[1] == nil || i >= len(isl.Meta.Points) || j >= len(isl.Meta.Points[i]) {
				continue
			}
			chart = append(chart, fmt.Sprintf("%s|%s|%v", s.Name, isl.Meta.Points[i][j].Period, d.Value[1]))
		}
	}
	for k, text := range tableFigures(t, body, "chart-conc_daily") {
		v, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", ""), 64)
		if err != nil {
			return nil, nil, fmt.Errorf("table value %q: %v", text, err)
		}
		table = append(table, fmt.Sprintf("%s|%s|%v", k.Series, k.Period, v))
	}
	sort.Strings(chart)
	sort.Strings(table)
	return chart, table, nil
}

// TestConcurrentEditorsAndReaders: 8 editors save figures while 16 readers load the metric page,
// the JSON series and the PNG chart, against the real server on a SQLite file. No request
// fails (no "database is locked", no 5xx), every acknowledged save is there afterwards, and on
// every page the chart shows exactly the figures of the table beside it.
func TestConcurrentEditorsAndReaders(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ctx := context.Background()
	if err := store.AddMetric(ctx, data.Actor{Name: "test"}, data.Metric{Code: "conc_daily", Category: "transport",
		NameZh: "并发", NameEn: "concurrency", UnitZh: "个", UnitEn: "n", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
	const editors, readers, savesEach = 8, 16, 25
	regions := []string{"pinggu", "jizhou", "sanhe", "xinglong"}
	clients := make([]*staffClient, editors)
	for i := range clients {
		clients[i] = loginAs(t, ts, store, fmt.Sprintf("editor%d", i), data.RoleEditor)
	}
	var (
		mu       sync.Mutex
		acked    = map[string]int{} // region/period → value
		failures []string
		saves    atomic.Int64
		reads    atomic.Int64
		checks   atomic.Int64
		done     atomic.Bool
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	base := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	deadline := time.Now().Add(8 * time.Second) // a bound, not an assertion: slow machines save fewer
	var wg sync.WaitGroup
	for e := range editors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := clients[e]
			for i := 0; i < savesEach && time.Now().Before(deadline); i++ {
				region := regions[e%4]
				period := base.AddDate(0, 0, e*savesEach+i).Format("2006-01-02")
				form := url.Values{"metric": {"conc_daily"}, "region": {region}, "period": {period},
					"value": {fmt.Sprint(e*1000 + i)}, "source": {"concurrency test"}, "csrf": {sc.csrf}}
				req, _ := http.NewRequest(http.MethodPost, ts.URL+"/edit/figures", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				res, err := sc.c.Do(req)
				if err != nil {
					fail("save: %v", err)
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					fail("save %s/%s = %d: %.200s", region, period, res.StatusCode, body)
					continue
				}
				saves.Add(1)
				mu.Lock()
				acked[region+"/"+period] = e*1000 + i
				mu.Unlock()
			}
		}()
	}
	var rg sync.WaitGroup
	for r := range readers {
		rg.Add(1)
		go func() {
			defer rg.Done()
			for i := 0; !done.Load(); i++ {
				path := "/metrics/conc_daily"
				switch {
				case i%10 == 9 && r%4 == 0:
					path = "/charts/conc_daily.png"
				case i%2 == 1:
					path = "/api/v1/metrics/conc_daily/series"
				}
				res, err := ts.Client().Get(ts.URL + path)
				if err != nil {
					fail("GET %s: %v", path, err)
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				reads.Add(1)
				if res.StatusCode != http.StatusOK || strings.Contains(string(body), "locked") {
					fail("GET %s = %d: %.200s", path, res.StatusCode, body)
					continue
				}
				if path == "/metrics/conc_daily" {
					chart, table, err := chartAndTable(t, string(body))
					if err != nil {
						fail("page: %v", err)
						continue
					}
					if strings.Join(chart, "\n") != strings.Join(table, "\n") {
						fail("the chart (%d figures) and its table (%d) disagree", len(chart), len(table))
					}
					checks.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	done.Store(true)
	rg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	for key, v := range acked {
		region, period, _ := strings.Cut(key, "/")
		if o, err := store.CurrentFigure(ctx, "conc_daily", region, period); err != nil || o.Value != float64(v) {
			t.Errorf("acknowledged save %s = %d: now %+v, %v", key, v, o, err)
		}
	}
	// The last page agrees with the store.
	chart, _, err := chartAndTable(t, get(t, ts, "/metrics/conc_daily").Body)
	if err != nil || len(chart) != len(acked) {
		t.Errorf("after the run the chart shows %d figures, %d were saved (%v)", len(chart), len(acked), err)
	}
	if saves.Load() < editors {
		t.Fatalf("only %d saves: the test proved little", saves.Load())
	}
	t.Logf("%d editors saved %d figures while %d readers made %d requests (%d pages with chart = table); 0 errors",
		editors, saves.Load(), readers, reads.Load(), checks.Load())
}
