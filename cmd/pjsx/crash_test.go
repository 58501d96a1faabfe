package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// day is the n-th day after 2000-01-01, a period no other test figure uses.
func day(n int) string {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format("2006-01-02")
}

// TestKilledServerKeepsEveryAcknowledgedSave starts `pjsx serve`, has four staff save figures at
// once, and SIGKILLs the server after a different number of acknowledged saves each round. Every
// save answered 303 before the kill is in the database afterwards, and the file is sound.
func TestKilledServerKeepsEveryAcknowledgedSave(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pjsx.db")
	first := startServer(t, db, "--no-review")
	if first.password == "" {
		t.Fatalf("the first serve printed no one-time password:\n%s", first.stderr)
	}
	// The database and its WAL files are the owner's only, whatever the umask.
	b := newBrowser()
	b.login(t, first.url, "admin", first.password)
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if st, err := os.Stat(f); err != nil || st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: mode %v, %v: want owner-only", f, st.Mode().Perm(), err)
		}
	}
	// The one-time password reaches the terminal, never the structured log.
	for _, line := range strings.Split(first.stderr.String(), "\n") {
		if strings.Contains(line, "level=") && strings.Contains(line, first.password) {
			t.Errorf("a log line holds the admin password: %s", line)
		}
	}
	first.kill()
	addDailyMetric(t, db, "crash_daily")

	var (
		mu    sync.Mutex
		acked = map[string]int{} // period → value, answered 303
		next  atomic.Int64
	)
	const workers, maxRounds = 4, 12
	deadline := time.Now().Add(15 * time.Second)
	rounds := 0
	for ; rounds < maxRounds && time.Now().Before(deadline); rounds++ {
		s := startServer(t, db, "--no-review")
		if _, err := b.get(s.url + "/edit/"); err != nil { // the session outlives the process
			t.Fatal(err)
		}
		killAfter := int64(3 + (rounds*11)%29)
		var roundAcks atomic.Int64
		var killed atomic.Bool
		killNow := make(chan struct{})
		var once sync.Once
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for !killed.Load() {
					n := int(next.Add(1))
					code, err := b.post(s.url+"/edit/figures", url.Values{"metric": {"crash_daily"}, "region": {""},
						"period": {day(n)}, "value": {fmt.Sprint(n)}, "source": {"crash test"}})
					switch {
					case err != nil && killed.Load():
						return // in flight at the kill: either outcome is right
					case err != nil:
						t.Errorf("save %d before the kill: %v", n, err)
						return
					case code == http.StatusSeeOther:
						mu.Lock()
						acked[day(n)] = n
						mu.Unlock()
						if roundAcks.Add(1) >= killAfter {
							once.Do(func() { close(killNow) })
						}
					default:
						if !killed.Load() {
							t.Errorf("save %d = %d", n, code)
							once.Do(func() { close(killNow) })
						}
					}
				}
			}()
		}
		<-killNow
		killed.Store(true)
		s.cmd.Process.Signal(syscall.SIGKILL) // while the other editors' saves are in flight
		wg.Wait()
		s.kill()
	}
	store := checkDB(t, db)
	ctx := context.Background()
	for period, n := range acked {
		o, err := store.CurrentFigure(ctx, "crash_daily", "", period)
		if err != nil || o.Value != float64(n) {
			t.Errorf("acknowledged save %s = %d is lost: %+v %v", period, n, o, err)
		}
	}
	if rounds < 5 || len(acked) < rounds*3 {
		t.Fatalf("only %d rounds, %d acknowledged saves: the test proved little", rounds, len(acked))
	}
	t.Logf("%d kill rounds, %d acknowledged saves all present, integrity_check ok", rounds, len(acked))
}

// TestKilledImportIsAllOrNothing SIGKILLs `pjsx import` of a large file at a different moment
// each round: each file is afterwards wholly in the database or not at all.
func TestKilledImportIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pjsx.db")
	bin := pjsxBinary(t)
	small := filepath.Join(dir, "small.csv")
	os.WriteFile(small, []byte("metric,region,period,value,source\njoint_meetings,,2015,1,s\n"), 0o600)
	if out, err := exec.Command(bin, "import", small, "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	addDailyMetric(t, db, "crash_import")
	const rows, maxRounds = 20000, 10
	regions := []string{"", "pinggu", "jizhou", "sanhe", "xinglong"}
	file := func(round int) string {
		var sb strings.Builder
		sb.WriteString("metric,region,period,value,source\n")
		for i := range rows {
			fmt.Fprintf(&sb, "crash_import,%s,%s,%d,round-%d\n", regions[i%5], day(i/5), round*1_000_000+i, round)
		}
		p := filepath.Join(dir, fmt.Sprintf("round%d.csv", round))
		if err := os.WriteFile(p, []byte(sb.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	countRound := func(round int) int {
		sdb, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		var n int
		if err := sdb.QueryRow(`SELECT count(*) FROM observations WHERE source = ?`, fmt.Sprintf("round-%d", round)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Round 0 runs to the end: how long a whole import takes sets when the others are killed.
	start := time.Now()
	if out, err := exec.Command(bin, "import", file(0), "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	whole := time.Since(start)
	if n := countRound(0); n != rows {
		t.Fatalf("a finished import holds %d of %d rows", n, rows)
	}
	all, none := 1, 0
	deadline := time.Now().Add(15 * time.Second)
	for round := 1; round <= maxRounds && time.Now().Before(deadline); round++ {
		path := file(round)
		cmd := exec.Command(bin, "import", path, "--db", db)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// From early (parsing) to late (committing), and now and then after the end.
		time.Sleep(whole * time.Duration(round) / maxRounds)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		switch n := countRound(round); n {
		case 0:
			none++
		case rows:
			all++
		default:
			t.Fatalf("round %d: killed import left %d of %d rows", round, n, rows)
		}
	}
	checkDB(t, db)
	if none == 0 {
		t.Errorf("no import was killed before its commit: the test proved little")
	}
	t.Logf("%d import rounds of %d rows (a whole one takes %v): %d all there, %d not at all; integrity_check ok",
		all+none, rows, whole.Round(time.Millisecond), all, none)
}
