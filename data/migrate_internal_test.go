package data

import (
	"context"
	"path/filepath"
	"testing"
)

// A migration another process applied between our look and our transaction is not run again:
// applyMigration looks inside its own transaction.
func TestApplyMigrationSkipsOneAlreadyApplied(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// 0001 creates tables without IF NOT EXISTS: running it twice would fail.
	if err := s.applyMigration(ctx, 1, "0001_init.sql", "migrations/0001_init.sql"); err != nil {
		t.Fatalf("applying 0001 to a database that has it: %v", err)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = 1`).Scan(&n); err != nil || n != 1 {
		t.Errorf("0001 recorded %d times (%v)", n, err)
	}
}
