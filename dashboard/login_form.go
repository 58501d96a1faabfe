package dashboard

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

type loginPage struct {
	Page
	Username string
	Next     string
	Error    string
}

// loginForm is GET /login.
func (s *Server) loginForm(c echo.Context) error {
	lang, _ := langOf(c)
	p := loginPage{Page: s.newPage(c, lang, tr(lang, "staff.login")), Next: safeNext(c.QueryParam("next"))}
	p.CSRF = csrfToken(c)
	return s.okPage(c, "login", p)
}

// safeNext keeps a redirect target on this site: a path with no scheme, no host, no control
// character and no backslash (browsers read "/\host" and "/\t/host" as another site). Anything
// else is dropped, and the login goes to the default page.
func safeNext(next string) string {
	if next == "" || strings.ContainsRune(next, '\\') || strings.ContainsFunc(next, unicode.IsControl) {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") ||
		strings.ContainsRune(u.Path, '\\') || strings.ContainsFunc(u.Path, unicode.IsControl) {
		return ""
	}
	return u.String()
}

// loginSubmit is POST /login: throttled, then a new server-side session in an HttpOnly cookie.
func (s *Server) loginSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	name, password := strings.TrimSpace(c.FormValue("username")), c.FormValue("password")
	p := loginPage{Page: s.newPage(c, lang, tr(lang, "staff.login")), Username: name, Next: safeNext(c.FormValue("next"))}
	p.CSRF = csrfToken(c)
	addr := c.RealIP()
	locked, wait, err := s.throttle.locked(ctx, addr, name)
	if err != nil {
		return err
	}
	if locked {
		s.log.Warn("login locked", s.throttle.typedName(name), "addr", addr)
		p.Error = tr(lang, "staff.login_locked", int(math.Ceil(wait.Minutes())))
		return s.render(c, http.StatusTooManyRequests, "login", p)
	}
	d, err := s.throttle.accountDelay(ctx, name)
	if err != nil {
		return err
	}
	if d > 0 {
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	u, err := s.store.Authenticate(ctx, name, password)
	if errors.Is(err, data.ErrBadLogin) {
		if err := s.throttle.fail(ctx, addr, name); err != nil {
			return err
		}
		s.log.Info("login failed", s.throttle.typedName(name), "addr", addr)
		p.Error = tr(lang, "staff.login_failed")
		return s.render(c, http.StatusUnauthorized, "login", p)
	}
	if err != nil {
		return err
	}
	if err := s.throttle.succeed(ctx, addr, name); err != nil {
		return err
	}
	if old, err := c.Cookie(sessionCookie); err == nil {
		s.store.EndSession(ctx, old.Value)
	}
	sess, err := s.store.CreateSession(ctx, u, addr)
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, sess.Token, int(data.SessionTTL.Seconds()))
	s.log.Info("login", "user", u.Name, "addr", addr)
	next := p.Next
	if next == "" {
		next = "/"
		if u.Can(data.RoleEditor) {
			next = "/edit/"
		}
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// logout is POST /logout: the session row goes, so the cookie is worthless at once.
func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.store.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	s.setCookie(c, sessionCookie, "", -1)
	setFlash(c, "staff.flash.logged_out")
	return c.Redirect(http.StatusSeeOther, "/")
}
