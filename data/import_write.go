package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// importWriter writes the rows of an import a hundred to a statement, with their audit entries:
// one statement a row spends most of an import crossing into SQLite.
type importWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	actor Actor
	d     Dialect // which SQL the transaction speaks
	at    string
	batch []ImportLine
	stmts map[int][2]*sql.Stmt
	ids   []int64 // every revision written, for the one submission of a reviewed import
}

const importBatchRows = 100

func newImportWriter(ctx context.Context, tx *sql.Tx, d Dialect, a Actor) *importWriter {
	return &importWriter{ctx: ctx, tx: tx, d: d, actor: a, at: now(), stmts: map[int][2]*sql.Stmt{}}
}

func (w *importWriter) add(l ImportLine) error {
	w.batch = append(w.batch, l)
	if len(w.batch) == importBatchRows {
		return w.flush()
	}
	return nil
}

func (w *importWriter) statements(n int) ([2]*sql.Stmt, error) {
	if st, ok := w.stmts[n]; ok {
		return st, nil
	}
	pending := 0 // published at once by the trigger, or waiting for review
	if w.actor.Review {
		pending = 1
	}
	obs := `INSERT INTO observations (metric, region, period, granularity, value, qualifier, source, source_outlet,
		source_title, source_date, source_url, note, supersedes, entered_by, entered_at, demo, pending) VALUES ` +
		repeatJoin(fmt.Sprintf("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, %d)", pending), n)
	audit := `INSERT INTO audit (at, actor, addr, action, target, before, after) VALUES ` +
		repeatJoin("(?, ?, ?, 'figure.import', ?, ?, ?)", n)
	var st [2]*sql.Stmt
	var err error
	if st[0], err = w.tx.PrepareContext(w.ctx, obs); err != nil {
		return st, fmt.Errorf("data.ImportFigures: %w", err)
	}
	if st[1], err = w.tx.PrepareContext(w.ctx, audit); err != nil {
		return st, fmt.Errorf("data.ImportFigures: %w", err)
	}
	w.stmts[n] = st
	return st, nil
}

func (w *importWriter) flush() error {
	n := len(w.batch)
	if n == 0 {
		return nil
	}
	st, err := w.statements(n)
	if err != nil {
		return err
	}
	args := make([]any, 0, 15*n)
	saved := make([]Observation, n)
	for i, l := range w.batch {
		in := l.checked.in
		o := Observation{Metric: in.Metric, Region: in.Region, Period: l.checked.day, Granularity: l.checked.gran,
			Value: in.Value, Qualifier: in.Qualifier, Source: in.Source, Citation: in.Citation, Note: in.Note, Supersedes: l.supersedes, EnteredBy: w.actor.Name,
			EnteredAt: w.at}
		var sup any
		if l.supersedes != 0 {
			sup = l.supersedes
		}
		c := o.Citation
		args = append(args, o.Metric, nullRegion(o.Region), o.Period, o.Granularity, o.Value, o.Qualifier, o.Source,
			c.Outlet, c.Title, c.Date, c.URL, o.Note, sup,
			o.EnteredBy, o.EnteredAt)
		saved[i] = o
	}
	res, err := st[0].ExecContext(w.ctx, args...)
	if err != nil {
		return fmt.Errorf("data.ImportFigures: %w", err)
	}
	// Row ids of one INSERT are consecutive: this connection is the only writer. PostgreSQL's
	// driver has no LastInsertId; there the writers' lock makes the newest id the same answer.
	last, err := res.LastInsertId()
	if err != nil {
		if err = w.tx.QueryRowContext(w.ctx, `SELECT max(id) FROM observations`).Scan(&last); err != nil {
			return fmt.Errorf("data.ImportFigures: %w", err)
		}
	}
	args = args[:0]
	for i := range saved {
		saved[i].ID = last - int64(n-1-i)
		w.ids = append(w.ids, saved[i].ID)
		after, err := json.Marshal(saved[i])
		if err != nil {
			return fmt.Errorf("data.ImportFigures: %w", err)
		}
		before := ""
		if b := w.batch[i].Before; b != nil {
			raw, err := json.Marshal(b)
			if err != nil {
				return fmt.Errorf("data.ImportFigures: %w", err)
			}
			before = string(raw)
		}
		args = append(args, w.at, w.actor.Name, w.actor.Addr, figureTarget(saved[i]), before, string(after))
	}
	if _, err := st[1].ExecContext(w.ctx, args...); err != nil {
		return fmt.Errorf("data.ImportFigures: %w", err)
	}
	w.batch = w.batch[:0]
	return nil
}

// submit sends every revision written as one submission for review, when the importer's saves
// wait for a reviewer: the import is approved (or returned) as a whole.
func (w *importWriter) submit() error {
	if !w.actor.Review {
		return nil
	}
	return submitForReview(w.ctx, w.tx, w.d, w.actor, KindFigure, w.ids, fmt.Sprintf("import:%d", len(w.ids)))
}

func repeatJoin(s string, n int) string {
	return strings.TrimSuffix(strings.Repeat(s+", ", n), ", ")
}
