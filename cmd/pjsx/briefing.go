package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"pjsx/dashboard"
)

// briefing writes the PDF or Word briefing of the charts named, as /export/briefing.pdf|.docx
// would serve it, for a writer who works from the command line or a scheduled job.
func briefing(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("briefing", flag.ContinueOnError)
	metrics := fs.String("metrics", "", "metric codes, comma-separated (required)")
	format := fs.String("format", "", "pdf or docx (default: from --out, else pdf)")
	out := fs.String("out", "", "file to write (default: standard output)")
	asof := fs.String("asof", "", "YYYY-MM-DD: what was public at the end of that day")
	lang := fs.String("lang", "zh", "zh or en")
	regions := fs.String("regions", "", "places, comma-separated (pinggu, jizhou, sanhe, xinglong, joint); default all")
	from := fs.String("from", "", "first period (YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)")
	to := fs.String("to", "", "last period")
	granularity := fs.String("granularity", "", "year, quarter or month")
	dbPath := fs.String("db", envOr("PJSX_DB", "pjsx.db"), "SQLite database file or postgres://… address")
	publicURL := fs.String("public-url", os.Getenv("PJSX_PUBLIC_URL"), publicURLUsage)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format == "" {
		*format = "pdf"
		if strings.EqualFold(filepath.Ext(*out), ".docx") {
			*format = "docx"
		}
	}
	if *format != "pdf" && *format != "docx" {
		return fmt.Errorf("--format must be pdf or docx, not %q", *format)
	}
	if strings.TrimSpace(*metrics) == "" {
		return fmt.Errorf("--metrics is required: the metric codes of the charts, comma-separated")
	}
	q := url.Values{"metrics": {*metrics}, "lang": {*lang}}
	for name, v := range map[string]string{"asof": *asof, "regions": *regions, "from": *from, "to": *to, "granularity": *granularity} {
		if v != "" {
			q.Set(name, v)
		}
	}
	ctx := context.Background()
	store, err := openStore(ctx, log, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	srv, err := dashboard.New(dashboard.Config{Store: store, Logger: log, PublicURL: *publicURL})
	if err != nil {
		return err
	}
	body, err := srv.Briefing(ctx, q, *format, time.Now())
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = os.Stdout.Write(body)
		return err
	}
	if err := os.WriteFile(*out, body, 0o644); err != nil {
		return err
	}
	log.Info("wrote the briefing", "out", *out, "format", *format, "bytes", len(body))
	return nil
}
