// Package datatest is test support for code that uses data.Store: a fresh database in a test's
// folder, and fixture writers that put figures in the way another program would, without the
// staff rules (a month figure beside year ones, an old two-line source). Production code never
// imports it.
package datatest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"pjsx/data"
	"pjsx/data/pgtest"
)

// NewStore opens a fresh, migrated database file in the test's temporary folder, closed when
// the test ends.
// Under PJSX_TEST_STORE=postgres it is a fresh PostgreSQL database instead (pgtest), copied from
// one migrated once per test binary.
func NewStore(t testing.TB) *data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), NewPath(t))
	if err != nil {
		t.Fatalf("datatest.NewStore: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// NewPath is the address of a fresh, empty-but-migrated database for data.Open: a file in the
// test's folder, or under PJSX_TEST_STORE=postgres a new PostgreSQL database.
func NewPath(t testing.TB) string {
	t.Helper()
	return pgtest.NewPath(t, func(dsn string) error {
		s, err := data.Open(context.Background(), dsn)
		if err != nil {
			return err
		}
		return s.Close()
	})
}

// SaveFigure appends a revision of a figure as a fixture: the newest revision of its metric,
// region and period (as ParsePeriod reads it) is superseded, nothing else is checked but the
// schema's own rules. It writes through its own connection, as another process would, and bumps
// (and on PostgreSQL announces) the data version like every commit.
func SaveFigure(ctx context.Context, s *data.Store, in data.FigureInput) (data.Observation, error) {
	return SaveFigureAt(ctx, s, in, time.Now())
}

// SaveFigureAt is SaveFigure written (and so published) at the instant at, to place a revision
// on a day for reads as of a date.
func SaveFigureAt(ctx context.Context, s *data.Store, in data.FigureInput, at time.Time) (data.Observation, error) {
	day, gran, err := data.ParsePeriod(in.Period)
	if err != nil {
		return data.Observation{}, fmt.Errorf("datatest.SaveFigure: %w", err)
	}
	var id int64
	err = write(ctx, s, false, func(tx *sql.Tx) error {
		sup, err := current(ctx, tx, in.Metric, in.Region, day, gran)
		if err != nil {
			return err
		}
		c := in.Citation
		return tx.QueryRowContext(ctx, `INSERT INTO observations (metric, region, period, granularity, value,
			qualifier, source, source_outlet, source_title, source_date, source_url, note, supersedes, entered_by,
			entered_at, demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.Metric, nullIfEmpty(in.Region), day, gran, in.Value, in.Qualifier, in.Source, c.Outlet, c.Title,
			c.Date, c.URL, in.Note, sup, in.By, at.UTC().Format(time.RFC3339Nano), in.Demo).Scan(&id)
	})
	if err != nil {
		return data.Observation{}, fmt.Errorf("datatest.SaveFigure %s/%s/%s: %w", in.Metric, in.Region, in.Period, err)
	}
	return s.Observation(ctx, id)
}

// DeleteFigure appends a tombstone over the current revision of a figure (period as ParsePeriod
// reads it); data.ErrNotFound if there is none or it is deleted already.
func DeleteFigure(ctx context.Context, s *data.Store, metric, region, period, reason, by string) error {
	return DeleteFigureAt(ctx, s, metric, region, period, reason, by, time.Now())
}

// DeleteFigureAt is DeleteFigure written (and so published) at the instant at.
func DeleteFigureAt(ctx context.Context, s *data.Store, metric, region, period, reason, by string, at time.Time) error {
	day, gran, err := data.ParsePeriod(period)
	if err != nil {
		return data.ErrNotFound
	}
	return write(ctx, s, false, func(tx *sql.Tx) error {
		var id int64
		var deleted bool
		err := tx.QueryRowContext(ctx, `SELECT observation_id, deleted FROM current_figures
			WHERE metric = ? AND region = ? AND period = ? AND granularity = ?`, metric, region, day, gran).Scan(&id, &deleted)
		if errors.Is(err, sql.ErrNoRows) || deleted {
			return data.ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO observations
			(metric, region, period, granularity, value, deleted, source, note, supersedes, entered_by, entered_at)
			SELECT metric, region, period, granularity, NULL, 1, ?, '', id, ?, ? FROM observations WHERE id = ?`,
			reason, by, at.UTC().Format(time.RFC3339Nano), id)
		return err
	})
}

// write runs fn in one transaction on a connection of its own and bumps the data version, and
// the catalog version too for a write to the catalog, as a server's transaction does.
func write(ctx context.Context, s *data.Store, catalog bool, fn func(tx *sql.Tx) error) error {
	db, err := data.OpenRaw(s.Path())
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	// Queue behind the servers' writers, as every Store transaction does.
	if err := s.LockWriters(ctx, tx); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	var version int64
	if err := tx.QueryRowContext(ctx, `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'
		RETURNING CAST(value AS INTEGER)`).Scan(&version); err != nil {
		return err
	}
	if catalog {
		if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'catalog_version'`, strconv.FormatInt(version, 10)); err != nil {
			return err
		}
	}
	// Announced as every server announces its writes (PostgreSQL), and awaited: when this returns,
	// s's next Version includes the write, as a server's does once the notification has arrived.
	if err := s.NotifyVersion(ctx, tx, version); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	heard, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return s.AwaitVersion(heard, version)
}

func current(ctx context.Context, tx *sql.Tx, metric, region, day, gran string) (any, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT observation_id FROM current_figures
		WHERE metric = ? AND region = ? AND period = ? AND granularity = ?`, metric, region, day, gran).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return id, err
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// RenameMetricAt renames a metric at the instant at, as a catalog change by another program
// would: the catalog row changes and a copy of its newest revision with the new names is
// appended to metric_revisions.
func RenameMetricAt(ctx context.Context, s *data.Store, code, nameZh, nameEn string, at time.Time) error {
	return write(ctx, s, true, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE metrics SET name_zh = ?, name_en = ? WHERE code = ?`, nameZh, nameEn, code); err != nil {
			return err
		}
		newID := `NULL`
		if s.Dialect() == data.Postgres { // an identity takes no NULL: draw the next id
			newID = `nextval(pg_get_serial_sequence('metric_revisions', 'id'))`
		}
		for _, stmt := range []string{
			`CREATE TEMP TABLE renamed AS SELECT * FROM metric_revisions WHERE id = (SELECT max(id) FROM metric_revisions WHERE code = ?)`,
			`UPDATE renamed SET id = ` + newID + `, name_zh = ?, name_en = ?, changed_at = ?`,
			`INSERT INTO metric_revisions SELECT * FROM renamed`,
			`DROP TABLE renamed`,
		} {
			var args []any
			switch {
			case strings.HasPrefix(stmt, "CREATE"):
				args = []any{code}
			case strings.HasPrefix(stmt, "UPDATE"):
				args = []any{nameZh, nameEn, at.UTC().Format(time.RFC3339Nano)}
			}
			if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// PublishAt publishes a waiting figure revision at the instant at, as a reviewer's approval
// would (without its audit entry).
func PublishAt(ctx context.Context, s *data.Store, observationID int64, by string, at time.Time) error {
	return write(ctx, s, false, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO publications (observation_id, published_at, published_by) VALUES (?, ?, ?)`,
			observationID, at.UTC().Format(time.RFC3339Nano), by)
		return err
	})
}
