package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Fates of an import row.
const (
	FateNew       = "new"       // no current figure for its metric, region and period
	FateChange    = "change"    // a new revision of a current figure
	FateUnchanged = "unchanged" // the same as the current figure: nothing is written
)

// ImportLine is a good row with what committing it does.
type ImportLine struct {
	ImportRow
	RegionCode string       `json:"region_code"`
	Fate       string       `json:"fate"`
	Before     *Observation `json:"before,omitempty"`
	checked    checkedFigure
}

// ImportProblem is a bad row: its number, its column and why, Chinese first.
type ImportProblem struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportReport is the preview or the outcome of an import.
type ImportReport struct {
	Lines     []ImportLine
	Problems  []ImportProblem
	New       int
	Changed   int
	Unchanged int
	Committed bool
}

// ErrImportRefused means the file had bad rows, so nothing was written.
var ErrImportRefused = errors.New("the import has bad rows: nothing was written")

// ImportFigures checks every row by the rules of the new-figure form (canEdit says which regions
// the importer may change) and, when commit is true and no row is bad, writes them all in one
// transaction. With bad rows it writes nothing and returns the report with ErrImportRefused.
func (s *Store) ImportFigures(ctx context.Context, a Actor, rows []ImportRow, canEdit func(region string) bool, commit bool) (ImportReport, error) {
	if !commit {
		return planImport(ctx, s.r, rows, canEdit)
	}
	var rep ImportReport
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if rep, err = planImport(ctx, tx, rows, canEdit); err != nil {
			return err
		}
		if len(rep.Problems) > 0 {
			return ErrImportRefused
		}
		for _, l := range rep.Lines {
			if l.Fate == FateUnchanged {
				continue
			}
			l.checked.in.By = a.Name
			o, err := insertFigure(ctx, tx, l.checked)
			if err != nil {
				return err
			}
			var before any
			if l.Before != nil {
				before = l.Before
			}
			if err := writeAudit(ctx, tx, a, "figure.import", figureTarget(o), before, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Committed = true
	return rep, nil
}

// planImport gives every row its fate or its problems, reading through q.
func planImport(ctx context.Context, q querier, rows []ImportRow, canEdit func(string) bool) (ImportReport, error) {
	var rep ImportReport
	metrics, regions, err := importNames(ctx, q)
	if err != nil {
		return rep, err
	}
	firstLine := map[string]int{}
	for _, row := range rows {
		bad := func(col, msg string) {
			rep.Problems = append(rep.Problems, ImportProblem{Line: row.Line, Column: col, Message: msg})
		}
		n := len(rep.Problems)
		metric := metrics[strings.ToLower(row.Metric)]
		if metric == "" {
			metric = row.Metric
		}
		region, ok := regions[strings.ToLower(row.Region)]
		if !ok {
			bad("region", fmt.Sprintf("未知地区“%s”(可用 pinggu、jizhou、sanhe、xinglong、joint 或地名)/ unknown region %q (use pinggu, jizhou, sanhe, xinglong, joint or the place name)", row.Region, row.Region))
		} else if !canEdit(region) {
			bad("region", "您无权修改该地区的数据 / you may not change figures of this region")
		}
		value, msg := ParseValue(row.Value)
		if msg != "" {
			bad("value", msg)
		}
		in := FigureInput{Metric: metric, Region: region, Period: row.Period, Value: value, Source: row.Source, Note: row.Note}
		cf, err := checkStaffFigure(ctx, q, in)
		var verr *ValidationError
		if errors.As(err, &verr) {
			for _, col := range ImportColumns {
				if m, ok := verr.Fields[col]; ok && !(col == "value" && msg != "") {
					bad(col, m)
				}
			}
		} else if err != nil {
			return rep, err
		}
		if cf.day != "" && metric != "" {
			key := metric + "\x00" + region + "\x00" + cf.day
			if first, dup := firstLine[key]; dup {
				bad("period", fmt.Sprintf("与第%d行的指标、地区和时期重复 / repeats the metric, region and period of row %d", first, first))
			} else {
				firstLine[key] = row.Line
			}
		}
		if len(rep.Problems) > n {
			continue
		}
		line := ImportLine{ImportRow: row, RegionCode: region, Fate: FateNew, checked: cf}
		if cur, err := currentFigureIn(ctx, q, metric, region, cf.day); err == nil && !cur.Deleted {
			line.Before = &cur
			line.Fate = FateChange
			if cur.Value == value && cur.Source == cf.in.Source && cur.Note == cf.in.Note {
				line.Fate = FateUnchanged
			}
		} else if err != nil && !errors.Is(err, ErrNotFound) {
			return rep, err
		}
		switch line.Fate {
		case FateNew:
			rep.New++
		case FateChange:
			rep.Changed++
		default:
			rep.Unchanged++
		}
		rep.Lines = append(rep.Lines, line)
	}
	return rep, nil
}

// importNames maps what a file may write for a metric (code, Chinese or English name) and for a
// region (code, names, "joint", "四地", empty) to codes.
func importNames(ctx context.Context, q querier) (metrics, regions map[string]string, err error) {
	metrics, regions = map[string]string{}, map[string]string{}
	rows, err := q.QueryContext(ctx, `SELECT code, name_zh, name_en FROM metrics`)
	if err != nil {
		return nil, nil, fmt.Errorf("data.importNames: %w", err)
	}
	for rows.Next() {
		var code, zh, en string
		if err := rows.Scan(&code, &zh, &en); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("data.importNames: %w", err)
		}
		metrics[strings.ToLower(zh)], metrics[strings.ToLower(en)], metrics[code] = code, code, code
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT code, name_zh, name_en FROM regions`)
	if err != nil {
		return nil, nil, fmt.Errorf("data.importNames: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, zh, en string
		if err := rows.Scan(&code, &zh, &en); err != nil {
			return nil, nil, fmt.Errorf("data.importNames: %w", err)
		}
		short := strings.TrimRight(zh, "区市县")
		regions[code], regions[zh], regions[strings.ToLower(en)], regions[short] = code, code, code, code
	}
	for _, joint := range []string{"", "joint", "四地", "四地合计", "平蓟三兴"} {
		regions[joint] = ""
	}
	return metrics, regions, rows.Err()
}

func currentFigureIn(ctx context.Context, q querier, metric, region, day string) (Observation, error) {
	var o Observation
	err := q.QueryRowContext(ctx, `SELECT id, coalesce(value, 0), deleted, source, note, period, granularity, entered_by, entered_at
		FROM observations WHERE metric = ? AND region IS ? AND period = ? ORDER BY id DESC LIMIT 1`,
		metric, nullRegion(region), day).Scan(&o.ID, &o.Value, &o.Deleted, &o.Source, &o.Note, &o.Period,
		&o.Granularity, &o.EnteredBy, &o.EnteredAt)
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("data.currentFigureIn: %w", err)
	}
	o.Metric, o.Region = metric, region
	return o, nil
}
