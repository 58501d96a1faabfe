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
	supersedes int64 // the current revision (a tombstone too) this row's revision follows
}

// ImportProblem is a bad row: its number, its column and why, Chinese first.
type ImportProblem struct {
	Sheet   string `json:"sheet,omitempty"` // of an XLSX file
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportReport is the preview or the outcome of an import.
type ImportReport struct {
	NewMetrics []string // codes of the metrics the file's catalog adds (ImportWithCatalog)
	Lines      []ImportLine
	Problems   []ImportProblem
	New        int
	Changed    int
	Unchanged  int
	Committed  bool
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
	err := s.TxFigures(ctx, func(tx *sql.Tx) error {
		var err error
		rep, err = importInTx(ctx, tx, s.dialect, a, rows, canEdit, true)
		return err
	})
	if err != nil {
		return rep, err
	}
	rep.Committed = true
	return rep, s.analyzeAfterBulk(ctx, rep.New+rep.Changed)
}

// analyzeAfterRows is how many rows one write must add before PostgreSQL is asked to gather its
// statistics again.
const analyzeAfterRows = 5000

// analyzeAfterBulk has PostgreSQL gather the statistics of the tables a large import (or its
// approval) grew. Until autovacuum comes by, the planner thinks them as small as before and
// picks plans for a few rows: counting a 100,000-row import waiting for review then scanned
// every revision for each of them (300 s instead of a fraction of one). SQLite plans by its
// indexes and needs nothing.
func (s *Store) analyzeAfterBulk(ctx context.Context, rows int) error {
	if s.dialect != Postgres || rows < analyzeAfterRows {
		return nil
	}
	if _, err := s.w.ExecContext(ctx, `ANALYZE observations, publications, current_figures, review_actions, audit, metric_versions`); err != nil {
		return fmt.Errorf("data: analyze after %d rows: %w", rows, err)
	}
	return nil
}

// importInTx plans the rows in tx and, when commit is true and no row is bad, writes them.
func importInTx(ctx context.Context, tx *sql.Tx, d Dialect, a Actor, rows []ImportRow, canEdit func(region string) bool, commit bool) (ImportReport, error) {
	rep, err := planImport(ctx, tx, rows, canEdit)
	if err != nil {
		return rep, err
	}
	if len(rep.Problems) > 0 {
		return rep, ErrImportRefused
	}
	if !commit {
		return rep, nil
	}
	w := newImportWriter(ctx, tx, d, a)
	for _, l := range rep.Lines {
		if l.Fate == FateUnchanged {
			continue
		}
		if err := w.add(l); err != nil {
			return rep, err
		}
	}
	if err := w.flush(); err != nil {
		return rep, err
	}
	return rep, w.submit()
}

// importPlanner answers the lookups of every row from memory: the catalog once, and the current
// figures and granularities of a metric the first time a row names it. Within the write
// transaction nothing else changes them, so the answers stay true for the commit.
type importPlanner struct {
	ctx     context.Context
	q       querier
	metrics map[string]Metric
	regions map[string]bool
	grans   map[string][]string
	current map[string]map[FigureKey]Observation // metric → figure → current revision
}

func (p *importPlanner) load() error {
	p.metrics, p.regions = map[string]Metric{}, map[string]bool{}
	p.grans, p.current = map[string][]string{}, map[string]map[FigureKey]Observation{}
	rows, err := p.q.QueryContext(p.ctx, `SELECT `+metricColumns+` FROM metrics`)
	if err != nil {
		return fmt.Errorf("data.importPlanner: %w", err)
	}
	for rows.Next() {
		m, err := scanMetric(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("data.importPlanner: %w", err)
		}
		p.metrics[m.Code] = m
	}
	rows.Close()
	rows, err = p.q.QueryContext(p.ctx, `SELECT code FROM regions`)
	if err != nil {
		return fmt.Errorf("data.importPlanner: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return fmt.Errorf("data.importPlanner: %w", err)
		}
		p.regions[code] = true
	}
	return rows.Err()
}

// figures loads the current revisions (tombstones too) of one metric, once.
func (p *importPlanner) figures(metric string) (map[FigureKey]Observation, error) {
	if cur, ok := p.current[metric]; ok {
		return cur, nil
	}
	rows, err := p.q.QueryContext(p.ctx, `SELECT `+observationColumns+`
		FROM current_figures c JOIN observations o ON o.id = c.observation_id
		WHERE c.metric = ?`, metric)
	if err != nil {
		return nil, fmt.Errorf("data.importPlanner: %w", err)
	}
	obs, err := scanObservations(rows, "data.importPlanner")
	if err != nil {
		return nil, err
	}
	cur := make(map[FigureKey]Observation, len(obs))
	for _, o := range obs {
		cur[o.Key()] = o
	}
	p.current[metric] = cur
	return cur, nil
}

// granularities are those the metric's figures already use, as staffRules reads them.
func (p *importPlanner) granularities(metric string) ([]string, error) {
	if g, ok := p.grans[metric]; ok {
		return g, nil
	}
	g, err := metricGranularities(p.ctx, p.q, metric)
	if err != nil {
		return nil, err
	}
	p.grans[metric] = g
	return g, nil
}

// planImport gives every row its fate or its problems, reading through q.
func planImport(ctx context.Context, q querier, rows []ImportRow, canEdit func(string) bool) (ImportReport, error) {
	var rep ImportReport
	metrics, regions, err := importNames(ctx, q)
	if err != nil {
		return rep, err
	}
	plan := &importPlanner{ctx: ctx, q: q}
	if err := plan.load(); err != nil {
		return rep, err
	}
	rep.Lines = make([]ImportLine, 0, len(rows))
	firstLine := map[string]ImportRow{} // the first row of each key, to name it in a repeat's message
	for _, row := range rows {
		bad := func(col, msg string) {
			rep.Problems = append(rep.Problems, ImportProblem{Sheet: row.Sheet, Line: row.Line, Column: col, Message: msg})
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
		m, knownMetric := plan.metrics[metric]
		if msg == "" && knownMetric {
			msg = CheckPercentSign(row.Value, m.Kind)
		}
		if msg != "" {
			bad("value", msg)
		}
		in := FigureInput{Metric: metric, Region: region, Period: row.Period, Value: value, Qualifier: row.Qualifier,
			Source: row.Source, Note: row.Note}
		cf, verr := figureRules(in, m, knownMetric, region == "" || plan.regions[region])
		textBad := textProblems(row.Sheet, row.Line, cf.in.Source, cf.in.Note)
		if cf.knownMetric {
			var grans []string
			if cf.gran != "" {
				if grans, err = plan.granularities(metric); err != nil {
					return rep, err
				}
			}
			for f, msg := range staffRulesWith(cf, grans).Fields {
				verr.Add(f, msg)
			}
		}
		for _, col := range ImportColumns {
			if m, ok := verr.Fields[col]; ok && !(col == "value" && msg != "") {
				bad(col, m)
			}
		}
		if cf.day != "" && metric != "" {
			key := metric + "\x00" + region + "\x00" + cf.day + "\x00" + cf.gran
			if first, dup := firstLine[key]; dup {
				zh, en := fmt.Sprintf("第%d行", first.Line), fmt.Sprintf("row %d", first.Line)
				if first.Sheet != row.Sheet {
					zh, en = fmt.Sprintf("工作表“%s”第%d行", first.Sheet, first.Line), fmt.Sprintf("row %d of the sheet %q", first.Line, first.Sheet)
				}
				bad("period", fmt.Sprintf("与%s的指标、地区和时期重复 / repeats the metric, region and period of %s", zh, en))
			} else {
				firstLine[key] = row
			}
		}
		if len(rep.Problems) > n {
			rep.Problems = append(rep.Problems, textBad...)
			continue
		}
		line := ImportLine{ImportRow: row, RegionCode: region, Fate: FateNew, checked: cf}
		cur, err := plan.figures(metric)
		if err != nil {
			return rep, err
		}
		if before, ok := cur[cf.key()]; ok {
			line.supersedes = before.ID
			if !before.Deleted {
				line.Before = &before
				line.Fate = FateChange
				if before.Source == cf.in.Source {
					line.checked.in.Citation = before.Citation // the same source text: its parts still hold
				}
				if before.Value == value && before.Qualifier == cf.in.Qualifier && before.Source == cf.in.Source &&
					before.Note == cf.in.Note {
					line.Fate = FateUnchanged
				}
			}
		}
		if len(textBad) > 0 && line.Fate != FateUnchanged {
			rep.Problems = append(rep.Problems, textBad...)
			continue
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

// textProblems applies the form's text rules to a row's source and note. An unchanged row is
// spared them: it writes nothing, and a file exported from this database (whose older figures
// may predate the rules) must import back.
func textProblems(sheet string, line int, source, note string) []ImportProblem {
	var out []ImportProblem
	if msg := CheckText(source, MaxSourceLen, false); msg != "" {
		out = append(out, ImportProblem{Sheet: sheet, Line: line, Column: "source", Message: msg})
	}
	if msg := CheckText(note, MaxNoteLen, true); msg != "" {
		out = append(out, ImportProblem{Sheet: sheet, Line: line, Column: "note", Message: msg})
	}
	return out
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
