package data

import (
	"context"
	"database/sql"
	"os"
	"testing"
)

// TestOwnCommitsBumpTheVersionInProcess: this process's commit is seen by the next Version even
// when the write-ahead log looks as it did at the last read (a file system with coarse times):
// Tx bumps the version in memory; the log check is only for other processes.
func TestOwnCommitsBumpTheVersionInProcess(t *testing.T) {
	ctx := context.Background()
	s := newInternalStore(t)
	before, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(ctx, func(tx *sql.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	// As if the last read had seen the log exactly as the commit left it.
	fi, err := os.Stat(s.path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	s.vmu.Lock()
	s.wal = walStamp{size: fi.Size(), mod: fi.ModTime(), ok: true}
	s.vmu.Unlock()
	if after, _ := s.Version(ctx); after != before+1 {
		t.Errorf("version after this process's commit = %d, want %d", after, before+1)
	}
	if err := s.TxQuiet(ctx, func(tx *sql.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Version(ctx); v != before+1 {
		t.Errorf("a quiet write moved the version to %d", v)
	}
}
