package dashboard_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/seed"
)

const testPublicURL = "https://pjsx.example.gov.cn/dash"

// newSeededPublic serves the seeded dashboard with --public-url set.
func newSeededPublic(t testing.TB) (*httptest.Server, *data.Store) {
	t.Helper()
	store := data.NewTestStore(t)
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
	store := data.NewTestStore(t)
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
