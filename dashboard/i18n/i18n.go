// Package i18n chooses a reader's language and holds the UI's messages: one text per language
// and key, with arguments, rather than "中文 / English" pairs built in Go (as Miniflux and
// GoatCounter do it). Chinese first: it is the default and the fallback.
package i18n

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/language"
)

// The languages of the UI.
const (
	Zh = "zh"
	En = "en"
)

// Known says whether lang is a language of the UI.
func Known(lang string) bool { return lang == Zh || lang == En }

var matcher = language.NewMatcher([]language.Tag{language.Chinese, language.English})

// FromAcceptLanguage picks the UI language an Accept-Language header prefers, by its q-values
// ("en;q=0.9, zh;q=0.8" is English; "fr, en;q=0.5" is English; "fr" alone is Chinese).
func FromAcceptLanguage(header string) string {
	tags, qs, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return Zh
	}
	// Drop what the reader refuses (q=0) and any language we lack, so the matcher's
	// fallback (Chinese) is never mistaken for a preference.
	var want []language.Tag
	for i, t := range tags {
		if qs[i] <= 0 {
			continue
		}
		if base, _ := t.Base(); base.String() == Zh || base.String() == En {
			want = append(want, t)
		}
	}
	if len(want) == 0 {
		return Zh
	}
	_, i, _ := matcher.Match(want...)
	if i == 1 {
		return En
	}
	return Zh
}

// Resolve chooses the language of a request: the lang parameter, then the language cookie, then
// Accept-Language; Chinese otherwise. bad is true when the parameter names a language we lack.
func Resolve(param, cookie, acceptLanguage string) (lang string, bad bool) {
	switch {
	case param != "":
		if Known(param) {
			return param, false
		}
		return Zh, true
	case Known(cookie):
		return cookie, false
	}
	return FromAcceptLanguage(acceptLanguage), false
}

// Catalog holds every message of the UI by language and key.
type Catalog struct {
	texts map[string]map[string]string // lang → key → text
}

// NewCatalog builds a catalog from one map of key → text per language. A key defined twice in a
// language is a programming error.
func NewCatalog(byLang map[string][]map[string]string) *Catalog {
	c := &Catalog{texts: map[string]map[string]string{}}
	for lang, maps := range byLang {
		out := map[string]string{}
		for _, m := range maps {
			for k, v := range m {
				if _, dup := out[k]; dup {
					panic("i18n: message " + k + " defined twice in " + lang)
				}
				out[k] = v
			}
		}
		c.texts[lang] = out
	}
	return c
}

// Has says whether the catalog knows key in Chinese (every key's first language).
func (c *Catalog) Has(key string) bool {
	_, ok := c.texts[Zh][key]
	return ok
}

// T is the message key in lang, its arguments put in by fmt verbs (%[1]d). A key missing in
// English falls back to Chinese; a key missing everywhere shows itself in brackets.
func (c *Catalog) T(lang, key string, args ...any) string {
	text, ok := c.texts[lang][key]
	if !ok {
		if text, ok = c.texts[Zh][key]; !ok {
			return "[" + key + "]"
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(text, args...)
	}
	return text
}

// Missing lists the keys a language lacks that Chinese has, for a test.
func (c *Catalog) Missing(lang string) []string {
	var out []string
	for k := range c.texts[Zh] {
		if _, ok := c.texts[lang][k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// Pick chooses the Chinese or English text of a record in lang, falling back to the other when
// one is empty.
func Pick(lang, zh, en string) string {
	if lang == En && en != "" || zh == "" {
		return en
	}
	return zh
}

// Half is the lang half of a "中文 / English" message, as the data package still writes its
// refusals: a Chinese page shows the Chinese, an English page the English. The pair splits at
// the first "/ " with Chinese before it and English (starting in ASCII) after it; a message that
// is not such a pair stays whole.
func Half(lang, msg string) string {
	for i := 0; i < len(msg); {
		j := strings.Index(msg[i:], "/ ")
		if j < 0 {
			return msg
		}
		cut := i + j
		zh, en := strings.TrimSpace(msg[:cut]), strings.TrimSpace(msg[cut+2:])
		if hasHan(zh) && en != "" && en[0] < 0x80 {
			if lang == En {
				return en
			}
			return zh
		}
		i = cut + 2
	}
	return msg
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// Default is the catalog of the dashboard's messages.
var Default = NewCatalog(map[string][]map[string]string{Zh: {zhStaff, zhPages}, En: {enStaff, enPages}})
