package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// Data download formats.
const (
	formatCSV  = data.FormatCSV
	formatXLSX = data.FormatXLSX
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// dataExport is GET /data/{code}.csv|.xlsx: the numbers of the page's chart of one metric, with
// the page's filters, one row per figure with its unit and source.
func (s *Server) dataExport(c echo.Context) error {
	code, format, err := splitFile(c.Param("file"), formatCSV, formatXLSX)
	if err != nil {
		return err
	}
	req, err := s.parseChartRequest(c)
	if err != nil {
		return err
	}
	req.Metric = code
	ctx := c.Request().Context()
	t, err := s.chartTable(ctx, req)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == formatXLSX {
		ctype = xlsxType
		err = data.WriteXLSX(&buf, t)
	} else {
		err = data.WriteCSV(&buf, t, true)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition",
		fmt.Sprintf(`attachment; filename="%s.%s"`, safeFileName(code), format))
	return c.Blob(http.StatusOK, ctype, buf.Bytes())
}

// chartTable is the table of a chart request, built from the very chart the page draws (its
// table rows), so a download never disagrees with the page.
func (s *Server) chartTable(ctx context.Context, req chartRequest) (data.Table, error) {
	t := dataTable(req.Lang)
	if err := s.appendChartRows(ctx, req, &t); err != nil {
		return t, err
	}
	return t, nil
}

// dataTable is an empty table with the download columns in the request's language.
func dataTable(lang string) data.Table {
	return data.Table{
		Sheet: tr(lang, "export.sheet"),
		Header: []string{tr(lang, "export.metric"), tr(lang, "export.metric_name"), tr(lang, "export.region_code"),
			tr(lang, "export.region_name"), tr(lang, "export.period"), tr(lang, "export.value"), tr(lang, "export.unit"),
			tr(lang, "export.source"), tr(lang, "export.note")},
		Widths: []float64{28, 24, 10, 14, 10, 12, 8, 60, 30},
	}
}

// appendChartRows adds the rows of one metric's chart to t; a demo database marks every row.
func (s *Server) appendChartRows(ctx context.Context, req chartRequest, t *data.Table) error {
	m, spec, err := s.metricChart(ctx, req)
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	demo, err := s.store.IsDemo(ctx)
	if err != nil {
		return err
	}
	if demo && !strings.HasSuffix(t.Header[len(t.Header)-1], tr(req.Lang, "export.demo")) {
		t.Header = append(t.Header, tr(req.Lang, "export.demo"))
	}
	codeOf := map[string]string{regionName("", regions, req.Lang): ""}
	for _, r := range regions {
		codeOf[regionName(r.Code, regions, req.Lang)] = r.Code
	}
	for _, row := range spec.Table {
		value, err := strconv.ParseFloat(strings.ReplaceAll(row.Value, ",", ""), 64)
		if err != nil {
			return fmt.Errorf("dashboard: table value %q of %s: %w", row.Value, m.Code, err)
		}
		cells := []any{m.Code, spec.Title, codeOf[row.Region], row.Region, row.Period, value, spec.Unit, row.Source, row.Note}
		if demo {
			cells = append(cells, tr(req.Lang, "export.demo"))
		}
		t.Rows = append(t.Rows, cells)
	}
	return nil
}
