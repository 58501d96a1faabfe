package dashboard

import (
	"testing"
	"time"
)

func TestLoginThrottleLocksPairsAndAddressesAndDelaysAccounts(t *testing.T) {
	l := newLoginThrottle()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return now }
	var delays []time.Duration
	for i := range 12 {
		delays = append(delays, l.accountDelay("Admin"))
		l.fail("192.0.2."+string(rune('a'+i)), "admin")
	}
	for i := 1; i < len(delays); i++ {
		if delays[i] < delays[i-1] {
			t.Errorf("the delay shrank with more failures: %v", delays)
		}
	}
	if delays[0] != 0 || delays[accountDelayFrom] == 0 || delays[len(delays)-1] != accountDelayMax {
		t.Errorf("delays %v: none at first, some from failure %d, %v at most", delays, accountDelayFrom, accountDelayMax)
	}
	if locked, _ := l.locked("198.51.100.1", "admin"); locked {
		t.Error("twelve failures from twelve addresses lock the account for a thirteenth")
	}
	for range pairMaxFailures {
		l.fail("203.0.113.1", "clerk")
	}
	if locked, wait := l.locked("203.0.113.1", "CLERK "); !locked || wait != loginWindow {
		t.Errorf("five failures for one account from one address: locked %v for %v", locked, wait)
	}
	if locked, _ := l.locked("203.0.113.1", "someone-else"); locked {
		t.Error("five failures at one account lock the address for others")
	}
	l.succeed("198.51.100.1", "admin")
	if d := l.accountDelay("admin"); d != 0 {
		t.Errorf("after the owner logged in the account still waits %v", d)
	}
	now = now.Add(loginWindow)
	if locked, _ := l.locked("203.0.113.1", "clerk"); locked {
		t.Error("the lock outlived its window")
	}
}
