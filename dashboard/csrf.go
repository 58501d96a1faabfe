package dashboard

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// maxFormBytes bounds every request body: the largest import file and room for the form.
const maxFormBytes = data.MaxImportBytes + 64<<10

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

// checkCSRF refuses any request that is not a GET or HEAD unless it carries the form's token
// (field "csrf" or header X-CSRF-Token). It also bounds the body, so a huge upload is a 413.
func (s *Server) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			return next(c)
		}
		lang, _ := langOf(c)
		r.Body = http.MaxBytesReader(c.Response(), r.Body, maxFormBytes)
		// ParseForm first: ParseMultipartForm drops its error on a url-encoded body, so a body
		// too large would pass as an empty form and be refused as a missing token.
		err := r.ParseForm()
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
			got = r.FormValue("csrf")
		}
		want := csrfToken(c)
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return echo.NewHTTPError(http.StatusForbidden, tr(lang, "staff.csrf"))
		}
		return next(c)
	}
}
