package dashboard

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

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
	History string
}

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
	for _, e := range entries {
		p.Entries = append(p.Entries, auditRow{AuditEntry: e, History: figureHistoryLink(e)})
	}
	if len(entries) == auditPageSize {
		p.Older = "/admin/audit?before=" + strconv.FormatInt(entries[len(entries)-1].ID, 10)
	}
	return s.okPage(c, "audit", p)
}
