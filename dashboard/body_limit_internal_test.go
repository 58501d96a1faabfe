package dashboard

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// countingBody is an endless request body that counts what the server read of it.
type countingBody struct{ read int64 }

func (b *countingBody) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	b.read += int64(len(p))
	return len(p), nil
}
func (b *countingBody) Close() error { return nil }

func TestLargeAnonymousPostsAreRefusedAfterAFormsWorth(t *testing.T) {
	s := seededServer(t)
	cases := []struct {
		path, ctype string
		want        int
		maxRead     int64
	}{
		{"/login", "application/x-www-form-urlencoded", http.StatusRequestEntityTooLarge, maxFormBytes + 64<<10},
		{"/logout", "application/x-www-form-urlencoded", http.StatusRequestEntityTooLarge, maxFormBytes + 64<<10},
		{"/admin/users", "application/x-www-form-urlencoded", http.StatusRequestEntityTooLarge, maxFormBytes + 64<<10},
		// The upload route reads nothing before it knows who is asking.
		{uploadPath, "multipart/form-data; boundary=x", http.StatusForbidden, 0},
	}
	for _, c := range cases {
		body := &countingBody{}
		req := httptest.NewRequest(http.MethodPost, c.path, body)
		req.Header.Set("Content-Type", c.ctype)
		req.ContentLength = -1 // unknown, as with a chunked upload
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("POST %s of an endless body = %d, want %d", c.path, rec.Code, c.want)
		}
		if body.read > c.maxRead {
			t.Errorf("POST %s: read %d bytes of the body, at most %d", c.path, body.read, c.maxRead)
		}
	}
	// A declared length past the limit is refused before a byte is read.
	body := &countingBody{}
	req := httptest.NewRequest(http.MethodPost, "/login", io.LimitReader(body, 8<<20))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.ContentLength = 8 << 20
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || body.read != 0 {
		t.Errorf("8 MB declared: %d after reading %d bytes", rec.Code, body.read)
	}
}

func TestCSRFTokenNeverFromTheQueryAndCrossSitePostsRefused(t *testing.T) {
	s := seededServer(t)
	// A visitor's token: the login form sets it in a cookie.
	rec := serveOnce(s, http.MethodGet, "/login")
	var token *http.Cookie
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == anonCSRFCookie {
			token = ck
		}
	}
	if token == nil {
		t.Fatal("the login form set no CSRF cookie")
	}
	post := func(target string, form url.Values, header ...string) int {
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(token)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code
	}
	login := url.Values{"username": {"nobody"}, "password": {"x"}}
	if code := post("/login", withCSRF(login, token.Value)); code != http.StatusUnauthorized {
		t.Fatalf("a login with the token in the body = %d, want 401", code)
	}
	if code := post("/login?csrf="+url.QueryEscape(token.Value), login); code != http.StatusForbidden {
		t.Errorf("the token in the query string = %d, want 403", code)
	}
	if code := post("/login", withCSRF(login, token.Value), "Sec-Fetch-Site", "cross-site"); code != http.StatusForbidden {
		t.Errorf("a cross-site post with the right token = %d, want 403", code)
	}
	if code := post("/login", withCSRF(login, token.Value), "Origin", "https://evil.example"); code != http.StatusForbidden {
		t.Errorf("a post from another origin with the right token = %d, want 403", code)
	}
	if code := post("/login", withCSRF(login, token.Value), "Sec-Fetch-Site", "same-origin"); code != http.StatusUnauthorized {
		t.Errorf("a same-origin post = %d, want 401", code)
	}
}

func withCSRF(v url.Values, token string) url.Values {
	out := url.Values{"csrf": {token}}
	for k, x := range v {
		out[k] = x
	}
	return out
}
