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
)

// CheckText says why s cannot be kept as free text of at most max characters, or "": it must
// be valid UTF-8 without control characters (a note may have line breaks and tabs). SQL or HTML
// in it is fine: it is stored as typed and escaped wherever it is shown.
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
