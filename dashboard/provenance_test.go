package dashboard_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/xuri/excelize/v2"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

const testPublicURL = "https://pjsx.example.gov.cn/dash"

// newSeededPublic serves the seeded dashboard with --public-url set.
func newSeededPublic(t testing.TB) (*httptest.Server, *data.Store) {
	t.Helper()
	store := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	srv, err := dashboard.New(dashboard.Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		PublicURL: testPublicURL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, store
}

// zipFile is one file of a ZIP body.
func zipFile(t *testing.T, body, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no %s in the ZIP", name)
	return nil
}

func TestPublicURLMustBeAnAbsoluteAddress(t *testing.T) {
	store := datatest.NewStore(t)
	for _, bad := range []string{"pjsx.example.gov.cn", "ftp://x.example", "https://", "https://x.example/?a=1", "/dash"} {
		if _, err := dashboard.New(dashboard.Config{Store: store, PublicURL: bad}); err == nil ||
			!strings.Contains(err.Error(), "public URL") {
			t.Errorf("PublicURL %q: got %v, want an error naming the public URL", bad, err)
		}
	}
}

// The pack's README links with the public URL when there is one, and with paths otherwise; the
// Host header a client sends is never used.
func TestPermalinksUseThePublicURLNeverTheHost(t *testing.T) {
	const pack = "/export/pack.zip?metrics=cross_border_bus_lines&regions=pinggu"
	ts, _ := newSeededPublic(t)
	r := get(t, ts, pack, "Host", "evil.example")
	if r.Code != 200 {
		t.Fatalf("pack: %d %s", r.Code, r.Body)
	}
	readme := string(zipFile(t, r.Body, "README.txt"))
	contains(t, "README with a public URL", readme, testPublicURL+"/metrics/cross_border_bus_lines?lang=zh&regions=pinggu")
	plain, _ := newSeeded(t)
	r = get(t, plain, pack, "Host", "evil.example")
	readme = string(zipFile(t, r.Body, "README.txt"))
	contains(t, "README without a public URL", readme, "/metrics/cross_border_bus_lines?lang=zh&regions=pinggu")
	if strings.Contains(readme, "http") {
		t.Errorf("README without a public URL has an address:\n%s", readme)
	}
	for _, body := range []string{readme, string(zipFile(t, get(t, ts, pack, "Host", "evil.example").Body, "README.txt"))} {
		if strings.Contains(body, "evil.example") || strings.Contains(body, "127.0.0.1") {
			t.Errorf("README names the request's host:\n%s", body)
		}
	}
}

// Each image's footer names the dashboard, the view's permalink and the data's as-of date: the
// public URL and the canonical query with one, the path alone without.
func TestImageFooterCarriesThePermalink(t *testing.T) {
	public, _ := newSeededPublic(t)
	plain, _ := newSeeded(t)
	const path = "/metrics/cross_border_bus_lines?lang=zh&regions=pinggu,sanhe"
	for _, tc := range []struct {
		ts   *httptest.Server
		want string
	}{{public, testPublicURL + path}, {plain, path}} {
		r := get(t, tc.ts, "/charts/cross_border_bus_lines.svg?regions=pinggu,sanhe&wechat=1", "Host", "evil.example")
		if r.Code != 200 {
			t.Fatalf("svg: %d", r.Code)
		}
		texts, _ := svgTexts(t, r.Body)
		all := strings.Join(texts, "\n")
		contains(t, "SVG footer", all, "平蓟三兴协同发展数据看板 · 数据截至 ")
		if !slicesContains(texts, tc.want) {
			t.Errorf("SVG has no text line %q:\n%s", tc.want, all)
		}
		if strings.Contains(all, "evil.example") || strings.Contains(all, "wechat") {
			t.Errorf("SVG footer names the request's host or junk parameters:\n%s", all)
		}
	}
	// A named chart has no page of its own: its permalink is its image.
	texts, _ := svgTexts(t, get(t, public, "/charts/rail22_progress.svg?lang=en").Body)
	if want := testPublicURL + "/charts/rail22_progress.svg?lang=en"; !slicesContains(texts, want) {
		t.Errorf("named chart: no line %q in %q", want, texts)
	}
	contains(t, "English footer", strings.Join(texts, "\n"), "Ping-Ji-San-Xing Cooperation Dashboard · Data as of ")
	// On a narrow picture the permalink breaks over lines instead of running off the edge; read
	// in order, they are the link.
	texts, _ = svgTexts(t, get(t, public, "/charts/cross_border_bus_lines.svg?regions=pinggu,sanhe&width=240&height=400").Body)
	want := testPublicURL + path
	if n := len(texts); n < 3 || texts[n-1] == want || strings.Join(texts[n-3:], "") != want &&
		strings.Join(texts[n-2:], "") != want {
		t.Errorf("narrow SVG: footer ends %q, want %q broken over lines", texts[max(0, n-3):], want)
	}
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A PNG at scale 2 with a public URL carries a QR code of its permalink in the footer's corner,
// read back with an independent decoder; at scale 1, or without a public URL, there is none.
func TestPNGAtScaleTwoCarriesAQRCodeOfItsPermalink(t *testing.T) {
	public, _ := newSeededPublic(t)
	plain, _ := newSeeded(t)
	const img = "/charts/cross_border_bus_lines.png?regions=pinggu,sanhe"
	want := testPublicURL + "/metrics/cross_border_bus_lines?lang=zh&regions=pinggu,sanhe"
	if got, err := footerQR(t, get(t, public, img+"&scale=2").Body); err != nil || got != want {
		t.Errorf("scale 2 with a public URL: QR %q (%v), want %q", got, err, want)
	}
	if got, err := footerQR(t, get(t, public, img+"&scale=3&width=640&height=400&lang=en").Body); err != nil ||
		got != testPublicURL+"/metrics/cross_border_bus_lines?lang=en&regions=pinggu,sanhe" {
		t.Errorf("scale 3: QR %q (%v)", got, err)
	}
	for name, body := range map[string]string{
		"scale 1 with a public URL":    get(t, public, img).Body,
		"scale 2 without a public URL": get(t, plain, img+"&scale=2").Body,
	} {
		if got, err := footerQR(t, body); err == nil {
			t.Errorf("%s: a QR code %q, want none", name, got)
		}
	}
}

// footerQR decodes a QR code in the bottom right corner of a PNG.
func footerQR(t *testing.T, body string) (string, error) {
	t.Helper()
	im, err := png.Decode(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	b := im.Bounds()
	corner := im.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(b.Max.X*3/4, b.Max.Y*3/5, b.Max.X, b.Max.Y))
	bmp, err := gozxing.NewBinaryBitmapFromImage(corner)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// A metric page offers its citation line in a read-only box: the dashboard, the metric, the
// data's as-of date, the view's permalink (with the public URL when there is one) and the day
// the reader looked.
func TestMetricPageOffersACitationLine(t *testing.T) {
	public, _ := newSeededPublic(t)
	plain, _ := newSeeded(t)
	box := regexp.MustCompile(`<textarea id="citation" readonly rows="3">([^<]*)</textarea>`)
	for _, tc := range []struct {
		ts         *httptest.Server
		path, want string
	}{
		{public, "/metrics/cross_border_bus_lines?regions=pinggu&lang=zh",
			"平蓟三兴协同发展数据看板：《跨省公交线路》，数据截至2024年12月31日。" + testPublicURL +
				"/metrics/cross_border_bus_lines?lang=zh&regions=pinggu（访问日期：%s）。"},
		{plain, "/metrics/cross_border_bus_lines?lang=en",
			"Ping-Ji-San-Xing Cooperation Dashboard. \u201cCross-province bus lines\u201d, data as of 2024-12-31. " +
				"/metrics/cross_border_bus_lines?lang=en (accessed %s)."},
	} {
		before := time.Now().In(time.FixedZone("UTC+8", 8*3600))
		r := get(t, tc.ts, tc.path, "Host", "evil.example")
		after := time.Now().In(time.FixedZone("UTC+8", 8*3600))
		m := box.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("%s: no citation box", tc.path)
		}
		got := html.UnescapeString(m[1])
		var wants []string
		for _, day := range []time.Time{before, after} {
			d := day.Format("2006-01-02")
			if strings.Contains(tc.want, "访问日期") {
				d = fmt.Sprintf("%d年%d月%d日", day.Year(), day.Month(), day.Day())
			}
			wants = append(wants, fmt.Sprintf(tc.want, d))
		}
		if got != wants[0] && got != wants[1] {
			t.Errorf("%s: citation\n%q, want\n%q", tc.path, got, wants[0])
		}
	}
	// A view without figures has nothing to cite.
	if r := get(t, plain, "/metrics/cross_border_bus_lines?from=2015&to=2016"); r.Code != 200 || box.MatchString(r.Body) {
		t.Errorf("a view without figures: %d, citation box shown: %v", r.Code, box.MatchString(r.Body))
	}
}

// aboutSheet reads the "Provenance" (出处) sheet of an XLSX body.
func aboutSheet(t *testing.T, body []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheets %v: %v", f.GetSheetList(), err)
	}
	return rows
}

// Each XLSX download and the pack's data.xlsx carry a sheet on where their figures come from:
// metric, definition, unit, sources, as-of date and permalink.
func TestXLSXHasAnAboutSheet(t *testing.T) {
	public, store := newSeededPublic(t)
	mt, err := store.Metric(context.Background(), "cross_border_bus_lines")
	if err != nil {
		t.Fatal(err)
	}
	rows := aboutSheet(t, []byte(get(t, public, "/data/cross_border_bus_lines.xlsx?regions=pinggu").Body), "出处")
	want := [][]string{
		{"指标代码", "指标", "定义", "单位", "来源", "数据截至", "链接"},
		{"cross_border_bus_lines", "跨省公交线路", mt.DescriptionZh, "条", "", "2024",
			testPublicURL + "/metrics/cross_border_bus_lines?lang=zh&regions=pinggu"},
	}
	if len(rows) != 2 || len(rows[1]) != 7 || mt.DescriptionZh == "" || !strings.Contains(rows[1][4], "平谷区奋力书写") {
		t.Fatalf("About sheet: %q", rows)
	}
	want[1][4] = rows[1][4]
	for r := range want {
		for c := range want[r] {
			if rows[r][c] != want[r][c] {
				t.Errorf("About sheet row %d column %d: %q, want %q", r+1, c+1, rows[r][c], want[r][c])
			}
		}
	}
	// The pack's data.xlsx: one row per chart, in English here, paths without a public URL.
	plain, _ := newSeeded(t)
	r := get(t, plain, "/export/pack.zip?metrics=cross_border_bus_lines,medical_expert_workstations&lang=en")
	rows = aboutSheet(t, zipFile(t, r.Body, "data.xlsx"), "Provenance")
	if len(rows) != 3 || rows[0][0] != "Metric code" || rows[1][0] != "cross_border_bus_lines" ||
		rows[2][0] != "medical_expert_workstations" || rows[2][6] != "/metrics/medical_expert_workstations?lang=en" {
		t.Errorf("pack About sheet: %q", rows)
	}
}
