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

// dataExport is GET /data/{name}.csv|.xlsx: the figures of one chart of the pages (its view and
// filters as in the query), one row per figure with its unit and source.
func (s *Server) dataExport(c echo.Context) error {
	req, format, err := s.parseFileRequest(c, formatCSV, formatXLSX)
	if err != nil {
		return err
	}
	code := req.Metric
	ctx := c.Request().Context()
	t, err := s.chartTable(ctx, req)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == formatXLSX {
		ctype = xlsxType
		var meta data.Table
		if meta, err = s.store.MetricMetadataTable(ctx, []string{code}); err == nil {
			err = data.WriteXLSX(&buf, t, meta) // the figures, then what the metric means
		}
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

// appendChartRows adds the figures of one chart to t, each with its metric, region, unit and
// source; a demo database marks every row.
func (s *Server) appendChartRows(ctx context.Context, req chartRequest, t *data.Table) error {
	nc, err := s.namedChart(ctx, req)
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
	for _, cg := range nc.Data {
		m, g := cg.Metric, cg.Group
		for _, o := range g.Obs {
			// The value as the chart's table shows it, rounded to the metric's decimals.
			value, err := strconv.ParseFloat(strings.ReplaceAll(formatValue(o.Value, m.Decimals), ",", ""), 64)
			if err != nil {
				return fmt.Errorf("dashboard: value %v of %s: %w", o.Value, m.Code, err)
			}
			cells := []any{m.Code, pick(req.Lang, m.NameZh, m.NameEn), g.Region, regionName(g.Region, regions, req.Lang),
				data.FormatPeriod(o.Period, o.Granularity), value, pick(req.Lang, m.UnitZh, m.UnitEn), o.Source, o.Note}
			if demo {
				cells = append(cells, tr(req.Lang, "export.demo"))
			}
			t.Rows = append(t.Rows, cells)
		}
	}
	return nil
}
