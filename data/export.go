package data

import (
	"context"
	"fmt"
	"io"
	"strconv"
)

// exportColumns are the columns `pjsx export` writes: exactly those the staff import reads, so an
// export imports back into the same figures.
var exportColumns = []string{"metric", "region", "period", "value", "qualifier", "source", "note"}

// Export formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// CurrentFigures lists every current figure (the newest revision, not deleted) of every metric, in
// catalog order, then region order with the joint figure last, then period.
func (s *Store) CurrentFigures(ctx context.Context) ([]Observation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+observationColumns+`
		FROM current_figures c
		JOIN observations o ON o.id = c.observation_id
		JOIN metrics m ON m.code = c.metric
		LEFT JOIN regions r ON r.code = o.region
		WHERE c.deleted = 0
		ORDER BY m.sort, m.code, coalesce(r.sort, 1 << 30), c.period, c.granularity`)
	if err != nil {
		return nil, fmt.Errorf("data.CurrentFigures: %w", err)
	}
	return scanObservations(rows, "data.CurrentFigures")
}

// ExportFigures writes every current figure as a CSV (UTF-8 with BOM) or XLSX file that the staff
// import reads back unchanged; the XLSX file carries the metric catalog in a second sheet (for a
// CSV file, ExportCatalog writes it). It returns how many figures it wrote.
func (s *Store) ExportFigures(ctx context.Context, w io.Writer, format string) (int, error) {
	if format != FormatCSV && format != FormatXLSX {
		return 0, &ValidationError{Fields: map[string]string{"format": "must be csv or xlsx"}}
	}
	obs, err := s.CurrentFigures(ctx)
	if err != nil {
		return 0, err
	}
	t := Table{Sheet: "figures", Header: exportColumns, Widths: []float64{30, 10, 10, 12, 12, 60, 30}}
	for _, o := range obs {
		t.Rows = append(t.Rows, []any{o.Metric, o.Region, FormatPeriod(o.Period, o.Granularity), o.Value, o.Qualifier, o.Source, o.Note})
	}
	if format == FormatXLSX {
		metrics, err := s.Metrics(ctx)
		if err != nil {
			return 0, err
		}
		err = WriteXLSX(w, t, catalogTable(metrics))
		if err != nil {
			return 0, fmt.Errorf("data.ExportFigures: %w", err)
		}
	} else {
		err = WriteCSV(w, t, false)
	}
	if err != nil {
		return 0, fmt.Errorf("data.ExportFigures: %w", err)
	}
	return len(obs), nil
}

// FormatNumber writes a figure as a plain number, as many digits as it has and no grouping, so a
// spreadsheet or the import reads it back exactly.
func FormatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
