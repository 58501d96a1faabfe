package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// copyOrder is every table in an order that inserts each row after the rows it refers to.
// schema_migrations is not copied: each side keeps the record of its own migrations. A table a
// later migration adds and this list lacks is copied after these, by name.
var copyOrder = []string{
	"meta", // first: the metric-version trigger reads the data version when observations arrive
	"regions", "categories", "metrics", "metric_scopes", "observations", "current_figures",
	"metric_versions", "events", "users", "sessions", "audit", "import_drafts", "targets",
	"series_breaks", "alternative_reports", "date_plans", "date_plan_reports", "named_charts",
	"named_chart_metrics", "overview_charts", "login_failures", "publications", "review_actions",
	"event_publications", "metric_revisions",
}

// holdsData are the tables that say a database is in use: copy-db writes only into a database
// that has none of their rows (a new one: its migrations seed meta and the named charts only).
var holdsData = []string{"regions", "metrics", "observations", "events", "users", "audit"}

// TableCheck is one table's row count and checksum on both sides of a copy.
type TableCheck struct {
	Table              string
	FromRows, ToRows   int
	FromCheck, ToCheck string
}

// OK says whether both sides hold the same rows.
func (c TableCheck) OK() bool { return c.FromRows == c.ToRows && c.FromCheck == c.ToCheck }

