package dashboard

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

const auditPageSize = 100

type auditPage struct {
	Page
	Entries []auditRow
	Older   string // link to the next, older page
}

// auditRow is an entry with a link to the history of the figure it changed, if it changed one.
type auditRow struct {
	data.AuditEntry
	When          string // local time in Asia/Shanghai, to the minute
	Before, After string // what the entry changed, in words where it is a figure or milestone
	History       string
}

// auditSide is one side of an audit entry for the page: in words, and as stored.
type auditSide struct{ Words, Stored string }

// figureHistoryLink is the history page of the figure an audit entry changed: any revision of a
// figure leads to its whole history, so the revision the entry wrote (or, for a delete, the one
// it deleted) will do.
func figureHistoryLink(e data.AuditEntry) string {
	if !strings.HasPrefix(e.Target, "figure:") {
		return ""
	}
	for _, side := range []string{e.After, e.Before} {
		var rev struct {
			ID int64 `json:"id"`
		}
		if json.Unmarshal([]byte(side), &rev) == nil && rev.ID > 0 {
			return "/edit/figures/" + strconv.FormatInt(rev.ID, 10) + "/history"
		}
	}
	return ""
}

// auditList is GET /admin/audit?before=ID: every change, newest first, a page at a time.
func (s *Server) auditList(c echo.Context) error {
	lang, _ := langOf(c)
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	entries, err := s.store.AuditLog(c.Request().Context(), before, auditPageSize)
	if err != nil {
		return err
	}
	p := auditPage{Page: s.newPage(c, lang, tr(lang, "staff.audit"))}
	metrics, err := s.metricLookup(c.Request().Context(), "")
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(c.Request().Context())
	if err != nil {
		return err
	}
	words := func(side string) string { return auditWords(side, lang, metrics, regions) }
	for _, e := range entries {
		p.Entries = append(p.Entries, auditRow{AuditEntry: e, When: shortTime(e.At), Before: words(e.Before),
			After: words(e.After), History: figureHistoryLink(e)})
	}
	if len(entries) == auditPageSize {
		p.Older = "/admin/audit?before=" + strconv.FormatInt(entries[len(entries)-1].ID, 10)
	}
	return s.okPage(c, "audit", p)
}

// auditWords says one side of a change as a reader would: a figure as "metric · place · period:
// value (source)", a milestone as "date title"; anything else as the JSON it was stored as.
func auditWords(side, lang string, metric func(string) (data.Metric, bool), regions []data.Region) string {
	var rec struct {
		Metric, Region, Period, Granularity, Source, Qualifier string
		Value                                                  *float64
		Deleted                                                bool
		Date, Precision                                        string
		TitleZh                                                string `json:"title_zh"`
		TitleEn                                                string `json:"title_en"`
	}
	if side == "" || json.Unmarshal([]byte(side), &rec) != nil {
		return side
	}
	switch {
	case rec.Metric != "" && rec.Value != nil:
		name := rec.Metric
		if m, ok := metric(rec.Metric); ok {
			name = pick(lang, m.NameZh, m.NameEn)
		}
		text := name + " · " + chart.RegionName(rec.Region, regions, lang) + " · " +
			data.FormatPeriod(rec.Period, rec.Granularity) + ": " +
			chart.Qualified(chart.Point{Text: chart.FigureText(*rec.Value), LowerBound: rec.Qualifier == data.QualifierLowerBound,
				Approximate: rec.Qualifier == data.QualifierApprox}, lang)
		if rec.Deleted {
			text += " (" + tr(lang, "staff.deleted") + ")"
		}
		if rec.Source != "" {
			text += " · " + rec.Source
		}
		return text
	case rec.Date != "" && (rec.TitleZh != "" || rec.TitleEn != ""):
		return data.FormatPeriod(rec.Date, rec.Precision) + " " + pick(lang, rec.TitleZh, rec.TitleEn)
	}
	return side
}
