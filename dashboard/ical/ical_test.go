package ical

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestFeedLinesAreFoldedCRLFAndUnfoldBack(t *testing.T) {
	long := strings.Repeat("平谷区跨省公交线路,", 12) + "; done\\"
	c := Calendar{ProdID: "-//pjsx//calendar//ZH", Name: "报送日历", Stamp: time.Date(2024, 5, 1, 2, 3, 4, 0, time.UTC),
		Events: []Event{{UID: "a@pjsx", Day: "2024-12-31", Summary: long, Description: "line1\nline2"}}}
	out := string(c.Bytes())
	if !strings.HasSuffix(out, "\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatalf("not CRLF throughout: %q", out)
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("a fold split a character: %q", l)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	wantLines := []string{"DTSTAMP:20240501T020304Z", "DTSTART;VALUE=DATE:20241231", "DTEND;VALUE=DATE:20250101",
		"SUMMARY:" + strings.ReplaceAll(strings.Repeat("平谷区跨省公交线路,", 12), ",", `\,`) + `\; done\\`,
		`DESCRIPTION:line1\nline2`}
	for _, w := range wantLines {
		if !strings.Contains(unfolded, "\r\n"+w+"\r\n") {
			t.Errorf("missing line %q in\n%s", w, unfolded)
		}
	}
}

func TestFoldKeepsShortLines(t *testing.T) {
	if got := fold(strings.Repeat("a", 75)); got != strings.Repeat("a", 75)+"\r\n" {
		t.Errorf("75 octets folded: %q", got)
	}
	if got := fold(strings.Repeat("a", 76)); got != strings.Repeat("a", 75)+"\r\n a\r\n" {
		t.Errorf("76 octets: %q", got)
	}
}
