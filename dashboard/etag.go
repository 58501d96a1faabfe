package dashboard

import (
	"net/http"
	"strings"
)

// etagMatches compares an If-None-Match header with a response's ETag the way RFC 9110 says
// for GET: weakly (W/"x" matches "x", as a proxy that gzips turns one into the other), against
// every tag of a list, and "*" matches anything.
func etagMatches(ifNoneMatch, etag string) bool {
	if ifNoneMatch == "" || etag == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, part := range strings.Split(ifNoneMatch, ",") {
		p := strings.TrimSpace(part)
		if p == "*" || strings.TrimPrefix(p, "W/") == want {
			return true
		}
	}
	return false
}

// conditionalWriter makes every response with an ETag answer If-None-Match properly, whichever
// handler sent it: a 200 whose tag the browser already has becomes a 304 without a body. Such a
// response also varies by Accept-Encoding, since the gzip middleware or a proxy may compress it.
type conditionalWriter struct {
	http.ResponseWriter
	ifNoneMatch string
	wroteHeader bool
	dropBody    bool
}

func (w *conditionalWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	h := w.Header()
	if etag := h.Get("ETag"); etag != "" {
		addVary(h, "Accept-Encoding")
		if code == http.StatusOK && etagMatches(w.ifNoneMatch, etag) {
			for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "Content-Disposition"} {
				h.Del(k)
			}
			w.dropBody = true
			code = http.StatusNotModified
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *conditionalWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.dropBody {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *conditionalWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok && !w.dropBody {
		f.Flush()
	}
}

func (w *conditionalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// addVary adds a header name to Vary unless it is there.
func addVary(h http.Header, name string) {
	for _, v := range h.Values("Vary") {
		for _, part := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), name) {
				return
			}
		}
	}
	if v := h.Get("Vary"); v != "" {
		h.Set("Vary", v+", "+name)
	} else {
		h.Set("Vary", name)
	}
}
