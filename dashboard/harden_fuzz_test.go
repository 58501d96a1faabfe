package dashboard

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzPageKey: whatever a visitor appends to a public page's address, its cache key holds only
// the parameters pages read, and a language link built from the path stays on this site.
func FuzzPageKey(f *testing.F) {
	for _, q := range []string{"", "regions=sanhe&from=2024", "from=singlemessage&isappinstalled=0", "junk=" + strings.Repeat("x", 100),
		"from=2024&from=timeline", "regions=a&regions=b&view=compare&lang=en", "%zz=1", "a=1;b=2"} {
		f.Add("/metrics/cross_border_bus_lines", q)
	}
	f.Add("//evil.example/x", "")
	f.Add("/\\evil.example", "lang=en")
	f.Add("/a/../..//b", "")
	f.Fuzz(func(t *testing.T, path, rawQuery string) {
		u := &url.URL{Path: path, RawQuery: rawQuery}
		q := u.Query()
		key := pageKey("2026-11-30", "zh", u)
		// Unknown parameters never change the key.
		noisy := &url.URL{Path: path, RawQuery: rawQuery + "&utm_fuzz=" + url.QueryEscape(rawQuery)}
		if pageKey("2026-11-30", "zh", noisy) != key {
			t.Fatalf("an unknown parameter changed the key: %q", rawQuery)
		}
		known := 0
		for _, name := range publicPageParams {
			for _, v := range q[name] {
				known += len(url.QueryEscape(name)) + len(url.QueryEscape(v)) + 2
			}
		}
		if len(key) > len("2006-01-02|zh|")+len(cleanPath(path))+1+known { // the day: pages speak of today
			t.Fatalf("key %d bytes long, more than its known parameters (%d)", len(key), known)
		}
		clean := cleanPath(path)
		if !strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "//") || strings.Contains(clean, `\`) {
			t.Fatalf("cleanPath(%q) = %q leaves the site", path, clean)
		}
		if shared, _ := withoutShareParams(q); shared.Has("isappinstalled") {
			t.Fatal("isappinstalled kept")
		} else {
			for _, v := range shared["from"] {
				if wechatFrom[strings.TrimSpace(v)] {
					t.Fatalf("from=%s kept", v)
				}
			}
		}
	})
}

// FuzzRequestBodyLimits: any body of any declared type sent anonymously to a form or the upload is
// answered with a 4xx (never a 5xx), and no more than a form's worth of it is read.
func FuzzRequestBodyLimits(f *testing.F) {
	s := seededServer(f)
	f.Add("/login", "application/x-www-form-urlencoded", []byte("username=a&password=b"), 0)
	f.Add("/login", "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt\r\n--x--\r\n"), 0)
	f.Add(uploadPath, "multipart/form-data; boundary=x", []byte("--x\r\n"), 4<<20)
	f.Add("/admin/users", "text/plain", []byte("\x00\xff"), 2<<20)
	f.Add("/logout", "application/x-www-form-urlencoded", bytes.Repeat([]byte("a=1&"), 1000), 0)
	f.Fuzz(func(t *testing.T, path, ctype string, body []byte, pad int) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#%") {
			return
		}
		if _, err := url.ParseRequestURI(path); err != nil || strings.ContainsFunc(path, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			return // not a path a client could send
		}
		pad = min(max(pad, 0), 4<<20)
		counting := &countingReader{r: bytes.NewReader(append(body, bytes.Repeat([]byte("a"), pad)...))}
		req := httptest.NewRequest(http.MethodPost, "http://pjsx.test"+path, counting)
		req.Header.Set("Content-Type", ctype)
		req.ContentLength = -1
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("POST %s (%s, %d bytes) = %d", path, ctype, len(body)+pad, rec.Code)
		}
		if counting.n > maxFormBytes+64<<10 {
			t.Fatalf("POST %s: read %d bytes anonymously", path, counting.n)
		}
	})
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
