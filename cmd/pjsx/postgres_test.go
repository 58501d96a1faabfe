package main

import (
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pjsx/data/pgtest"
)

// The binary on PostgreSQL: `serve --db postgres://…` migrates, seeds and serves a new database
// and logs no password; `copy-db` copies it into a new SQLite file with every table checked, and
// refuses to copy into that file again.
func TestServeAndCopyDBOnPostgres(t *testing.T) {
	dsn := strings.Replace(pgtest.Start(t).NewDatabase(t, ""), "postgres@", "postgres:s3cret-pw@", 1)
	s := startServer(t, dsn)
	b := newBrowser()
	if code, err := b.get(s.url + "/metrics/cross_border_bus_lines"); err != nil || code != http.StatusOK {
		t.Fatalf("a metric page on PostgreSQL = %d, %v", code, err)
	}
	b.login(t, s.url, "admin", s.password)
	s.kill()
	if strings.Contains(s.stderr.String(), "s3cret-pw") {
		t.Errorf("the server logged the database password:\n%s", s.stderr)
	}

	dest := filepath.Join(t.TempDir(), "back.db")
	out, err := exec.Command(pjsxBinary(t), "copy-db", "--from", dsn, "--to", dest).CombinedOutput()
	if err != nil {
		t.Fatalf("copy-db: %v\n%s", err, out)
	}
	for _, want := range []string{"observations", "metrics", "users", "sessions"} {
		if !strings.Contains(string(out), "\n"+want+" ") {
			t.Errorf("copy-db printed no row for %s:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "DIFFERS") || strings.Contains(string(out), "s3cret-pw") {
		t.Errorf("copy-db output:\n%s", out)
	}
	out, err = exec.Command(pjsxBinary(t), "copy-db", "--from", dsn, "--to", dest).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "in use") {
		t.Errorf("a second copy into the same file: %v\n%s", err, out)
	}
}
