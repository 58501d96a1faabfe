package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"pjsx/data"
)

// copyDB is `pjsx copy-db --from A --to B`: every table of A into B, a new database, SQLite to
// PostgreSQL or back, in one transaction; then both sides' row counts and checksums, printed.
func copyDB(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("copy-db", flag.ContinueOnError)
	from := fs.String("from", "", "the database to copy: a SQLite file or postgres://…")
	to := fs.String("to", "", "a new, empty database: a SQLite file or postgres://…")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return errors.New("usage: pjsx copy-db --from pjsx.db --to postgres://user@host/pjsx (or back)")
	}
	if err := mustExist(*from); err != nil {
		return err
	}
	ctx := context.Background()
	src, err := data.Open(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := data.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	checks, err := data.CopyDatabase(ctx, src, dst)
	if err != nil {
		return err
	}
	fmt.Printf("%-22s %10s %10s  %-16s %-16s\n", "table", "rows from", "rows to", "checksum from", "checksum to")
	bad := 0
	for _, c := range checks {
		mark := ""
		if !c.OK() {
			mark, bad = "  DIFFERS", bad+1
		}
		fmt.Printf("%-22s %10d %10d  %-16s %-16s%s\n", c.Table, c.FromRows, c.ToRows, c.FromCheck[:16], c.ToCheck[:16], mark)
	}
	if bad > 0 {
		return fmt.Errorf("%d tables differ after the copy: do not use %s", bad, data.RedactDSN(*to))
	}
	log.Info("copied", "from", data.RedactDSN(*from), "to", data.RedactDSN(*to), "tables", len(checks))
	return nil
}

// mustExist refuses a SQLite source that is not there (opening it would make a new, empty one).
func mustExist(path string) error {
	if data.IsPostgresDSN(path) {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s does not exist", path)
	}
	return nil
}
