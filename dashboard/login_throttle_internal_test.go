package dashboard

import (
	"context"
	"testing"
	"time"

	"pjsx/data"
	"pjsx/data/datatest"
)

// throttleAt is a throttle on store whose clock reads *now.
func throttleAt(store *data.Store, now *time.Time) *loginThrottle {
	l := newLoginThrottle(store)
	l.now = func() time.Time { return *now }
	return l
}

func TestLoginThrottleLocksPairsAndAddressesAndDelaysAccounts(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := throttleAt(datatest.NewStore(t), &now)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var delays []time.Duration
	for i := range 12 {
		d, err := l.accountDelay(ctx, "Admin")
		must(err)
		delays = append(delays, d)
		must(l.fail(ctx, "192.0.2."+string(rune('a'+i)), "admin"))
	}
	for i := 1; i < len(delays); i++ {
		if delays[i] < delays[i-1] {
			t.Errorf("the delay shrank with more failures: %v", delays)
		}
	}
	if delays[0] != 0 || delays[accountDelayFrom] == 0 || delays[len(delays)-1] != accountDelayMax {
		t.Errorf("delays %v: none at first, some from failure %d, %v at most", delays, accountDelayFrom, accountDelayMax)
	}
	if locked, _, err := l.locked(ctx, "198.51.100.1", "admin"); err != nil || locked {
		t.Errorf("twelve failures from twelve addresses lock the account for a thirteenth (%v)", err)
	}
	for range pairMaxFailures {
		must(l.fail(ctx, "203.0.113.1", "clerk"))
	}
	if locked, wait, err := l.locked(ctx, "203.0.113.1", "CLERK "); err != nil || !locked || wait != loginWindow {
		t.Errorf("five failures for one account from one address: locked %v for %v (%v)", locked, wait, err)
	}
	if locked, _, err := l.locked(ctx, "203.0.113.1", "someone-else"); err != nil || locked {
		t.Errorf("five failures at one account lock the address for others (%v)", err)
	}
	must(l.succeed(ctx, "198.51.100.1", "admin"))
	if d, err := l.accountDelay(ctx, "admin"); err != nil || d != 0 {
		t.Errorf("after the owner logged in the account still waits %v (%v)", d, err)
	}
	now = now.Add(loginWindow)
	if locked, _, err := l.locked(ctx, "203.0.113.1", "clerk"); err != nil || locked {
		t.Errorf("the lock outlived its window (%v)", err)
	}
}

// Two servers behind one database throttle one guesser together: failures on one lock the pair
// on the other, and the typed name is not stored.
func TestLoginThrottleIsSharedByServersOfOneDatabase(t *testing.T) {
	ctx := context.Background()
	a := datatest.NewStore(t)
	b, err := data.Open(ctx, a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	la, lb := throttleAt(a, &now), throttleAt(b, &now)
	for i := range pairMaxFailures {
		l := la
		if i%2 == 1 {
			l = lb
		}
		if err := l.fail(ctx, "203.0.113.9", "hunter2-typed-as-name"); err != nil {
			t.Fatal(err)
		}
	}
	for name, l := range map[string]*loginThrottle{"a": la, "b": lb} {
		if locked, _, err := l.locked(ctx, "203.0.113.9", "hunter2-typed-as-name"); err != nil || !locked {
			t.Errorf("server %s: five failures across two servers: locked %v (%v)", name, locked, err)
		}
	}
	raw, err := data.OpenRaw(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM login_failures WHERE key_hash LIKE '%hunter2%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d failures store the typed name in clear (%v)", n, err)
	}
}
