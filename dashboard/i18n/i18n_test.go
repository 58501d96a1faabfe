package i18n

import (
	"slices"
	"strings"
	"testing"
)

func TestFromAcceptLanguageFollowsQValues(t *testing.T) {
	for header, want := range map[string]string{
		"":                                Zh,
		"en":                              En,
		"en-US,en;q=0.9":                  En,
		"zh-CN,zh;q=0.9,en;q=0.8":         Zh,
		"en;q=0.5, zh;q=0.9":              Zh, // order is not preference: q is
		"zh;q=0.4, en;q=0.8":              En,
		"fr-FR, fr;q=0.9, en;q=0.5":       En, // French first, but of ours English
		"fr":                              Zh,
		"zh-TW":                           Zh,
		"en;q=0, zh;q=0.1":                Zh,
		"de;q=0.9, en-GB;q=0.8, zh;q=0.7": En,
		"garbage;;q=x":                    Zh,
	} {
		if got := FromAcceptLanguage(header); got != want {
			t.Errorf("Accept-Language %q: %s, want %s", header, got, want)
		}
	}
}

func TestResolveOrder(t *testing.T) {
	cases := []struct {
		param, cookie, accept, want string
		bad                         bool
	}{
		{"en", "zh", "zh", En, false},
		{"", "en", "zh", En, false},
		{"", "", "en", En, false},
		{"fr", "en", "en", Zh, true},
		{"", "fr", "en;q=0.9", En, false},
	}
	for _, c := range cases {
		if got, bad := Resolve(c.param, c.cookie, c.accept); got != c.want || bad != c.bad {
			t.Errorf("Resolve(%q, %q, %q) = %s %v", c.param, c.cookie, c.accept, got, bad)
		}
	}
}

func TestMessagesHaveBothLanguagesAndNoPairs(t *testing.T) {
	if m := Default.Missing(En); len(m) > 0 {
		slices.Sort(m)
		t.Errorf("keys without English: %v", m)
	}
	for key, text := range Default.texts[En] {
		if hasHan(text) && !strings.Contains(key, "lang.switch") {
			t.Errorf("%s: the English text has Chinese in it: %q", key, text)
		}
		if _, ok := Default.texts[Zh][key]; !ok {
			t.Errorf("%s: English only", key)
		}
	}
	for key, text := range Default.texts[Zh] {
		if strings.Contains(text, " / ") {
			t.Errorf("%s: a pair, not one language: %q", key, text)
		}
	}
	if got := Default.T(En, "staff.login_locked", 15); !strings.Contains(got, "15 minutes") {
		t.Errorf("arguments: %q", got)
	}
	if got := Default.T(Zh, "no.such.key"); got != "[no.such.key]" {
		t.Errorf("a missing key shows %q", got)
	}
}

func TestHalfOfAPair(t *testing.T) {
	for _, c := range []struct{ msg, zh, en string }{
		{"数值为必填项 / a value is required", "数值为必填项", "a value is required"},
		{"上传内容过大(上限 32 MB)/ the upload is too large", "上传内容过大(上限 32 MB)", "the upload is too large"},
		{"未知列“colour”(可用列:a、b)/ unknown column \"colour\" (columns: a, b)", "未知列“colour”(可用列:a、b)", "unknown column \"colour\" (columns: a, b)"},
		{"just English", "just English", "just English"},
		{"数值/value 有误", "数值/value 有误", "数值/value 有误"},
	} {
		if got := Half(Zh, c.msg); got != c.zh {
			t.Errorf("Half(zh, %q) = %q", c.msg, got)
		}
		if got := Half(En, c.msg); got != c.en {
			t.Errorf("Half(en, %q) = %q", c.msg, got)
		}
	}
}
