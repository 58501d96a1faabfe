package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"pjsx/data"
	"pjsx/data/pgtest"
)

// The tests here run the real binary as a separate process, so they can kill it.
var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// pjsxBinary builds cmd/pjsx once per test run.
func pjsxBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "pjsx-bin-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "pjsx")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// server is one `pjsx serve` process on loopback.
type server struct {
	cmd      *exec.Cmd
	url      string
	password string // the first admin's one-time password, when this start made it
	stderr   *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var (
	servingURL = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)
	oneTimePW  = regexp.MustCompile(`one-time password \(shown only now\): (\S+)`)
)

// startServer runs `pjsx serve` on a free loopback port, with more flags if given, and waits
// until it says where.
func startServer(t *testing.T, db string, flags ...string) *server {
	t.Helper()
	cmd := exec.Command(pjsxBinary(t), append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, flags...)...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, stderr: &lockedBuffer{}}
	t.Cleanup(func() { s.kill() })
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(s.stderr, line)
		if m := oneTimePW.FindStringSubmatch(line); m != nil {
			s.password = m[1]
		}
		if m := servingURL.FindStringSubmatch(line); m != nil {
			s.url = m[1]
			break
		}
	}
	if s.url == "" {
		cmd.Wait()
		t.Fatalf("pjsx serve did not start:\n%s", s.stderr)
	}
	go io.Copy(s.stderr, pipe)
	return s
}

// kill is SIGKILL: no shutdown, no flush, as a power cut or the OOM killer would do it.
func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Signal(syscall.SIGKILL)
		s.cmd.Wait()
	}
}

// browser is a logged-in staff client of a server: cookies and the CSRF token.
type browser struct {
	c    *http.Client
	csrf string
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

func newBrowser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(u string) (int, error) {
	res, err := b.c.Get(u)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfMeta.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return res.StatusCode, nil
}

func (b *browser) post(u string, form url.Values) (int, error) {
	form.Set("csrf", b.csrf)
	res, err := b.c.PostForm(u, form)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

func (b *browser) login(t *testing.T, base, name, password string) {
	t.Helper()
	if _, err := b.get(base + "/login"); err != nil {
		t.Fatal(err)
	}
	code, err := b.post(base+"/login", url.Values{"username": {name}, "password": {password}})
	if err != nil || code != http.StatusSeeOther {
		t.Fatalf("login %s = %d %v", name, code, err)
	}
	if _, err := b.get(base + "/edit/"); err != nil {
		t.Fatal(err)
	}
}

// addDailyMetric adds a count metric figures of which are entered by day, so tests have
// periods to spare.
func addDailyMetric(t *testing.T, db, code string) {
	t.Helper()
	ctx := context.Background()
	store, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.AddMetric(ctx, data.Actor{Name: "test"}, data.Metric{Code: code, Category: "transport",
		NameZh: "测试", NameEn: "test", UnitZh: "个", UnitEn: "n", Kind: data.KindCount}); err != nil {
		t.Fatal(err)
	}
}

// checkDB opens a database after the kills: it must pass the integrity check.
func checkDB(t *testing.T, db string) *data.Store {
	t.Helper()
	ctx := context.Background()
	store, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if res, err := store.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("PRAGMA integrity_check = %q, %v", res, err)
	}
	return store
}
