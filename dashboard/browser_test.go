package dashboard_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"pjsx/data/datatest"
	"pjsx/data/pgtest"
)

// browser is a headless Debian Chromium driven by chromedp, recording what a page does wrong:
// console errors, uncaught exceptions, CSP violations and requests to any host but loopback.
type browser struct {
	Ctx      context.Context
	mu       sync.Mutex
	problems []string
	bytes    int64
}

// newBrowser starts Chromium, or skips when it is missing — except under CI, where the browser
// tests must run.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	if pgtest.Enabled() {
		t.Skip("browser tests run on SQLite only: the PostgreSQL run is the store and handler tests")
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/deps installs it")
		}
		t.Skip("chromium is not installed (make test-deps installs it)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1366, 900),
	}
	b := &browser{}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithListener(b.listen))
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b.Ctx = ctx
	for _, err := range []error{
		chromedp.Do(ctx),
		second(chromedp.Call(ctx, network.Enable, network.EnableParams{})),
		second(chromedp.Call(ctx, log.Enable, cdp.Empty{})),
		second(chromedp.Call(ctx, runtime.Enable, cdp.Empty{})),
		second(chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `document.addEventListener('securitypolicyviolation',
				e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`})),
	} {
		if err != nil {
			t.Fatalf("starting chromium: %v", err)
		}
	}
	return b
}

func second[T any](_ T, err error) error { return err }

// listen runs in the tab's message loop: it only records.
func (b *browser) listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			b.problems = append(b.problems, "console error: "+strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
		b.problems = append(b.problems, "exception: "+msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			b.problems = append(b.problems, "log error: "+ev.Entry.Text+" "+ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(ev.Request.URL)
		if err == nil && u.Scheme != "data" && u.Scheme != "blob" && u.Hostname() != "127.0.0.1" {
			b.problems = append(b.problems, "request to a non-loopback host: "+ev.Request.URL)
		}
	case *network.EventLoadingFinished:
		b.bytes += int64(ev.EncodedDataLength)
	}
}

// Problems returns and clears what went wrong so far.
func (b *browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// Bytes returns and clears the bytes received on the wire so far.
func (b *browser) Bytes() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.bytes
	b.bytes = 0
	return n
}

// jsTouch points at the page as a reader would: a chart page shows the server's pictures of its
// charts until the reader first touches it, then fetches ECharts and draws them (page.js).
const jsTouch = `window.dispatchEvent(new Event('pointermove'));`

// Open loads a page, points at it as a reader would (a page shows the server's pictures of its
// charts until then and fetches ECharts on that first touch), and waits until app.js has drawn
// its charts.
func (b *browser) Open(t *testing.T, u string) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(u), chromedp.MouseEvent(chromedp.MouseMoved, 5, 5),
		chromedp.WaitVisible(chromedp.CSS(`html[data-charts-ready]`))); err != nil {
		t.Fatalf("open %s: %v (problems: %v)", u, err, b.Problems())
	}
}

// Eval runs JS in the page and decodes its JSON result into out.
func (b *browser) Eval(t *testing.T, js string, out any) {
	t.Helper()
	raw, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]byte](js))
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, js)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("eval: decoding %s: %v", raw, err)
	}
}

// drawnChart is what ECharts really drew for one chart element.
type drawnChart struct {
	ID       string   `json:"id"`
	Instance bool     `json:"instance"`
	Painted  int      `json:"painted"`
	Series   int      `json:"series"`
	Texts    []string `json:"texts"`
}

// jsDrawnCharts reads every chart on the page: its ECharts instance, how many canvas pixels are
// painted, and every text element in zrender's display list (title, legend, axes, labels).
const jsDrawnCharts = `Array.from(document.querySelectorAll('[data-chart]')).map(el => {
  const inst = window.echarts && window.echarts.getInstanceByDom(el);
  let painted = 0;
  const canvas = el.querySelector('canvas');
  if (canvas && canvas.width > 0) {
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
  }
  const texts = [];
  if (inst) inst.getZr().storage.getDisplayList(true).forEach(e => { if (e.style && e.style.text) texts.push(String(e.style.text)); });
  return {id: el.dataset.chart, instance: !!inst, painted, series: inst ? inst.getOption().series.length : 0, texts};
})`

