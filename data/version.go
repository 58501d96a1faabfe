package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
)

// Caches are keyed by versions (issue 16). The data version grows with every committed write.
// Writes of figures only (the figure forms, imports of figures, restores) leave the catalog
// version alone and bump the version of each metric they touch (a trigger on observations,
// migration 0031); every other write bumps the catalog version, which every view depends on.
// So a save of one metric's figure leaves the cached views of every other metric valid.

// txMode says what a write transaction changes.
type txMode int

const (
	txQuiet   txMode = iota // nothing a page shows (sessions, accounts): no version moves
	txFigures               // figures only: the data version and the versions of their metrics
	txAll                   // anything: the data version and the catalog version
)

// Tx runs fn in one write transaction and bumps the data and catalog versions, so that every
// cache keyed by them sees the change on the next request. fn's error rolls everything back.
func (s *Store) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.tx(ctx, fn, txAll)
}

// TxFigures is Tx for writes that only append figures (and their audit entries): the versions
// of the metrics whose figures fn appends move, the catalog's does not, so views of other
// metrics stay cached. A write of anything else in fn would be missed by those views: use Tx.
func (s *Store) TxFigures(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.tx(ctx, fn, txFigures)
}

// TxQuiet is Tx for writes that change nothing a chart or page shows (sessions, accounts), so
// they leave every version and every cached view alone.
func (s *Store) TxQuiet(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.tx(ctx, fn, txQuiet)
}

func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error, mode txMode) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data.Tx: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := s.LockWriters(ctx, tx); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	var version int64
	var touched []string
	if mode != txQuiet {
		if err := tx.QueryRowContext(ctx, `UPDATE meta SET value = CAST(value AS INTEGER) + 1
			WHERE key = 'data_version' RETURNING CAST(value AS INTEGER)`).Scan(&version); err != nil {
			return fmt.Errorf("data.Tx: bump version: %w", err)
		}
		if mode == txAll {
			if err := setMeta(ctx, tx, "catalog_version", strconv.FormatInt(version, 10)); err != nil {
				return err
			}
		}
		if err := s.NotifyVersion(ctx, tx, version); err != nil {
			return err
		}
		if touched, err = metricsAt(ctx, tx, version); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("data.Tx: commit: %w", err)
	}
	if mode != txQuiet {
		// This process knows its own commit at once: no cache serves the old version, whatever
		// the write-ahead log's size and time say. The stamp stays the old one, so the next
		// Version still reads the database and sees any other process's commit too.
		s.vmu.Lock()
		s.version = max(s.version, version)
		if mode == txAll {
			s.catalog = max(s.catalog, version)
		}
		s.noteMetricsLocked(touched, version)
		if s.loadedTo == version-1 {
			// Nothing was committed between what this store had taken in and this write, which
			// it knows whole: no read of the versions is needed for it (PostgreSQL hears its own
			// notification and would otherwise read them after every save).
			s.loadedTo = version
		}
		s.vmu.Unlock()
	}
	return nil
}

