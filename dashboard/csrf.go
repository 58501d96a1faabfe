package dashboard

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// Request body limits (DECISIONS "Limits and checks"): a form, a whole reporting round
// included, fits in maxFormBytes; only an editor's upload to the import may be larger.
const (
	maxFormBytes   = 1 << 20
	maxUploadBytes = data.MaxImportBytes + 64<<10 // the largest import file and room for the form
)

// uploadPath is the one route that takes a file.
const uploadPath = "/edit/import"

func newToken() string { return rand.Text() }

// csrfToken is the token every form of this request must carry.
func csrfToken(c echo.Context) string {
	if t, _ := c.Get(csrfKey).(string); t != "" {
		return t
	}
	if mint, ok := c.Get(csrfMakerKey).(func() string); ok {
		t := mint()
		c.Set(csrfKey, t)
		return t
	}
	return ""
}

// bodyLimit is how much of a request's body may be read: an upload is read only for an editor,
// so an anonymous visitor can make the server read no more than a form.
func bodyLimit(c echo.Context) (int64, error) {
	if c.Request().URL.Path != uploadPath {
		return maxFormBytes, nil
	}
	lang, _ := langOf(c)
	switch u := userOf(c); {
	case u == nil:
		return 0, echo.NewHTTPError(http.StatusForbidden, tr(lang, "staff.need_login"))
	case !u.Can(data.RoleEditor):
		return 0, echo.NewHTTPError(http.StatusForbidden, tr(lang, "staff.need_"+data.RoleEditor))
	}
	return maxUploadBytes, nil
}

// checkCSRF refuses any request that is not a GET or HEAD unless it comes from this site (Go's
// cross-origin protection reads Sec-Fetch-Site and Origin) and carries the form's token (field
// "csrf" of the body, or header X-CSRF-Token; never the query string, which ends up in logs and
// Referer headers). It reads no more of the body than bodyLimit allows, before anything else
// looks at it, so a huge post is a 413 and costs at most a form's worth of memory.
func (s *Server) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			return next(c)
		}
		lang, _ := langOf(c)
		if err := s.origins.Check(r); err != nil {
			return echo.NewHTTPError(http.StatusForbidden, tr(lang, "staff.cross_origin"))
		}
		limit, err := bodyLimit(c)
		if err != nil {
			return err
		}
		if r.ContentLength > limit {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge, tr(lang, "staff.too_large"))
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		// ParseForm first: ParseMultipartForm drops its error on a url-encoded body, so a body
		// too large would pass as an empty form and be refused as a missing token.
		err = r.ParseForm()
		if err == nil {
			err = r.ParseMultipartForm(1 << 20)
		}
		if err != nil && !errors.Is(err, http.ErrNotMultipart) {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge, tr(lang, "staff.too_large"))
			}
			return echo.NewHTTPError(http.StatusBadRequest, tr(lang, "staff.bad_form"))
		}
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			got = r.PostForm.Get("csrf") // the body's fields only (multipart ones too)
		}
		want := csrfToken(c)
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return echo.NewHTTPError(http.StatusForbidden, tr(lang, "staff.csrf"))
		}
		return next(c)
	}
}
