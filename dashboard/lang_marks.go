package dashboard

import "unicode"

// textLang is "zh" when text has Han characters, else "". Pages mark such text (sources, notes,
// names staff typed) with lang="zh" so that an English page's screen reader and fonts treat it
// as Chinese; on a Chinese page the mark only repeats the page's language.
func textLang(text string) string {
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return "zh"
		}
	}
	return ""
}
