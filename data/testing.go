package data

import (
	"context"
	"path/filepath"
	"testing"
)

// NewTestStore opens a fresh, migrated database file in the test's temporary folder.
func NewTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("data.NewTestStore: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
