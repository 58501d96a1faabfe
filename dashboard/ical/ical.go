// Package ical writes all-day events as an iCalendar feed (RFC 5545) that any calendar program
// can subscribe to: CRLF line endings, lines folded at 75 octets without splitting a character,
// text escaped. It writes only what the reporting calendar needs.
package ical

import (
	"strings"
	"time"
)

// Event is one all-day event.
type Event struct {
	UID         string // stable across feeds, so a calendar updates the event instead of adding one
	Day         string // YYYY-MM-DD
	Summary     string
	Description string
	URL         string
}

// Calendar is a feed: its name and events, and Stamp, the DTSTAMP of every event. Stamp comes from
// the data, not the clock, so the same data gives the same bytes.
type Calendar struct {
	ProdID string
	Name   string
	Stamp  time.Time
	Events []Event
}

// Bytes is the feed as a calendar program reads it.
func (c Calendar) Bytes() []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(fold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + text(c.ProdID))
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME:" + text(c.Name))
	}
	stamp := c.Stamp.UTC().Format("20060102T150405Z")
	for _, e := range c.Events {
		day, err := time.Parse(time.DateOnly, e.Day)
		if err != nil {
			continue
		}
		line("BEGIN:VEVENT")
		line("UID:" + text(e.UID))
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + day.Format("20060102"))
		line("DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY:" + text(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + text(e.Description))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
}

var escaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// text escapes a TEXT value (RFC 5545 3.3.11).
func text(s string) string { return escaper.Replace(s) }

// fold ends a content line with CRLF, breaking it into lines of at most 75 octets, each
// continuation starting with a space, never inside a UTF-8 sequence (RFC 5545 3.1).
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 { // s[cut] continues a character: cut before it
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
