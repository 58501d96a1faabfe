package dashboard

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

const auditPageSize = 100

type auditPage struct {
	Page
	Entries []data.AuditEntry
	Older   string // link to the next, older page
}

// auditList is GET /admin/audit?before=ID: every change, newest first, a page at a time.
func (s *Server) auditList(c echo.Context) error {
	lang, _ := langOf(c)
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	entries, err := s.store.AuditLog(c.Request().Context(), before, auditPageSize)
	if err != nil {
		return err
	}
	p := auditPage{Page: s.newPage(c, lang, tr(lang, "staff.audit")), Entries: entries}
	if len(entries) == auditPageSize {
		p.Older = "/admin/audit?before=" + strconv.FormatInt(entries[len(entries)-1].ID, 10)
	}
	return s.okPage(c, "audit", p)
}
