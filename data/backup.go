package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent copy of the database to dest, a new file made owner-only, while
// the server goes on serving. VACUUM INTO reads one snapshot in a read transaction, so writes
// committed during the copy are simply not in it, and writers are not held up.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if dest == "" {
		return errors.New("data.Backup: no destination")
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

// IntegrityCheck runs PRAGMA integrity_check and returns its answer: "ok" for a sound file.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	if err := s.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return "", fmt.Errorf("data.IntegrityCheck: %w", err)
	}
	return res, nil
}