func TestBrowserDrawsEveryChartOffline(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	for _, path := range []string{"/?lang=zh", "/metrics/rail22_station_structure", "/metrics/rail22_route_length?lang=en"} {
		start := time.Now()
		b.Open(t, ts.URL+path)
		wall := time.Since(start)
		var charts []drawnChart
		b.Eval(t, jsDrawnCharts, &charts)
		if len(charts) == 0 {
			t.Errorf("%s: no charts", path)
		}
		for _, c := range charts {
			if !c.Instance || c.Painted < 500 || c.Series == 0 || len(c.Texts) == 0 {
				t.Errorf("%s: chart %s not drawn: %+v", path, c.ID, c)
			}
		}
		var readyMs float64
		b.Eval(t, `(performance.getEntriesByName('pjsx-charts-ready')[0] || {startTime: -1}).startTime`, &readyMs)
		t.Logf("%s: %d charts, %d bytes on the wire, first charts drawn at %.0f ms after navigation start (%.0f ms wall)",
			path, len(charts), b.Bytes(), readyMs, float64(wall.Milliseconds()))
		if p := b.Problems(); len(p) > 0 {
			t.Errorf("%s: %v", path, p)
		}
	}
	// The rail chart shows the 100% target and Chinese text by default.
	b.Open(t, ts.URL+"/?lang=zh")
	var charts []drawnChart
	b.Eval(t, jsDrawnCharts, &charts)
	joined := ""
	for _, c := range charts {
		joined += strings.Join(c.Texts, "|")
	}
	for _, want := range []string{"22号线(平谷线)建设进度", "目标 100%", "22号线车站主体结构完成 · 三河市"} {
		if !strings.Contains(joined, want) {
			t.Errorf("overview charts draw no %q; drawn: %s", want, joined)
		}
	}
}

func TestBrowserShowsStaffTextAsTextNeverScript(t *testing.T) {
	store := datatest.NewStore(t)
	seedHostile(t, store)
	ts := serve(t, store)
	b := newBrowser(t)
	for _, path := range []string{"/?lang=zh", "/metrics/evil_metric?lang=zh"} {
		b.Open(t, ts.URL+path)
		var pwned, imgs int
		b.Eval(t, `window.__pwned ? 1 : 0`, &pwned)
		b.Eval(t, `document.querySelectorAll('img[src="x"], u').length`, &imgs)
		if pwned != 0 || imgs != 0 {
			t.Errorf("%s: staff text became markup (pwned=%d, injected elements=%d)", path, pwned, imgs)
		}
		var text string
		b.Eval(t, `document.body.innerText`, &text)
		if !strings.Contains(text, hostile) {
			t.Errorf("%s: the page does not show the text as typed", path)
		}
		if p := b.Problems(); len(p) > 0 {
			t.Errorf("%s: %v", path, p)
		}
	}
	// Legend and labels: drawn as the literal text.
	var charts []drawnChart
	b.Eval(t, jsDrawnCharts, &charts)
	if len(charts) == 0 || !strings.Contains(strings.Join(charts[0].Texts, "\n"), "区"+hostile) {
		t.Errorf("the legend does not draw the region name as typed: %+v", charts)
	}
	// Table: the cell text is the source as typed.
	var cell string
	b.Eval(t, `document.querySelector('table.figures td.src').textContent`, &cell)
	if cell != "源"+hostile {
		t.Errorf("table source cell = %q", cell)
	}
	// Tooltip: show it for the first point and read it back.
	var tip struct {
		Text     string `json:"text"`
		Elements int    `json:"elements"`
	}
	b.Eval(t, `(() => {
	  const el = document.querySelector('[data-chart]');
	  const inst = echarts.getInstanceByDom(el);
	  inst.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0});
	  const tt = el.querySelector('.pjsx-tooltip');
	  return {text: tt ? tt.textContent : '', elements: tt ? tt.querySelectorAll('img, u, script').length : -1};
	})()`, &tip)
	if !strings.Contains(tip.Text, "源"+hostile) || !strings.Contains(tip.Text, "区"+hostile) || tip.Elements != 0 {
		t.Errorf("tooltip = %+v; want the source and region as text, no injected elements", tip)
	}
	var pwned int
	b.Eval(t, `window.__pwned ? 1 : 0`, &pwned)
	if pwned != 0 {
		t.Error("the tooltip ran staff text as script")
	}
}
