package dashboard

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// Data download formats.
const (
	formatCSV  = data.FormatCSV
	formatXLSX = data.FormatXLSX
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// dataExport is GET /data/{name}.csv|.xlsx: the figures of one chart of the pages (its view and
// filters as in the query), one row per figure with its unit and source, values in full.
func (s *Server) dataExport(c echo.Context) error {
	req, format, err := s.parseFileRequest(c, formatCSV, formatXLSX)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.chartModel(ctx, req)
	if err != nil {
		return err
	}
	demo, err := s.store.IsDemo(ctx)
	if err != nil {
		return err
	}
	t := dataTable(req.Lang)
	appendChartRows(&t, m, demo)
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == formatXLSX {
		ctype = xlsxType
		var metric func(string) (data.Metric, bool)
		if metric, err = s.metricLookup(ctx, req.AsOf); err != nil {
			return err
		}
		var meta data.Table
		if meta, err = s.store.MetricMetadataTable(ctx, m.MetricCodes(), req.AsOf); err == nil {
			// the figures, what the metric means, and where this file came from
			err = data.WriteXLSX(&buf, t, meta, s.provenanceSheet(req.Lang, []chart.Model{m}, metric))
		}
	} else {
		err = data.WriteCSV(&buf, t, true)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition",
		fmt.Sprintf(`attachment; filename="%s.%s"`, safeFileName(req.Chart), format))
	return c.Blob(http.StatusOK, ctype, buf.Bytes())
}

// dataTable is an empty table with the download columns in the request's language.
func dataTable(lang string) data.Table {
	return data.Table{
		Sheet: tr(lang, "export.sheet"),
		Header: []string{tr(lang, "export.metric"), tr(lang, "export.metric_name"), tr(lang, "export.region_code"),
			tr(lang, "export.region_name"), tr(lang, "export.period"), tr(lang, "export.value"), tr(lang, "export.qualifier"),
			tr(lang, "export.unit"), tr(lang, "export.source"), tr(lang, "export.note")},
		Widths: []float64{28, 24, 10, 14, 10, 12, 10, 8, 60, 30},
	}
}

// appendChartRows adds the figures of one model to t, each with its metric, region, unit and
// source and its stored value in full; a partial period says so in a column of its own (added
// when the first one comes), and a demo database marks every row.
func appendChartRows(t *data.Table, m chart.Model, demo bool) {
	lang := m.Lang
	partialCol, demoCol := -1, -1
	for i, h := range t.Header {
		switch h {
		case tr(lang, "export.partial"):
			partialCol = i
		case tr(lang, "export.demo"):
			demoCol = i
		}
	}
	addColumn := func(name string) int {
		t.Header = append(t.Header, name)
		for i := range t.Rows {
			t.Rows[i] = append(t.Rows[i], "")
		}
		return len(t.Header) - 1
	}
	if demo && demoCol < 0 {
		demoCol = addColumn(tr(lang, "export.demo"))
	}
	for _, s := range m.Series {
		for _, p := range s.Figures() {
			if p.Partial && partialCol < 0 {
				partialCol = addColumn(tr(lang, "export.partial"))
			}
			cells := make([]any, len(t.Header))
			copy(cells, []any{s.Metric, s.MetricName, regionCodeOf(s.Region), s.RegionName, p.Label, p.Value,
				qualifierCell(p, lang), m.ValueUnit(), p.Source, p.Note}) // Value is stored, in its stored unit
			for i := 10; i < len(cells); i++ {
				cells[i] = ""
			}
			if p.Partial {
				cells[partialCol] = chart.Word(lang, "partial")
			}
			if demo {
				cells[demoCol] = tr(lang, "export.demo")
			}
			t.Rows = append(t.Rows, cells)
		}
	}
}

// regionCodeOf is a series' region as the import reads it: "" for the four together.
func regionCodeOf(code string) string {
	if code == jointCode {
		return ""
	}
	return code
}

// qualifierCell writes a figure's qualifier as the import reads it back: 以上 or 约 in Chinese,
// lower_bound or approx in English, empty when exact.
func qualifierCell(p chart.Point, lang string) string {
	switch {
	case p.LowerBound:
		return chart.Pick(lang, "以上", data.QualifierLowerBound)
	case p.Approximate:
		return chart.Pick(lang, "约", data.QualifierApprox)
	}
	return ""
}
