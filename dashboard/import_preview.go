package dashboard

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// importPreviewRows bounds the good rows the preview lists; the counts cover every row.
const importPreviewRows = 500

type importPage struct {
	Page
	FileName string
	Error    string
	Report   *data.ImportReport
	Lines    []data.ImportLine
	Hidden   int
	Skipped  []string // sheets of an XLSX file without a header row, so not read
	DraftID  string
	MaxRows  int
	MaxMB    int
}

// importForm is GET /edit/import: the upload form and the template downloads.
func (s *Server) importForm(c echo.Context) error {
	return s.renderImport(c, http.StatusOK, importPage{})
}

func (s *Server) renderImport(c echo.Context, status int, p importPage) error {
	lang, _ := langOf(c)
	p.Page = s.newPage(c, lang, tr(lang, "staff.import"))
	p.MaxRows, p.MaxMB = data.MaxImportRows, data.MaxImportBytes>>20
	if p.Report != nil {
		p.Lines = p.Report.Lines
		if len(p.Lines) > importPreviewRows {
			p.Lines, p.Hidden = p.Lines[:importPreviewRows], len(p.Lines)-importPreviewRows
		}
	}
	return s.render(c, status, "import_form", p)
}

// importPreview is POST /edit/import: a dry run that shows every row's fate and every bad row's
// number, column and reason. The rows wait in a draft for the commit.
func (s *Server) importPreview(c echo.Context) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	fh, err := c.FormFile("file")
	if err != nil {
		return s.renderImport(c, http.StatusUnprocessableEntity, importPage{Error: tr(lang, "staff.import_nofile")})
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, data.MaxImportBytes+1))
	if err != nil {
		return err
	}
	p := importPage{FileName: fh.Filename}
	file, err := data.ParseImport(fh.Filename, body)
	p.Skipped = file.SkippedSheets
	var ferr *data.ImportFileError
	if errors.As(err, &ferr) {
		p.Error = ferr.Msg
		return s.renderImport(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	u := userOf(c)
	rep, err := s.store.ImportWithCatalog(ctx, actorOf(c), file, u.CanEdit, u.Can(data.RoleAdmin), false)
	if err != nil {
		return err
	}
	p.Report = &rep
	status := http.StatusOK
	if len(rep.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	} else if p.DraftID, err = s.store.SaveImportDraft(ctx, sessionOf(c).Hash, fh.Filename, file); err != nil {
		return err
	}
	return s.renderImport(c, status, p)
}
