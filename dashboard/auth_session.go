package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// Cookie names. The session cookie carries a random token whose hash is the sessions row.
const (
	sessionCookie  = "pjsx_session"
	anonCSRFCookie = "pjsx_csrf"
	flashCookie    = "pjsx_flash"
	sessionKey     = "pjsx.session"
	csrfKey        = "pjsx.csrf"
	csrfMakerKey   = "pjsx.csrfmaker"
)

const trustProxyKey = "pjsx.trustproxy"

// secureRequest is true behind TLS: directly, or through a proxy that says so when the server
// runs with --trust-proxy (without it, anyone could send X-Forwarded-Proto).
func secureRequest(c echo.Context) bool {
	if c.Request().TLS != nil {
		return true
	}
	trusted, _ := c.Get(trustProxyKey).(bool)
	return trusted && strings.EqualFold(strings.TrimSpace(c.Request().Header.Get("X-Forwarded-Proto")), "https")
}

// setCookie sets one of our cookies, HttpOnly and SameSite=Lax, Secure over TLS. A cookie set
// twice in one request is sent once, with its last value.
func setCookie(c echo.Context, name, value string, maxAge int) {
	h := c.Response().Header()
	kept := h.Values("Set-Cookie")[:0:0]
	for _, v := range h.Values("Set-Cookie") {
		if !strings.HasPrefix(v, name+"=") {
			kept = append(kept, v)
		}
	}
	h.Del("Set-Cookie")
	for _, v := range kept {
		h.Add("Set-Cookie", v)
	}
	c.SetCookie(&http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secureRequest(c)})
}

func (s *Server) setCookie(c echo.Context, name, value string, maxAge int) {
	setCookie(c, name, value, maxAge)
}

// loadSession finds the login of the session cookie, if any, and the CSRF token this request's
// forms carry: the session's, or for an anonymous visitor a random one kept in a cookie.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasPrefix(c.Request().URL.Path, "/static/") {
			return next(c)
		}
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			sess, err := s.store.SessionByToken(c.Request().Context(), ck.Value)
			switch {
			case err == nil:
				c.Set(sessionKey, &sess)
				c.Set(csrfKey, sess.CSRF)
				return next(c)
			case errors.Is(err, data.ErrNotFound):
				s.setCookie(c, sessionCookie, "", -1) // logged out, expired or disabled
			default:
				return err
			}
		}
		if ck, err := c.Cookie(anonCSRFCookie); err == nil && len(ck.Value) >= 20 {
			c.Set(csrfKey, ck.Value)
			return next(c)
		}
		// A visitor without a token gets one when a page with a form asks for it (csrfToken):
		// reading the public pages sets no cookie, so they stay the same bytes for everyone.
		c.Set(csrfMakerKey, func() string {
			token := newToken()
			s.setCookie(c, anonCSRFCookie, token, 0)
			return token
		})
		return next(c)
	}
}

// sessionOf is the login of the request, or nil.
func sessionOf(c echo.Context) *data.Session {
	sess, _ := c.Get(sessionKey).(*data.Session)
	return sess
}

// userOf is the logged-in user, or nil.
func userOf(c echo.Context) *data.User {
	if sess := sessionOf(c); sess != nil {
		return &sess.User
	}
	return nil
}

// actorOf is who the audit names for a change made by this request.
func actorOf(c echo.Context) data.Actor {
	a := data.Actor{Addr: c.RealIP()}
	if u := userOf(c); u != nil {
		a.Name = u.Name
	}
	return a
}

// staffActor is actorOf for a staff save of figures or milestones: it waits for a reviewer
// while review is on.
func (s *Server) staffActor(c echo.Context) data.Actor {
	a := actorOf(c)
	a.Review = s.reviewOn(c)
	return a
}

// reviewOn reports whether staff saves wait for a reviewer: unless --no-review or the admin
// setting says otherwise. A setting that cannot be read counts as on: nothing goes public
// unchecked by mistake. Read once a request: a save asks it for the save and for its message.
func (s *Server) reviewOn(c echo.Context) bool {
	if s.noReview {
		return false
	}
	if on, ok := c.Get(reviewOnKey).(bool); ok {
		return on
	}
	off, err := s.store.ReviewSettingOff(c.Request().Context())
	if err != nil {
		s.log.Error("review setting", "err", err)
		return true
	}
	c.Set(reviewOnKey, !off)
	return !off
}

// reviewOnKey holds reviewOn's answer for the rest of a request.
const reviewOnKey = "pjsx.reviewon"

// requireRole lets only users with role through. An anonymous GET is sent to the login page;
// anything else is a 403 that says what is missing.
func (s *Server) requireRole(role string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := userOf(c)
			lang, _ := langOf(c)
			if u == nil {
				if c.Request().Method == http.MethodGet {
					return c.Redirect(http.StatusSeeOther, loginURL(c))
				}
				return echo.NewHTTPError(http.StatusForbidden, tr(lang, "staff.need_login"))
			}
			if !u.Can(role) {
				return echo.NewHTTPError(http.StatusForbidden, tr(lang, "staff.need_"+role))
			}
			return next(c)
		}
	}
}

// requireLoginToRead closes every page but the login page, static files and /healthz to
// anonymous visitors when the server runs with --require-login.
func (s *Server) requireLoginToRead(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if userOf(c) != nil || p == "/login" || p == "/healthz" || strings.HasPrefix(p, "/static/") {
			return next(c)
		}
		if strings.HasPrefix(p, "/api/") || c.Request().Method != http.MethodGet {
			lang, _ := langOf(c)
			return echo.NewHTTPError(http.StatusUnauthorized, tr(lang, "staff.need_viewer"))
		}
		return c.Redirect(http.StatusSeeOther, loginURL(c))
	}
}

func loginURL(c echo.Context) string {
	return "/login?next=" + url.QueryEscape(c.Request().URL.RequestURI())
}

// forbidRegion is the 403 of an editor touching a place outside their regions.
func forbidRegion(c echo.Context, region string) error {
	lang, _ := langOf(c)
	return echo.NewHTTPError(http.StatusForbidden, tr(lang, "staff.region_forbidden"))
}
