package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"pjsx/data"
)

// importCmd is `pjsx import FILE.csv|FILE.xlsx [--dry-run] [--db F]`: the rules of the web
// import, run as an unrestricted editor; every row or none.
func importCmd(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("PJSX_DB", "pjsx.db"), "SQLite database file or postgres://… address")
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
	file, err := data.ParseImport(pos[0], body)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	// A CSV export's catalog is the file beside it (pjsx export --out F.csv writes F.metrics.csv).
	if side := catalogFileOf(pos[0]); side != "" {
		if b, err := os.ReadFile(side); err == nil {
			if file.Metrics, err = data.ParseCatalog(b); err != nil {
				return fmt.Errorf("%s: %w", side, err)
			}
		}
	}
	ctx := context.Background()
	store, err := openStore(ctx, log, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	anyRegion := func(string) bool { return true }
	// The operator on the host is trusted like the seed: the file's catalog adds missing metrics.
	rep, err := store.ImportWithCatalog(ctx, shellActor(), file, anyRegion, true, !*dryRun)
	for _, p := range rep.Problems {
		where := fmt.Sprintf("row %d", p.Line)
		if p.Sheet != "" {
			where = fmt.Sprintf("sheet %q, %s", p.Sheet, where)
		}
		fmt.Fprintf(os.Stderr, "%s, %s: %s\n", where, p.Column, p.Message)
	}
	for _, m := range rep.NewMetrics {
		fmt.Printf("new metric from the file's catalog: %s\n", m)
	}
	for _, sh := range file.SkippedSheets {
		fmt.Printf("sheet %q not read: no header row\n", sh)
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

// catalogFileOf is where a CSV export keeps its catalog: F.metrics.csv beside F.csv.
func catalogFileOf(path string) string {
	ext := filepath.Ext(path)
	if !strings.EqualFold(ext, ".csv") {
		return ""
	}
	return strings.TrimSuffix(path, ext) + ".metrics.csv"
}
