package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"
)

// Backup writes a consistent copy of the database to dest, a new file made owner-only, while
// the server goes on serving. VACUUM INTO reads one snapshot in a read transaction, so writes
// committed during the copy are simply not in it, and writers are not held up.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if dest == "" {
		return errors.New("data.Backup: no destination")
	}
	if s.dialect == Postgres {
		return s.backupPostgres(ctx, dest)
	}
	f, err := os.OpenFile(dest, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("data.Backup: %s exists already: choose a new file", dest)
	}
	if err != nil {
		return fmt.Errorf("data.Backup: %w", err)
	}
	f.Close()
	// Its own connection: the readers are query_only, which refuses VACUUM INTO, and the writer
	// must stay free for staff saving figures.
	db, err := sql.Open("sqlite", dsn(s.path, false))
	if err == nil {
		_, err = db.ExecContext(ctx, `VACUUM INTO ?`, dest)
		err = errors.Join(err, db.Close())
	}
	if err != nil {
		os.Remove(dest)
		return fmt.Errorf("data.Backup: %w", err)
	}
	return nil
}

// backupPostgres runs pg_dump (custom format, one snapshot) into dest when it is on PATH; pjsx
// does not copy a PostgreSQL database itself.
func (s *Store) backupPostgres(ctx context.Context, dest string) error {
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("data.Backup: on PostgreSQL, back up with pg_dump, which is not on PATH here " +
			"(Debian: apt-get install postgresql-client): pg_dump --format=custom --file=DEST 'postgres://…'")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("data.Backup: %s exists already: choose a new file", dest)
	}
	out, err := exec.CommandContext(ctx, pgDump, "--format=custom", "--file="+dest, "--dbname="+s.path).CombinedOutput()
	if err != nil {
		os.Remove(dest)
		return fmt.Errorf("data.Backup: pg_dump: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return os.Chmod(dest, 0o600)
}

// IntegrityCheck runs PRAGMA integrity_check and returns its answer: "ok" for a sound file. On
// PostgreSQL, which checks its own pages, it is "ok" when the database answers.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	if s.dialect == Postgres {
		if err := s.Ping(ctx); err != nil {
			return "", err
		}
		return "ok", nil
	}
	var res string
	if err := s.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return "", fmt.Errorf("data.IntegrityCheck: %w", err)
	}
	return res, nil
}