// CopyDatabase copies every row of every table of from into to, a new database (SQLite or
// PostgreSQL, either way), in one transaction, then checks both sides table by table: row counts
// and a checksum over every row (every revision of observations, events, audit…). Ids are kept,
// so revisions keep pointing at what they supersede.
func CopyDatabase(ctx context.Context, from, to *Store) ([]TableCheck, error) {
	fromTables, err := from.tables(ctx)
	if err != nil {
		return nil, err
	}
	toTables, err := to.tables(ctx)
	if err != nil {
		return nil, err
	}
	tables := orderForCopy(fromTables)
	for _, t := range tables {
		if !slices.Contains(toTables, t) {
			return nil, fmt.Errorf("data.CopyDatabase: the target has no table %s: is it older than the source?", t)
		}
	}
	for _, t := range holdsData {
		var n int
		if err := to.r.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("data.CopyDatabase: %w", err)
		}
		if n > 0 {
			return nil, fmt.Errorf("data.CopyDatabase: the target is in use (%d rows in %s): copy into a new, empty database", n, t)
		}
	}
	err = to.TxQuiet(ctx, func(tx *sql.Tx) error {
		// The target's triggers stay out of the copy: the rows they would derive (current
		// figures, metric versions, publications) come from the source as they are, and the
		// append-only rules would refuse emptying what the migrations seeded.
		return to.withoutTriggers(ctx, tx, tables, func() error {
			// What the target's migrations seeded (meta, named charts, catalog revisions) gives
			// way to the source's.
			for i := len(tables) - 1; i >= 0; i-- {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+tables[i]); err != nil {
					return fmt.Errorf("empty %s: %w", tables[i], err)
				}
			}
			for _, t := range tables {
				if err := copyTable(ctx, from.r, tx, t); err != nil {
					return err
				}
			}
			if to.dialect == Postgres {
				return resetIdentities(ctx, tx, tables)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("data.CopyDatabase: %w", err)
	}
	// A bulk load leaves the planner without statistics until autovacuum comes by: PostgreSQL
	// then scanned a million-figure table for the first overview (17 s). Gather them now, on
	// both stores (SQLite keeps them in sqlite_stat1).
	if _, err := to.w.ExecContext(ctx, `ANALYZE`); err != nil {
		return nil, fmt.Errorf("data.CopyDatabase: analyze: %w", err)
	}
	var out []TableCheck
	for _, t := range tables {
		c := TableCheck{Table: t}
		if c.FromRows, c.FromCheck, err = from.checksum(ctx, t); err != nil {
			return nil, err
		}
		if c.ToRows, c.ToCheck, err = to.checksum(ctx, t); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func orderForCopy(have []string) []string {
	var out, rest []string
	for _, t := range copyOrder {
		if slices.Contains(have, t) {
			out = append(out, t)
		}
	}
	for _, t := range have {
		if !slices.Contains(copyOrder, t) && t != "schema_migrations" {
			rest = append(rest, t)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// tables lists the store's tables.
func (s *Store) tables(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if s.dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := s.r.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("data: tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	sort.Strings(out)
	return out, rows.Err()
}

// copyBatchParams bounds the arguments of one INSERT: under SQLite's 32,766 and PostgreSQL's 65,535.
const copyBatchParams = 30000

func copyTable(ctx context.Context, from *sql.DB, tx *sql.Tx, table string) error {
	rows, err := from.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var batch []any
	flush := func() error {
		n := len(batch) / len(cols)
		if n == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `+
			strings.TrimSuffix(strings.Repeat(row+", ", n), ", "), batch...)
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("write %s: %w", table, err)
		}
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok { // text comes as bytes from some drivers: keep it text
				vals[i] = string(b)
			}
		}
		batch = append(batch, vals...)
		if len(batch)+len(cols) > copyBatchParams {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	return flush()
}

// withoutTriggers runs fn in tx with the store's own triggers set aside, and puts them back in the
// same transaction: PostgreSQL disables them table by table (foreign keys still hold); SQLite
// drops them and creates them again from their own text.
func (s *Store) withoutTriggers(ctx context.Context, tx *sql.Tx, tables []string, fn func() error) error {
	if s.dialect == Postgres {
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+t+` DISABLE TRIGGER USER`); err != nil {
				return err
			}
		}
		if err := fn(); err != nil {
			return err
		}
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+t+` ENABLE TRIGGER USER`); err != nil {
				return err
			}
		}
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
	if err != nil {
		return err
	}
	var names, texts []string
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			rows.Close()
			return err
		}
		names, texts = append(names, name), append(texts, text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+n); err != nil {
			return err
		}
	}
	if err := fn(); err != nil {
		return err
	}
	for _, text := range texts {
		if _, err := tx.ExecContext(ctx, text); err != nil {
			return err
		}
	}
	return nil
}

// resetIdentities moves each identity column's sequence past the copied ids, so new rows do not
// collide with them.
func resetIdentities(ctx context.Context, tx *sql.Tx, tables []string) error {
	for _, t := range tables {
		var seq sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT pg_get_serial_sequence(table_name, column_name)
			FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id' AND is_identity = 'YES'`,
			t).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !seq.Valid) {
			continue
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `SELECT setval(?::regclass, coalesce((SELECT max(id) FROM `+t+`), 0) + 1, false)`,
			seq.String); err != nil {
			return fmt.Errorf("reset %s ids: %w", t, err)
		}
	}
	return nil
}

// checksum is a table's row count and a checksum over its rows, the same for the same rows on
// either store and in any order: each row's values as text (integral numbers without a decimal
// point, since SQLite and PostgreSQL may disagree on which column is real), columns by name,
// hashed with SHA-256, and the hashes added up modulo 2^256, so a million-row table is checked
// without holding it.
func (s *Store) checksum(ctx context.Context, table string) (int, string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return 0, "", fmt.Errorf("data: checksum %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, "", err
	}
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return cols[order[a]] < cols[order[b]] })
	var sum [4]uint64 // the 256-bit sum, least significant word first
	n := 0
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, "", err
		}
		b.Reset()
		for _, i := range order {
			b.WriteString(cols[i])
			b.WriteByte('=')
			b.WriteString(canonical(vals[i]))
			b.WriteByte('\x1f')
		}
		h := sha256.Sum256([]byte(b.String()))
		var carry uint64
		for w := range sum {
			sum[w], carry = bits.Add64(sum[w], binary.BigEndian.Uint64(h[24-8*w:32-8*w]), carry)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	var out [32]byte
	for w := range sum {
		binary.BigEndian.PutUint64(out[24-8*w:], sum[w])
	}
	return n, hex.EncodeToString(out[:]), nil
}

func canonical(v any) string {
	switch x := v.(type) {
	case nil:
		return "\\N"
	case []byte:
		return string(x)
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return canonical(float64(x))
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case bool:
		if x {
			return "1"
		}
		return "0"
	default:
		return fmt.Sprint(x)
	}
}
