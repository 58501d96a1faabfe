package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"pjsx/data"
	"pjsx/seed"
)

// demo fills a new database with clearly labelled synthetic monthly history.
func demo(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("PJSX_DB", "demo.db"), "SQLite database file or postgres://… address (new, or an earlier demo)")
	months := fs.Int("months", 100, "monthly periods per series")
	scale := fs.Int("scale", 0, "synthetic metrics to add (2000 gives about a million figures)")
	revisions := fs.Int("revisions", 0, "give every Nth figure a second revision (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	store, err := data.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.MarkDemo(ctx); err != nil {
		return fmt.Errorf("%s: %w", *dbPath, err)
	}
	if _, err := seed.Load(ctx, store); err != nil {
		return err
	}
	start := time.Now()
	n, err := store.GenerateDemo(ctx, data.DemoOptions{Months: *months, ExtraMetrics: *scale, Revisions: *revisions, Seed: 1})
	if err != nil {
		return err
	}
	log.Info("demo history written", "db", data.RedactDSN(*dbPath), "figures", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
