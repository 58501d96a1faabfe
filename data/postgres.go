package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres opens the two pools of a PostgreSQL store: the writer (one connection, like
// SQLite's, so writes queue in Go; writers of other servers queue on an advisory lock, see
// LockWriters) and readers whose transactions are read-only by default.
func openPostgres(dsn string) (w, r *sql.DB, err error) {
	if w, err = postgresDB(dsn, false); err != nil {
		return nil, nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	if r, err = postgresDB(dsn, true); err != nil {
		w.Close()
		return nil, nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return w, r, nil
}

func postgresDB(dsn string, readOnly bool) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("data.Open: %w", err)
	}
	// Time stamps are text, as in SQLite; the session's zone must not matter anywhere.
	cfg.RuntimeParams["timezone"] = "UTC"
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on" // a bug cannot write through a reader
	}
	return sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)}), nil
}

// OpenRaw opens a plain pool on the database at path (a SQLite file or a PostgreSQL address)
// without migrating it, taking the same SQL as the Store's own connections: for tools and tests
// that read or write as another program would.
func OpenRaw(path string) (*sql.DB, error) {
	if IsPostgresDSN(path) {
		return postgresDB(path, false)
	}
	return sql.Open("sqlite", dsn(path, false))
}

// writersLock is the key of the advisory lock every write transaction on PostgreSQL takes first:
// writes are serialised across servers as SQLite serialises them across processes, so the
// read-then-append of a revision never races another server's.
const writersLock = 0x706a7378 // "pjsx"

// LockWriters takes the writers' lock for the rest of tx on PostgreSQL, as every write of a
// Store does; SQLite's immediate transactions hold the file's write lock already. For tools
// and tests that write through a pool of their own (OpenRaw).
func (s *Store) LockWriters(ctx context.Context, tx *sql.Tx) error {
	if s.dialect != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, writersLock); err != nil {
		return fmt.Errorf("data: writers' lock: %w", err)
	}
	return nil
}

// rebindConnector hands out pgx connections that take SQLite's placeholders (see rebind) and
// store booleans as 0/1 like SQLite, so the data package's SQL and arguments serve both stores.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &rebindConn{conn.(*stdlib.Conn)}, nil
}

type rebindConn struct{ *stdlib.Conn }

// args orders a call's arguments as b's $n take them.
func (b *bound) args(in []driver.NamedValue) ([]driver.NamedValue, error) {
	var positional []driver.NamedValue
	named := map[string]driver.NamedValue{}
	for _, a := range in {
		if a.Name != "" {
			named[a.Name] = a
		} else {
			positional = append(positional, a)
		}
	}
	if want := b.positional(); len(positional) != want {
		return nil, fmt.Errorf("data: %d placeholders, %d arguments", want, len(positional))
	}
	out := make([]driver.NamedValue, len(b.params))
	for i, p := range b.params {
		var a driver.NamedValue
		if p.name != "" {
			v, ok := named[p.name]
			if !ok {
				return nil, fmt.Errorf("data: missing argument :%s", p.name)
			}
			a = v
		} else {
			a = positional[p.pos]
		}
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: a.Value}
	}
	return out, nil
}

// positional is how many `?` the query has.
func (b *bound) positional() int {
	n := 0
	for _, p := range b.params {
		if p.name == "" {
			n++
		}
	}
	return n
}

func (c *rebindConn) ExecContext(ctx context.Context, query string, in []driver.NamedValue) (driver.Result, error) {
	b := rebind(query)
	args, err := b.args(in)
	if err != nil {
		return nil, err
	}
	return c.Conn.ExecContext(ctx, b.text, args)
}

func (c *rebindConn) QueryContext(ctx context.Context, query string, in []driver.NamedValue) (driver.Rows, error) {
	b := rebind(query)
	args, err := b.args(in)
	if err != nil {
		return nil, err
	}
	return c.Conn.QueryContext(ctx, b.text, args)
}

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	b := rebind(query)
	st, err := c.Conn.PrepareContext(ctx, b.text)
	if err != nil {
		return nil, err
	}
	return &rebindStmt{st.(*stdlib.Stmt), b}, nil
}

// CheckNamedValue stores a bool as 0 or 1: the schema keeps SQLite's integer flags. A string
// PostgreSQL's text cannot hold (invalid UTF-8, a NUL byte) is sent with U+FFFD in their place:
// such input reaches SQL only as a lookup key (validation refuses it before any write), and there
// it must find nothing, as on SQLite, instead of failing the query.
func (c *rebindConn) CheckNamedValue(nv *driver.NamedValue) error {
	switch v := nv.Value.(type) {
	case bool:
		nv.Value = int64(0)
		if v {
			nv.Value = int64(1)
		}
	case string:
		if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
			nv.Value = strings.ReplaceAll(strings.ToValidUTF8(v, "\uFFFD"), "\x00", "\uFFFD")
		}
	}
	return nil
}

type rebindStmt struct {
	*stdlib.Stmt
	b *bound
}

func (s *rebindStmt) NumInput() int { return -1 } // named arguments: database/sql must not count

func (s *rebindStmt) ExecContext(ctx context.Context, in []driver.NamedValue) (driver.Result, error) {
	args, err := s.b.args(in)
	if err != nil {
		return nil, err
	}
	return s.Stmt.ExecContext(ctx, args)
}

func (s *rebindStmt) QueryContext(ctx context.Context, in []driver.NamedValue) (driver.Rows, error) {
	args, err := s.b.args(in)
	if err != nil {
		return nil, err
	}
	return s.Stmt.QueryContext(ctx, args)
}
