package dashboard

import (
	"pjsx/dashboard/i18n"

	"github.com/labstack/echo/v4"
)

// Languages of the UI: Chinese first, English second.
const (
	langZh = i18n.Zh
	langEn = i18n.En
)

// tr translates key into lang, with its arguments if it takes any.
func tr(lang, key string, args ...any) string {
	return i18n.Default.T(lang, key, args...)
}

// pick returns the text of a zh/en pair in lang, falling back to the other when one is empty.
func pick(lang, zh, en string) string { return i18n.Pick(lang, zh, en) }

// hasMessage says whether key has a text (a flash cookie may name only a real message).
func hasMessage(key string) bool {
	return i18n.Default.Has(key)
}

// langCookie remembers the language a reader chose with ?lang= on a page.
const langCookie = "lang"

// rememberLang keeps a ?lang= choice in the language cookie. Only pages call it: a download with
// lang=en gives an English file without changing the reader's pages.
func rememberLang(c echo.Context) {
	if q := c.QueryParam("lang"); q == langZh || q == langEn {
		if ck, err := c.Cookie(langCookie); err == nil && ck.Value == q {
			return
		}
		setCookie(c, langCookie, q, 365*24*3600)
	}
}

// langOf chooses the page language: ?lang=, then the cookie, then Accept-Language by its
// q-values; Chinese otherwise. It returns an error message when ?lang= names a language we do
// not have.
func langOf(c echo.Context) (string, string) {
	cookie := ""
	if ck, err := c.Cookie(langCookie); err == nil {
		cookie = ck.Value
	}
	lang, bad := i18n.Resolve(c.QueryParam("lang"), cookie, c.Request().Header.Get("Accept-Language"))
	if bad {
		return lang, "lang: must be zh or en"
	}
	return lang, ""
}
