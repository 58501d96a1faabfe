package dashboard

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// importCommit is POST /edit/import/commit with field draft: every row of the previewed file in
// one transaction, or none.
func (s *Server) importCommit(c echo.Context) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	sess := sessionOf(c)
	id := c.FormValue("draft")
	name, file, err := s.store.ImportDraft(ctx, sess.Hash, id)
	if errors.Is(err, data.ErrNotFound) {
		return s.renderImport(c, http.StatusUnprocessableEntity, importPage{Error: tr(lang, "staff.import_expired")})
	}
	if err != nil {
		return err
	}
	rep, err := s.store.ImportWithCatalog(ctx, s.staffActor(c), file, sess.User.CanEdit, sess.User.Can(data.RoleAdmin), true)
	if errors.Is(err, data.ErrImportRefused) {
		return s.renderImport(c, http.StatusUnprocessableEntity, importPage{FileName: name, Report: &rep})
	}
	if err != nil {
		return err
	}
	if err := s.store.DropImportDraft(ctx, id); err != nil {
		s.log.Warn("dropping an import draft", "err", err)
	}
	s.log.Info("import", "user", sess.User.Name, "file", name, "new_metrics", rep.NewMetrics, "new", rep.New, "changed", rep.Changed, "unchanged", rep.Unchanged)
	setFlash(c, s.savedFlash(c, "staff.flash.imported"))
	return c.Redirect(http.StatusSeeOther, s.savedTo(c, "/edit/import"))
}

// importTemplateCSV is GET /edit/import/template.csv.
func (s *Server) importTemplateCSV(c echo.Context) error {
	var buf bytes.Buffer
	if err := data.WriteImportTemplateCSV(&buf); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="pjsx-import-template.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// importTemplateXLSX is GET /edit/import/template.xlsx.
func (s *Server) importTemplateXLSX(c echo.Context) error {
	var buf bytes.Buffer
	if err := s.store.WriteImportTemplateXLSX(c.Request().Context(), &buf); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="pjsx-import-template.xlsx"`)
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}
