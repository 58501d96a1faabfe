package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"pjsx/data"
)

// importCmd is `pjsx import FILE.csv|FILE.xlsx [--dry-run] [--db F]`: the rules of the web
// import, run as an unrestricted editor; every row or none.
func importCmd(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("PJSX_DB", "pjsx.db"), "SQLite database file")
	dryRun := fs.Bool("dry-run", false, "check and preview only; write nothing")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: pjsx import FILE.csv|FILE.xlsx [--dry-run] [--db FILE]")
	}
	st, err := os.Stat(pos[0])
	if err != nil {
		return err
	}
	if st.Size() > data.MaxImportBytes {
		return fmt.Errorf("%s: larger than %d MB", pos[0], data.MaxImportBytes>>20)
	}
	body, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	rows, err := data.ParseImportFile(pos[0], body)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	ctx := context.Background()
	store, err := openStore(ctx, log, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	anyRegion := func(string) bool { return true }
	rep, err := store.ImportFigures(ctx, shellActor(), rows, anyRegion, !*dryRun)
	for _, p := range rep.Problems {
		fmt.Fprintf(os.Stderr, "row %d, %s: %s\n", p.Line, p.Column, p.Message)
	}
	fmt.Printf("%s: %d new, %d changed, %d unchanged, %d bad rows\n", pos[0], rep.New, rep.Changed, rep.Unchanged, len(rep.Problems))
	switch {
	case err != nil:
		return err
	case len(rep.Problems) > 0:
		return data.ErrImportRefused
	case *dryRun:
		fmt.Println("dry run: nothing written")
	default:
		fmt.Println("imported")
	}
	return nil
}
