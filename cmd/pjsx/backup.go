package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"

	"pjsx/data"
)

// backup is `pjsx backup DEST.db [--db …]`: a consistent copy, safe while the server runs.
func backup(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("PJSX_DB", "pjsx.db"), "SQLite database file or postgres://… address")
	var dest string
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		dest, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if dest == "" && fs.NArg() > 0 {
		dest = fs.Arg(0)
	}
	if dest == "" {
		return errors.New("usage: pjsx backup DEST.db [--db pjsx.db]")
	}
	ctx := context.Background()
	store, err := data.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Backup(ctx, dest); err != nil {
		return err
	}
	log.Info("backed up", "db", data.RedactDSN(*dbPath), "to", dest)
	return nil
}
