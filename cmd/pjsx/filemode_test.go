package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAWorldReadableDatabaseIsMadeOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pjsx.db")
	for _, p := range []string{db, db + "-wal"} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, 0o644) // whatever the umask
	}
	var log bytes.Buffer
	ownerOnlyDatabase(slog.New(slog.NewTextHandler(&log, nil)), db)
	for _, p := range []string{db, db + "-wal"} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), info.Mode().Perm())
		}
	}
	if n := strings.Count(log.String(), "level=WARN"); n != 2 {
		t.Errorf("%d warnings, want one a file:\n%s", n, log.String())
	}
	log.Reset()
	ownerOnlyDatabase(slog.New(slog.NewTextHandler(&log, nil)), db)
	if log.Len() != 0 {
		t.Errorf("an owner-only database still warned: %s", log.String())
	}
}
