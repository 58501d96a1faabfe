// Package pgtest starts one throwaway PostgreSQL server per test binary (Debian's postgresql
// package: initdb into a temporary folder, its socket there too, no TCP) and hands each test a
// database of its own. Without PostgreSQL the tests that need it skip, except under CI=true where
// they fail (DECISIONS.md, "Limits and checks").
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Enabled says whether this test run puts the store tests on PostgreSQL (PJSX_TEST_STORE=postgres).
func Enabled() bool { return os.Getenv("PJSX_TEST_STORE") == "postgres" }

// Server is a running throwaway PostgreSQL.
type Server struct {
	dir  string // data folder and socket folder
	cmd  *exec.Cmd
	done chan struct{}

	mu sync.Mutex
	n  int // databases made so far
}

var (
	once     sync.Once
	shared   *Server
	startErr error
)

// Start returns this test binary's server, starting it on first use; t skips (fails under CI)
// when PostgreSQL is not installed.
func Start(t testing.TB) *Server {
	t.Helper()
	once.Do(func() { shared, startErr = start() })
	if errors.Is(startErr, errMissing) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pgtest: %v (CI needs it: .ci/deps installs Debian's postgresql)", startErr)
		}
		t.Skipf("pgtest: %v; skipping the PostgreSQL run", startErr)
	}
	if startErr != nil {
		t.Fatalf("pgtest: %v", startErr)
	}
	return shared
}

// Stop ends the server and removes its folder; TestMain calls it after the tests ran.
func Stop() {
	if shared == nil {
		return
	}
	shared.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
	select {
	case <-shared.done:
	case <-time.After(10 * time.Second):
		shared.cmd.Process.Kill()
		<-shared.done
	}
	os.RemoveAll(shared.dir)
	shared = nil
}

// Main runs a test binary's tests and then stops the server, if they started one.
func Main(m interface{ Run() int }) int {
	code := m.Run()
	Stop()
	return code
}

var errMissing = errors.New("PostgreSQL (initdb, postgres) not found in /usr/lib/postgresql/*/bin or PATH")

// binDir finds the newest Debian PostgreSQL, else initdb on PATH.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errMissing
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pjsx-pg-")
	if err != nil {
		return nil, err
	}
	// PostgreSQL refuses to run as root: as root, run it as the postgres user, who owns the folder.
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "--auth=trust", "--username=postgres",
		"--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	// Durability is not what the tests test: no fsync makes CREATE DATABASE and commits cheap.
	// make bench measures saves as a deployment makes them (PJSX_PGTEST_FSYNC=on: the defaults).
	args := []string{"-D", data, "-k", dir, "-c", "listen_addresses=", "-c", "max_connections=200"}
	if os.Getenv("PJSX_PGTEST_FSYNC") != "on" {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	// Pdeathsig: a test binary killed before TestMain's Stop takes its server with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGINT}
	cmd.Dir = dir
	logf, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &Server{dir: dir, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(s.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := pgx.Connect(context.Background(), s.DSN("postgres"))
		if err == nil {
			c.Close(context.Background())
			return s, nil
		}
		select {
		case <-s.done:
			log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("postgres exited: %s", log)
		default:
		}
		if time.Now().After(deadline) {
			shared = s
			Stop()
			return nil, fmt.Errorf("postgres did not answer: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// DSN is the address of database name on this server.
func (s *Server) DSN(name string) string {
	return "postgres://postgres@/" + name + "?host=" + url.QueryEscape(s.dir) + "&sslmode=disable"
}

// Exec runs statements (CREATE DATABASE cannot run in a transaction) in the postgres database.
func (s *Server) Exec(sql string) error {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, s.DSN("postgres"))
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}

// NewDatabase creates an empty database, or a copy of template when it is not "", and returns its
// address. Databases live until the server stops.
func (s *Server) NewDatabase(t testing.TB, template string) string {
	t.Helper()
	s.mu.Lock()
	s.n++
	name := fmt.Sprintf("t%d", s.n)
	s.mu.Unlock()
	q := "CREATE DATABASE " + name
	if template != "" {
		q += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
	}
	if err := s.Exec(q); err != nil {
		t.Fatalf("pgtest: %s: %v", q, err)
	}
	return s.DSN(name)
}

// Template makes a database once per server with prepare (given its address) and returns its
// name, for NewDatabase to copy: prepare migrates once, each test copies the result.
func (s *Server) Template(t testing.TB, name string, prepare func(dsn string) error) string {
	t.Helper()
	v, _ := templates.LoadOrStore(name, &templateOnce{})
	o := v.(*templateOnce)
	o.once.Do(func() {
		if o.err = s.Exec("CREATE DATABASE " + pgx.Identifier{name}.Sanitize()); o.err != nil {
			return
		}
		o.err = prepare(s.DSN(name))
	})
	if o.err != nil {
		t.Fatalf("pgtest: template %s: %v", name, o.err)
	}
	return name
}

type templateOnce struct {
	once sync.Once
	err  error
}

var templates sync.Map

// NewPath is where a test's fresh database lives: a file in the test's folder, or under
// PJSX_TEST_STORE=postgres a new database on this binary's server, copied from one that migrate
// (given its address) prepared once.
func NewPath(t testing.TB, migrate func(dsn string) error) string {
	t.Helper()
	if !Enabled() {
		return filepath.Join(t.TempDir(), "test.db")
	}
	srv := Start(t)
	return srv.NewDatabase(t, srv.Template(t, "pjsx_migrated", migrate))
}

// Name is a database's name from its address (the path of the DSN).
func Name(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}
