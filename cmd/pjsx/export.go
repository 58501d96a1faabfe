package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// export writes every current figure as CSV or XLSX, in the columns the staff import reads.
func export(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "", "csv or xlsx (default: from --out, else csv)")
	out := fs.String("out", "", "file to write (default: standard output)")
	dbPath := fs.String("db", envOr("PJSX_DB", "pjsx.db"), "SQLite database file or postgres://… address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format == "" {
		*format = "csv"
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			*format = "xlsx"
		}
	}
	if *format != "csv" && *format != "xlsx" {
		return fmt.Errorf("--format must be csv or xlsx, not %q", *format)
	}
	ctx := context.Background()
	store, err := openStore(ctx, log, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	var w io.Writer = os.Stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	n, err := store.ExportFigures(ctx, w, *format)
	if err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		if err := f.Close(); err != nil {
			return err
		}
	}
	log.Info("exported the current figures", "figures", n, "format", *format, "out", *out)
	if *format == "csv" && *out != "" {
		// A CSV holds one table: the catalog goes beside it, where pjsx import looks for it.
		side := catalogFileOf(*out)
		f, err := os.OpenFile(side, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		if err := store.ExportCatalog(ctx, f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		log.Info("exported the metric catalog", "out", side)
	}
	return nil
}
