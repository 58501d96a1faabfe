package dashboard_test

import (
	"bytes"
	"image/png"
	"net/http"
	"strings"
	"testing"
)

// TestBrowserSaveButtonDownloadsTheServerImage: in a real browser the chart toolbox's save
// button is app.js's myDownload, whose click follows a link to the server's PNG of the same view
// at scale 2 (with its sources and as-of date), saved under the chart's name.
func TestBrowserSaveButtonDownloadsTheServerImage(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	b.Open(t, ts.URL+"/metrics/rail22_station_structure?lang=en&regions=sanhe") // a page with a chart: the bus lines are one figure, a card
	var got struct {
		Href, Download string
		HasCanvasSave  bool
	}
	b.Eval(t, `(() => {
  const el = document.querySelector('[data-chart]');
  const tb = window.echarts.getInstanceByDom(el).getOption().toolbox[0];
  let href = '', download = '';
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () { href = this.getAttribute('href'); download = this.download; };
  try { tb.feature.myDownload.onclick(); } finally { HTMLAnchorElement.prototype.click = click; }
  return {Href: href, Download: download, HasCanvasSave: !!tb.feature.saveAsImage};
})()`, &got)
	if got.HasCanvasSave || got.Download != "rail22_station_structure.png" ||
		!strings.HasPrefix(got.Href, "/charts/rail22_station_structure.png?") || !strings.Contains(got.Href, "regions=sanhe") ||
		!strings.HasSuffix(got.Href, "&scale=2") {
		t.Fatalf("save button: %+v", got)
	}
	r := get(t, ts, got.Href)
	img, err := png.DecodeConfig(bytes.NewReader([]byte(r.Body)))
	if r.Code != http.StatusOK || err != nil || img.Width != 1920 {
		t.Errorf("%s: %d, %d px wide, %v", got.Href, r.Code, img.Width, err)
	}
	if p := b.Problems(); len(p) > 0 {
		t.Error(p)
	}
}
