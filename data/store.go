// Package data keeps the figures in SQLite: one writer connection, a pool of readers, embedded
// migrations, and append-only revisions for everything staff can change.
package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// Store is the only way the rest of pjsx reaches the database.
type Store struct {
	w       *sql.DB // exactly one connection: SQLite has one writer, so queue in Go, not in busy loops
	r       *sql.DB // readers; query_only so a bug cannot write through them
	path    string  // the SQLite file, or the PostgreSQL DSN
	dialect Dialect // which SQL the database speaks

	vmu          sync.Mutex
	version      int64            // the data version: grows with every committed write
	catalog      int64            // the data version of the last write that was not only figures
	metricV      map[string]int64 // by metric code: the data version of its last figure written
	loadedTo     int64            // metric_versions rows up to this version are in metricV
	versionRead  sharedRead       // PostgreSQL: requests share reads of the data version (version_read.go)
	versionReads atomic.Int64     // PostgreSQL: reads of the data version made (tests count them)
	listen       versionListener  // PostgreSQL: hears other servers' writes (version_listen.go)
	wal          walStamp         // the write-ahead log as it was when version was read
	stmts        readStatements   // the readers' prepared statements of the hottest queries (statements.go)
	regions      regionsRead      // Regions as read at a catalog version
	metrics      metricsRead      // the metrics Metric has read at a catalog version
}

// walStamp is what a commit always changes: every commit, by this process or another one,
// appends to (or restarts) the write-ahead log, so its size or time moves.
type walStamp struct {
	size int64
	mod  time.Time
	ok   bool
}

// Open creates (owner-only), migrates and opens the database at path: a SQLite file, or a
// PostgreSQL database when path is a postgres:// or postgresql:// address.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("data.Open: empty database path")
	}
	if IsPostgresDSN(path) {
		w, r, err := openPostgres(path)
		if err != nil {
			return nil, err
		}
		s := &Store{w: w, r: r, path: path, dialect: Postgres}
		if err := s.migrate(ctx, migrateUpTo); err != nil {
			s.Close()
			return nil, err
		}
		return s, nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		// O_EXCL: the file is born owner-only; another process that created it first is fine.
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("data.Open: create %s: %w", path, err)
		}
		if f != nil {
			f.Close()
		}
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("data.Open: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("data.Open: %w", err)
	}
	n := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s := &Store{w: w, r: r, path: path}
	if err := s.migrate(ctx, migrateUpTo); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		q.Add("_pragma", "cache_size(-4000)") // 4 MB a reader: memory stays small under load
	} else {
		q.Add("_pragma", "cache_size(-16000)") // 16 MB for the one writer: imports touch many pages
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Path is the database file (or PostgreSQL address) this store opened.
func (s *Store) Path() string { return s.path }

// Dialect says which database this store talks to.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close stops the listener (PostgreSQL) and closes both pools.
func (s *Store) Close() error {
	s.stopListening()
	return errors.Join(s.r.Close(), s.w.Close())
}

// Ping answers whether the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("data.Ping: %w", err)
	}
	return nil
}

func (s *Store) meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("data.meta %s: %w", key, err)
	}
	return v, nil
}

func setMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
		key, value)
	if err != nil {
		return fmt.Errorf("data.setMeta %s: %w", key, err)
	}
	return nil
}

// IsDemo reports whether this database holds synthetic demo history, which every page and
// image must then say.
func (s *Store) IsDemo(ctx context.Context) (bool, error) {
	v, err := s.meta(ctx, "demo")
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return v == "1", err
}

// migrateUpTo is the newest migration Open applies: all of them, except in a test that builds a
// database as an older release left it.
var migrateUpTo = math.MaxInt

func (s *Store) migrate(ctx context.Context, upTo int) error {
	if err := s.createMigrationsTable(ctx); err != nil {
		return fmt.Errorf("data.migrate: %w", err)
	}
	dir := s.migrationDir()
	names, err := fs.Glob(migrationFS, dir+"/*.sql")
	if err != nil {
		return fmt.Errorf("data.migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, dir+"/")
		num, _, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("data.migrate: bad migration name %q", base)
		}
		if version > upTo {
			continue
		}
		if err := s.applyMigration(ctx, version, base, name); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) createMigrationsTable(ctx context.Context) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	if s.dialect == SQLite {
		_, err := s.w.ExecContext(ctx, create)
		return err
	}
	// PostgreSQL's IF NOT EXISTS is not safe against a concurrent CREATE: take the writers' lock.
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.LockWriters(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return err
	}
	return tx.Commit()
}

// applyMigration runs one migration unless it has run. The check is inside the migration's own
// (immediate, so write-locked) transaction: two processes opening one new database at once
// cannot both find it missing and both run it.
func (s *Store) applyMigration(ctx context.Context, version int, base, name string) error {
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("data.migrate: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data.migrate: %w", err)
	}
	defer tx.Rollback()
	if err := s.LockWriters(ctx, tx); err != nil {
		return err
	}
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&done); err != nil {
		return fmt.Errorf("data.migrate: %w", err)
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("data.migrate %s: %w", base, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, base, now()); err != nil {
		return fmt.Errorf("data.migrate %s: %w", base, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("data.migrate %s: %w", base, err)
	}
	return nil
}

// migrationDir holds the migrations of this store's dialect. PostgreSQL's start with a baseline
// numbered as the SQLite migration it catches up with; every later SQLite migration has a
// PostgreSQL twin of the same number (TestEveryMigrationHasAPostgresTwin).
func (s *Store) migrationDir() string {
	if s.dialect == Postgres {
		return "migrations/postgres"
	}
	return "migrations"
}

// now is the UTC time stamp stored with every revision.
func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }
