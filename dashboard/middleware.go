package dashboard

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// contentSecurityPolicy lets pages run only the scripts the binary serves. Styles may be inline
// because ECharts styles its tooltips and markers that way; scripts never may.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'self'"

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		return next(c)
	}
}

func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		level := slog.LevelDebug
		if status >= 500 {
			level = slog.LevelError
		}
		s.log.Log(c.Request().Context(), level, "request", "method", c.Request().Method,
			"path", c.Request().URL.Path, "status", status, "dur", time.Since(start))
		return nil
	}
}

func (s *Server) logPanic(c echo.Context, err error, stack []byte) error {
	s.log.Error("panic", "path", c.Request().URL.Path, "err", err, "stack", string(stack))
	return err
}

// errorPage is the page of a failed request.
type errorPage struct {
	Page
	Status  int
	Message string
	ErrorID string
}

// handleError turns any error into the right status: a bad parameter is a 400 naming it, a missing
// record a 404, anything else a 500 with an id that is logged and shown, never its text.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg, id := http.StatusInternalServerError, "", ""
	var perr *paramError
	var herr *echo.HTTPError
	switch {
	case errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil:
		// The client went away: nobody to answer and nothing broken. Logged as such, not as 500.
		c.Response().Status = statusClientClosed
		return
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusGatewayTimeout
		s.log.Warn("request deadline", "method", c.Request().Method, "path", c.Request().URL.Path)
	case errors.As(err, &perr):
		status, msg = http.StatusBadRequest, perr.Error()
	case errors.Is(err, data.ErrNotFound):
		status = http.StatusNotFound
	case errors.As(err, &herr) && herr.Code < 500:
		status = herr.Code
		if m, ok := herr.Message.(string); ok && status != http.StatusNotFound {
			msg = m
		}
	default:
		id = newErrorID()
		s.log.Error("internal error", "error_id", id, "method", c.Request().Method,
			"path", c.Request().URL.Path, "err", err)
	}
	lang, _ := langOf(c)
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		body := map[string]any{"status": status, "error": http.StatusText(status)}
		if msg != "" {
			body["message"] = msg
		}
		if id != "" {
			body["error_id"] = id
		}
		c.JSON(status, body)
		return
	}
	if msg == "" {
		switch status {
		case http.StatusNotFound:
			msg = tr(lang, "error.notfound")
		case http.StatusInternalServerError:
			msg = tr(lang, "error.internal")
		case http.StatusGatewayTimeout:
			msg = tr(lang, "error.timeout")
		default:
			msg = http.StatusText(status)
		}
	}
	p := errorPage{Page: s.newPage(c, lang, tr(lang, "error.title")), Status: status, Message: msg, ErrorID: id}
	switch status {
	case http.StatusBadRequest:
		p.Title = tr(lang, "error.badparam")
	case http.StatusNotFound: // nothing went wrong: the address names nothing
		p.Title = tr(lang, "error.notfound_title")
	}
	if rerr := s.render(c, status, "error", p); rerr != nil {
		s.log.Error("rendering the error page", "err", rerr)
		c.String(status, msg)
	}
}

func newErrorID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// cleanPath is a request path fit to build a link on this site: one leading slash, no dot
// segments, no backslashes (browsers read "/\host" as "//host").
func cleanPath(p string) string {
	return path.Clean("/" + strings.ReplaceAll(p, `\`, "/"))
}

// wechatFrom are the values WeChat appends as from= to a shared link (with isappinstalled=0).
var wechatFrom = map[string]bool{"singlemessage": true, "groupmessage": true, "timeline": true}

// withoutShareParams drops what WeChat appends to a link shared in it: from=singlemessage,
// groupmessage or timeline, and isappinstalled. Our own from (a period) keeps its value, also
// when WeChat added a second one. It says whether anything was dropped.
//
// This is the one place that knows WeChat's parameters; every handler reads the query after it.
func withoutShareParams(q url.Values) (url.Values, bool) {
	changed := false
	if _, ok := q["isappinstalled"]; ok {
		delete(q, "isappinstalled")
		changed = true
	}
	if froms, ok := q["from"]; ok {
		keep := froms[:0:0]
		for _, f := range froms {
			if wechatFrom[strings.TrimSpace(f)] {
				changed = true
				continue
			}
			keep = append(keep, f)
		}
		if len(keep) == 0 {
			delete(q, "from")
		} else {
			q["from"] = keep
		}
	}
	return q, changed
}

// dropShareParams runs before routing, so the page cache, the handlers and every link built from
// the query see a shared link as it was before WeChat touched it.
func dropShareParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.URL.RawQuery == "" {
			return next(c)
		}
		if q, changed := withoutShareParams(r.URL.Query()); changed {
			r.URL.RawQuery = q.Encode()
		}
		return next(c)
	}
}

// statusClientClosed is what the request log shows for a client that left before its answer
// (nginx's 499): not a server error.
const statusClientClosed = 499

// readDeadline bounds the work of one read. Reads run on a context detached from the client's
// connection: what they build (a page, a chart, an image) is shared through the caches with
// every reader waiting for it, so the first reader leaving must not fail the others.
const readDeadline = 30 * time.Second

// detachReads gives GET and HEAD requests a context of their own with readDeadline, no longer
// cancelled when the client goes away. Writes keep the client's context: a form sent and then
// abandoned is not saved behind the user's back.
func detachReads(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return next(c)
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), readDeadline)
		defer cancel()
		c.SetRequest(r.WithContext(ctx))
		return next(c)
	}
}
