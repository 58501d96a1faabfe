// Command pjsx is the Ping-Ji-San-Xing dashboard: one binary that serves, imports, exports and
// backs up the shared figures of Pinggu, Jizhou, Sanhe and Xinglong.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"pjsx/dashboard"
	"pjsx/data"
	"pjsx/seed"
)

const usage = `pjsx — 平蓟三兴协同发展数据看板 / Ping-Ji-San-Xing cooperation dashboard

usage:
  pjsx serve [--addr 127.0.0.1:8080] [--db pjsx.db|postgres://…] [--require-login] [--trust-proxy]
             [--public-url https://…] [--no-review]   (env PJSX_ADDR, PJSX_DB, PJSX_TRUST_PROXY, PJSX_PUBLIC_URL)
  pjsx import FILE.csv|FILE.xlsx [--dry-run] [--db …]   every row or none
  pjsx user add|passwd|disable|enable NAME [--role viewer|editor|reviewer|admin] [--regions a,b] [--password-stdin] [--db …]
  pjsx export [--format csv|xlsx] [--out FILE] [--db …]   every current figure, re-importable
  pjsx briefing --metrics a,b [--format pdf|docx] [--out FILE] [--asof DATE] [--lang zh|en]
                [--regions a,b] [--from P] [--to P] [--granularity year|quarter|month]
                [--public-url https://…] [--db …]
  pjsx backup DEST.db [--db …]   a consistent copy, safe while the server runs (PostgreSQL: pg_dump)
  pjsx copy-db --from pjsx.db --to postgres://…   every table into a new database (and back), checked
  pjsx demo  [--db demo.db] [--months 100] [--scale N] [--revisions N]   synthetic, clearly labelled history
`

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(log)
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "serve":
		err = serve(log, args)
	case "import":
		err = importCmd(log, args)
	case "user":
		err = userCmd(log, args)
	case "demo":
		err = demo(log, args)
	case "export":
		err = export(log, args)
	case "copy-db":
		err = copyDB(log, args)
	case "backup":
		err = backup(log, args)
	case "briefing":
		err = briefing(log, args)
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "pjsx: unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
	if err != nil {
		log.Error("pjsx "+os.Args[1], "err", err)
		os.Exit(1)
	}
}

// publicURLUsage is the help of --public-url, on serve and briefing alike.
const publicURLUsage = "the address readers reach the dashboard at, the base of every permalink and QR code " +
	"(env PJSX_PUBLIC_URL); without it, files carry paths only"

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// openStore opens (creating, migrating and seeding when new) the database.
func openStore(ctx context.Context, log *slog.Logger, path string) (*data.Store, error) {
	ownerOnlyDatabase(log, path)
	store, err := data.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	wrote, err := seed.Load(ctx, store)
	if err != nil {
		store.Close()
		return nil, err
	}
	if wrote {
		log.Info("seeded the reference figures", "db", data.RedactDSN(path))
	}
	return store, nil
}

func serve(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", envOr("PJSX_ADDR", "127.0.0.1:8080"), "address to listen on")
	dbPath := fs.String("db", envOr("PJSX_DB", "pjsx.db"), "SQLite database file or postgres://… address")
	requireLogin := fs.Bool("require-login", false, "require a login to read")
	trustProxy := fs.Bool("trust-proxy", os.Getenv("PJSX_TRUST_PROXY") != "",
		"take client addresses from X-Forwarded-For (only behind a reverse proxy; env PJSX_TRUST_PROXY)")
	publicURL := fs.String("public-url", os.Getenv("PJSX_PUBLIC_URL"), publicURLUsage)
	noReview := fs.Bool("no-review", false,
		"publish every staff save at once, without a reviewer (an office of one); wins over the admin setting")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft ceiling, so the garbage collector keeps the server small on an old intranet box.
		debug.SetMemoryLimit(64 << 20)
	}

	store, err := openStore(ctx, log, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := createFirstAdmin(ctx, store); err != nil {
		return err
	}
	srv, err := dashboard.New(dashboard.Config{Store: store, Logger: log, RequireLogin: *requireLogin,
		TrustProxy: *trustProxy, PublicURL: *publicURL, NoReview: *noReview})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	log.Info("serving", "url", "http://"+ln.Addr().String(), "db", data.RedactDSN(*dbPath))
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
