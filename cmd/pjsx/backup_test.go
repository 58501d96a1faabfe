package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackupWhileSaving runs `pjsx backup` several times while staff save figures through a
// running server: each copy opens, passes the integrity check, and holds every figure whose save
// was acknowledged before that backup began.
func TestBackupWhileSaving(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pjsx.db")
	s := startServer(t, db, "--no-review")
	password := s.password
	s.kill()
	addDailyMetric(t, db, "backup_daily")
	s = startServer(t, db, "--no-review")
	b := newBrowser()
	b.login(t, s.url, "admin", password)

	var (
		mu    sync.Mutex
		acked []int // values, in the order their 303 arrived
		next  atomic.Int64
		stop  atomic.Bool
		wg    sync.WaitGroup
	)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				n := int(next.Add(1))
				code, err := b.post(s.url+"/edit/figures", url.Values{"metric": {"backup_daily"}, "region": {""},
					"period": {day(n)}, "value": {fmt.Sprint(n)}, "source": {"backup test"}})
				if err != nil || code != http.StatusSeeOther {
					t.Errorf("save %d = %d %v", n, code, err)
					return
				}
				mu.Lock()
				acked = append(acked, n)
				mu.Unlock()
			}
		}()
	}
	const backups = 4
	checked := 0
	for i := range backups {
		for { // let some saves land first
			mu.Lock()
			n := len(acked)
			mu.Unlock()
			if n >= (i+1)*10 || t.Failed() {
				break
			}
			time.Sleep(time.Millisecond)
		}
		mu.Lock()
		before := append([]int(nil), acked...)
		mu.Unlock()
		dest := filepath.Join(dir, fmt.Sprintf("backup%d.db", i))
		if out, err := exec.Command(pjsxBinary(t), "backup", dest, "--db", db).CombinedOutput(); err != nil {
			t.Fatalf("pjsx backup: %v\n%s", err, out)
		}
		if st, err := os.Stat(dest); err != nil || st.Mode().Perm()&0o077 != 0 {
			t.Errorf("backup %s: mode %v %v, want owner-only", dest, st.Mode().Perm(), err)
		}
		copyStore := checkDB(t, dest)
		for _, n := range before {
			if o, err := copyStore.CurrentFigure(context.Background(), "backup_daily", "", day(n)); err != nil || o.Value != float64(n) {
				t.Errorf("backup %d lacks figure %d, acknowledged before it began: %v", i, n, err)
			}
			checked++
		}
		copyStore.Close()
	}
	stop.Store(true)
	wg.Wait()
	// A backup never overwrites: a second one to the same file is refused.
	if out, err := exec.Command(pjsxBinary(t), "backup", filepath.Join(dir, "backup0.db"), "--db", db).CombinedOutput(); err == nil {
		t.Errorf("backup over an existing file succeeded:\n%s", out)
	}
	t.Logf("%d backups during %d saves; %d acknowledged figures found in the copies", backups, len(acked), checked)
}