// metricsAt lists the metrics whose figures were written at version.
func metricsAt(ctx context.Context, tx *sql.Tx, version int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT metric FROM metric_versions WHERE version = ?`, version)
	if err != nil {
		return nil, fmt.Errorf("data.Tx: touched metrics: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, fmt.Errorf("data.Tx: touched metrics: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *Store) noteMetricsLocked(metrics []string, version int64) {
	if s.metricV == nil {
		s.metricV = map[string]int64{}
	}
	for _, m := range metrics {
		s.metricV[m] = max(s.metricV[m], version)
	}
}

// Version is a number that grows with every committed write, by this process or another one.
// This process's own commits set it in memory (tx); another process's commit shows in the
// write-ahead log, so the database is read only when the log has changed since the last read: a
// stat instead of a query. On PostgreSQL another server's commit is announced by a notification
// (version_listen.go): the database is read only when one announced a version not taken in yet,
// or while the listener is down.
func (s *Store) Version(ctx context.Context) (int64, error) {
	if s.dialect == Postgres {
		return s.versionPostgres(ctx)
	}
	stamp := walStamp{}
	if fi, err := os.Stat(s.path + "-wal"); err == nil {
		stamp = walStamp{size: fi.Size(), mod: fi.ModTime(), ok: true}
	}
	s.vmu.Lock()
	if stamp.ok && s.wal == stamp && s.version > 0 {
		v := s.version
		s.vmu.Unlock()
		return v, nil
	}
	from := s.loadedTo
	s.vmu.Unlock()
	// The stat came first: a commit landing between it and this read leaves a stale stamp, so
	// the next call reads again. The metric versions are read after the data version, so they
	// hold at least every commit up to it.
	n, err := s.metaInt(ctx, "data_version")
	if err != nil {
		return 0, err
	}
	return s.catchUp(ctx, n, from, &stamp)
}

func (s *Store) versionPostgres(ctx context.Context) (int64, error) {
	s.startListening()
	s.vmu.Lock()
	if s.listen.up && s.listen.heard <= s.loadedTo {
		v := s.version
		s.vmu.Unlock()
		return v, nil
	}
	s.vmu.Unlock()
	return s.readVersion(ctx)
}

// readVersion reads the data version from the PostgreSQL database (one indexed read shared by
// the requests waiting for it, version_read.go) and takes in whatever moved since the last read.
func (s *Store) readVersion(ctx context.Context) (int64, error) {
	s.versionReads.Add(1)
	n, err := s.versionRead.get(ctx, func(ctx context.Context) (int64, error) { return s.metaInt(ctx, "data_version") })
	if err != nil {
		return 0, err
	}
	s.vmu.Lock()
	if s.loadedTo >= n {
		v := s.version
		s.vmu.Unlock()
		return v, nil
	}
	from := s.loadedTo
	s.vmu.Unlock()
	return s.catchUp(ctx, n, from, nil)
}

// catchUp takes in data version n, just read from the database: the catalog version and the
// metric versions that moved after from are read after it, so they hold at least every commit
// up to n. stamp, on SQLite, is the write-ahead log as it stood before n was read.
func (s *Store) catchUp(ctx context.Context, n, from int64, stamp *walStamp) (int64, error) {
	catalog, err := s.metaInt(ctx, "catalog_version")
	if err != nil {
		return 0, err
	}
	changed, err := s.metricVersionsAfter(ctx, from)
	if err != nil {
		return 0, err
	}
	s.vmu.Lock()
	defer s.vmu.Unlock()
	s.version, s.catalog = max(s.version, n), max(s.catalog, catalog)
	if stamp != nil {
		s.wal = *stamp
	}
	for m, v := range changed {
		s.noteMetricsLocked([]string{m}, v)
	}
	s.loadedTo = max(s.loadedTo, n)
	return s.version, nil
}

func (s *Store) metaInt(ctx context.Context, key string) (int64, error) {
	v, err := s.meta(ctx, key)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("data.Version: %s: %w", key, err)
	}
	return n, nil
}

func (s *Store) metricVersionsAfter(ctx context.Context, from int64) (map[string]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT metric, version FROM metric_versions WHERE version > ?`, from)
	if err != nil {
		return nil, fmt.Errorf("data.Version: metric versions: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var m string
		var v int64
		if err := rows.Scan(&m, &v); err != nil {
			return nil, fmt.Errorf("data.Version: metric versions: %w", err)
		}
		out[m] = v
	}
	return out, rows.Err()
}

// Shows is what a view shows that can change: the figures of some metrics, or everything. Every
// view shows the catalog (names, units, targets, events), so a change of it changes every view.
type Shows struct {
	Metrics    []string
	Everything bool
}

// VersionOf is the version of what a view shows: the newest data version that changed it. A
// view built after seeing data version D is current while VersionOf(its Shows) <= D.
func (s *Store) VersionOf(ctx context.Context, sh Shows) (int64, error) {
	v, err := s.Version(ctx)
	if err != nil || sh.Everything {
		return v, err
	}
	s.vmu.Lock()
	defer s.vmu.Unlock()
	out := s.catalog
	for _, m := range sh.Metrics {
		out = max(out, s.metricV[m])
	}
	return out, nil
}
