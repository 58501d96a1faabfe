package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The metric catalog travels with `pjsx export`, so the export of a database whose admins added
// metrics imports into a fresh one: a sheet "metrics" in XLSX, a file NAME.metrics.csv beside a
// CSV. An admin's import (or the operator's `pjsx import`) creates the metrics the file carries
// and the database lacks; the dry run shows them.

// CatalogSheet is the name of the catalog's sheet in an exported XLSX file.
const CatalogSheet = "metrics"

// catalogColumns are the catalog's columns, as the admin form names its fields.
var catalogColumns = []string{"code", "category", "name_zh", "name_en", "unit_zh", "unit_en", "kind", "cumulative",
	"min", "max", "target", "target_date", "decimals", "description_zh", "description_en"}

// catalogTable is the catalog as a sheet.
func catalogTable(metrics []Metric) Table {
	t := Table{Sheet: CatalogSheet, Header: catalogColumns}
	num := func(v *float64) any {
		if v == nil {
			return ""
		}
		return *v
	}
	for _, m := range metrics {
		cum := ""
		if m.Cumulative {
			cum = "1"
		}
		t.Rows = append(t.Rows, []any{m.Code, m.Category, m.NameZh, m.NameEn, m.UnitZh, m.UnitEn, m.Kind, cum,
			num(m.Min), num(m.Max), num(m.Target), m.TargetDate, float64(m.Decimals), m.DescriptionZh, m.DescriptionEn})
	}
	return t
}

// ExportCatalog writes the metric catalog as CSV, the companion of a CSV export.
func (s *Store) ExportCatalog(ctx context.Context, w io.Writer) error {
	metrics, err := s.Metrics(ctx)
	if err != nil {
		return err
	}
	if err := WriteCSV(w, catalogTable(metrics), false); err != nil {
		return fmt.Errorf("data.ExportCatalog: %w", err)
	}
	return nil
}

// isCatalogHeader says whether a header row is the catalog's: it names a code and a Chinese name.
func isCatalogHeader(rec []string) bool {
	has := map[string]bool{}
	for _, h := range rec {
		has[strings.ToLower(cleanHeader(h))] = true
	}
	return has["code"] && has["name_zh"]
}

// ParseCatalog reads a catalog file or sheet (as ExportCatalog writes it).
func ParseCatalog(body []byte) ([]Metric, error) {
	text, err := decodeText(body)
	if err != nil {
		return nil, err
	}
	f, err := ParseImport("metrics.csv", []byte(text))
	if err != nil {
		return nil, err
	}
	return f.Metrics, nil
}

// catalogFromTable reads the catalog's rows; a cell it cannot read is a file error naming it.
func catalogFromTable(t table) ([]Metric, error) {
	head := -1
	for i, rec := range t.records {
		if !blank(rec) {
			head = i
			break
		}
	}
	if head < 0 || !isCatalogHeader(t.records[head]) {
		return nil, nil
	}
	cols := map[string]int{}
	for j, h := range t.records[head] {
		cols[strings.ToLower(cleanHeader(h))] = j
	}
	get := func(i int, col string) string {
		j, ok := cols[col]
		if !ok {
			return ""
		}
		return strings.TrimSpace(cell(t.records, i, j))
	}
	var out []Metric
	for i := head + 1; i < len(t.records); i++ {
		if blank(t.records[i]) {
			continue
		}
		zh, en := t.where(i)
		bad := func(col string) error {
			return fileErr("指标目录%s的“%s”无法读取 / the catalog's %s on %s cannot be read", zh, col, col, en)
		}
		m := Metric{Code: get(i, "code"), Category: get(i, "category"), NameZh: get(i, "name_zh"), NameEn: get(i, "name_en"),
			UnitZh: get(i, "unit_zh"), UnitEn: get(i, "unit_en"), Kind: get(i, "kind"), TargetDate: get(i, "target_date"),
			DescriptionZh: NormalizeNewlines(get(i, "description_zh")), DescriptionEn: NormalizeNewlines(get(i, "description_en"))}
		switch strings.ToLower(get(i, "cumulative")) {
		case "", "0", "false", "否":
		case "1", "true", "是":
			m.Cumulative = true
		default:
			return nil, bad("cumulative")
		}
		for _, f := range []struct {
			col string
			to  **float64
		}{{"min", &m.Min}, {"max", &m.Max}, {"target", &m.Target}} {
			if v := get(i, f.col); v != "" {
				x, msg := ParseValue(v)
				if msg != "" {
					return nil, bad(f.col)
				}
				*f.to = &x
			}
		}
		if d := get(i, "decimals"); d != "" {
			n, err := strconv.Atoi(d)
			if err != nil {
				return nil, bad("decimals")
			}
			m.Decimals = n
		}
		out = append(out, m)
	}
	return out, nil
}

// errDryRun rolls back an import that created metrics only to preview the rows that need them.
var errDryRun = errors.New("dry run")

// ImportWithCatalog is ImportFigures for a file that carries metrics. With createMetrics (an
// admin, or the operator on the host) the metrics the database lacks are added first, in the
// same transaction as the figures, and the report names them; a dry run adds them only to check
// the rows and rolls back. Without createMetrics the catalog is ignored and rows of unknown
// metrics are refused as always.
func (s *Store) ImportWithCatalog(ctx context.Context, a Actor, f ImportFile, canEdit func(region string) bool, createMetrics, commit bool) (ImportReport, error) {
	missing, err := s.missingMetrics(ctx, f.Metrics)
	if err != nil {
		return ImportReport{}, err
	}
	if !createMetrics || len(missing) == 0 {
		return s.ImportFigures(ctx, a, f.Rows, canEdit, commit)
	}
	var rep ImportReport
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		for _, m := range missing {
			if err := addMetricTx(ctx, tx, a, m, true); err != nil {
				var verr *ValidationError
				if errors.As(err, &verr) {
					for field, msg := range verr.Fields {
						rep.Problems = append(rep.Problems, ImportProblem{Sheet: CatalogSheet, Column: field,
							Message: m.Code + ": " + msg})
					}
					continue
				}
				return err
			}
			rep.NewMetrics = append(rep.NewMetrics, m.Code)
		}
		if len(rep.Problems) > 0 {
			return ErrImportRefused
		}
		newMetrics := rep.NewMetrics
		var err error
		rep, err = importInTx(ctx, tx, s.dialect, a, f.Rows, canEdit, commit)
		rep.NewMetrics = newMetrics
		if err != nil {
			return err
		}
		if !commit {
			return errDryRun
		}
		return nil
	})
	switch {
	case errors.Is(err, errDryRun), !commit && errors.Is(err, ErrImportRefused):
		return rep, nil // a dry run reports its problems as ImportFigures does
	case err != nil:
		return rep, err
	}
	rep.Committed = true
	return rep, s.analyzeAfterBulk(ctx, rep.New+rep.Changed)
}

// missingMetrics are the metrics of a file's catalog that the database does not have.
func (s *Store) missingMetrics(ctx context.Context, catalog []Metric) ([]Metric, error) {
	if len(catalog) == 0 {
		return nil, nil
	}
	have, err := s.Metrics(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, m := range have {
		known[m.Code] = true
	}
	var out []Metric
	for _, m := range catalog {
		if !known[m.Code] {
			known[m.Code] = true
			out = append(out, m)
		}
	}
	return out, nil
}
