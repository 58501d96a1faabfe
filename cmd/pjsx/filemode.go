package main

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
)

// ownerOnlyDatabase makes the database and its WAL files readable by their owner only, and says
// so when they were not: the file holds password hashes and sessions. New databases are created
// that way; one copied in with a loose mode (cp, an unzip, a umask of 022) is fixed at start.
func ownerOnlyDatabase(log *slog.Logger, path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			log.Warn("cannot check the database file's mode", "file", p, "err", err)
			continue
		}
		mode := info.Mode().Perm()
		if mode&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, mode&0o700); err != nil {
			log.Warn("the database file is readable by other users of this machine: make it owner-only (chmod 600)",
				"file", p, "mode", mode.String(), "err", err)
			continue
		}
		log.Warn("the database file was readable by other users of this machine: made it owner-only",
			"file", p, "was", mode.String(), "now", (mode & 0o700).String())
	}
}
