package data

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Longest free text a form keeps, in characters.
const (
	MaxSourceLen = 1000
	MaxNoteLen   = 2000
	MaxTitleLen  = 300
	// The metric catalog goes into every page and every /api/v1/metrics answer: short names.
	MaxMetricNameLen        = 100
	MaxUnitLen              = 40
	MaxMetricDescriptionLen = 2000
)

// CheckText says why s cannot be kept as free text of at most max characters, or "": it must
// be valid UTF-8 without control characters (a note may have line breaks and tabs) and without
// bidirectional overrides, which make text display in another order than it is stored (a
// source that reads one way and says another). SQL or HTML in it is fine: it is stored as typed
// and escaped wherever it is shown.
func CheckText(s string, max int, multiline bool) string {
	if !utf8.ValidString(s) {
		return "含有无效字符(不是有效的 UTF-8 文本)/ contains invalid characters (not valid UTF-8 text)"
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("太长:最多 %d 个字符,现有 %d 个 / too long: at most %d characters, this has %d", max, n, max, n)
	}
	if strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t'))
	}) {
		return "含有控制字符 / contains control characters"
	}
	if strings.ContainsFunc(s, isBidiControl) {
		return "含有改变文字方向的隐藏字符(U+202A–U+202E、U+2066–U+2069)/ contains hidden characters that change the direction of text (U+202A–U+202E, U+2066–U+2069)"
	}
	return ""
}

// isBidiControl is an embedding, override or isolate of the Unicode bidirectional algorithm.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// CheckPercentSign refuses a value typed with a percent sign for a metric that is not a percent:
// "8%" for a count of bus lines is a mistake, not 8.
func CheckPercentSign(raw, kind string) string {
	if kind != KindPercent && strings.HasSuffix(strings.TrimSpace(FoldWidth(raw)), "%") {
		return "该指标不是百分比,数值不能带 % / this metric is not a percent: write the value without %"
	}
	return ""
}

// NormalizeNewlines turns CRLF (as browsers send a textarea) and lone CR into LF, so a note
// reads the same after export and import, whatever sent it.
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
