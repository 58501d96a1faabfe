package data

import (
	"net/url"
	"strings"
)

// Citation is where a figure or milestone was reported: the outlet, the article's title and its
// publication date, and an address only where it is the outlet's own site. A report whose outlet
// is not named keeps Outlet empty; the source text (Observation.Source) says so in words.
type Citation struct {
	Outlet string `json:"outlet,omitempty"`
	Title  string `json:"title,omitempty"`
	Date   string `json:"date,omitempty"` // publication date: YYYY, YYYY-MM or YYYY-MM-DD
	URL    string `json:"url,omitempty"`
}

// IsZero reports whether nothing of the citation is known (figures staff typed as plain text).
func (c Citation) IsZero() bool { return c == Citation{} }

// Text is the citation as one line, Chinese style: 北京青年报《平谷线……》2024-02-22.
func (c Citation) Text() string {
	var b strings.Builder
	b.WriteString(c.Outlet)
	if c.Title != "" {
		b.WriteString("《" + c.Title + "》")
	}
	if c.Date != "" {
		if b.Len() > 0 {
			b.WriteString(",")
		}
		b.WriteString(c.Date)
	}
	return b.String()
}

// citationRules checks a citation's date and address; an empty citation passes.
func citationRules(c Citation, verr *ValidationError) {
	if c.Date != "" {
		if _, gran, err := ParsePeriod(c.Date); err != nil || gran == Quarter {
			verr.Add("source_date", "发布日期应写作 YYYY、YYYY-MM 或 YYYY-MM-DD / write the publication date as YYYY, YYYY-MM or YYYY-MM-DD")
		}
	}
	if c.URL != "" {
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			verr.Add("source_url", "网址须以 http:// 或 https:// 开头 / the address must start with http:// or https://")
		}
	}
	for field, text := range map[string]string{"source_outlet": c.Outlet, "source_title": c.Title, "source_url": c.URL} {
		if msg := CheckText(text, MaxSourceLen, false); msg != "" {
			verr.Add(field, msg)
		}
	}
}
