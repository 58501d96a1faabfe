package dashboard

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Login throttling. Anyone can type any user name, so a lock on the name alone would let anyone
// lock anyone out (five wrong passwords for admin from five addresses used to shut admin out
// everywhere). So:
//   - one address guessing one account is locked after pairMaxFailures failures,
//   - one address guessing across accounts is locked after addrMaxFailures (higher: an office
//     behind one NAT address shares it),
//   - an account alone is never locked: after accountDelayFrom failures from anywhere, each
//     attempt at it waits a delay that doubles with every failure up to accountDelayMax, so a
//     spread-out guesser gets few tries while the owner still gets in, a little later.
//
// A lock lasts until loginWindow has passed since the last failure. Kept in memory: a restart
// forgives, which is fine for a lock of minutes.
const (
	pairMaxFailures  = 5
	addrMaxFailures  = 20
	loginWindow      = 15 * time.Minute
	accountDelayFrom = 3
	accountDelayBase = 250 * time.Millisecond
	accountDelayMax  = 5 * time.Second
)

type loginThrottle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
	now   func() time.Time
	key   []byte // this process's key for typedName
}

func newLoginThrottle() *loginThrottle {
	return &loginThrottle{fails: map[string][]time.Time{}, now: time.Now, key: []byte(rand.Text())}
}

// typedName is how the log names what was typed into the user name field of a refused login:
// its length and a short keyed hash, never the text. People type passwords into the name field;
// the hash still tells repeated attempts at one name apart within a run, and its key lives only
// in memory, so the log alone cannot test guesses against it.
func (l *loginThrottle) typedName(name string) slog.Attr {
	mac := hmac.New(sha256.New, l.key)
	mac.Write([]byte(strings.ToLower(strings.TrimSpace(name))))
	return slog.Group("typed_user", "len", utf8.RuneCountInString(name), "hash", hex.EncodeToString(mac.Sum(nil))[:8])
}

func userKey(user string) string { return "user:" + strings.ToLower(strings.TrimSpace(user)) }
func addrKey(addr string) string { return "addr:" + addr }
func pairKey(addr, user string) string {
	return "pair:" + addr + "\x00" + strings.ToLower(strings.TrimSpace(user))
}

// locked reports whether this address may not try this account now, and for how much longer.
func (l *loginThrottle) locked(addr, user string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	var wait time.Duration
	for _, lock := range []struct {
		key string
		max int
	}{{pairKey(addr, user), pairMaxFailures}, {addrKey(addr), addrMaxFailures}} {
		recent := l.recent(lock.key, t)
		if len(recent) >= lock.max {
			wait = max(wait, recent[len(recent)-1].Add(loginWindow).Sub(t))
		}
	}
	return wait > 0, wait
}

// accountDelay is how long an attempt at this account waits before its password is checked.
func (l *loginThrottle) accountDelay(user string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.recent(userKey(user), l.now()))
	if n < accountDelayFrom {
		return 0
	}
	return min(accountDelayBase<<min(n-accountDelayFrom, 16), accountDelayMax)
}

func (l *loginThrottle) recent(key string, t time.Time) []time.Time {
	var keep []time.Time
	for _, f := range l.fails[key] {
		if t.Sub(f) < loginWindow {
			keep = append(keep, f)
		}
	}
	if len(keep) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = keep
	}
	return keep
}

func (l *loginThrottle) fail(addr, user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	for _, k := range []string{pairKey(addr, user), addrKey(addr), userKey(user)} {
		l.fails[k] = append(l.recent(k, t), t)
	}
}

// succeed forgets the account's failures (not the address's: one good password does not excuse
// guessing at other accounts).
func (l *loginThrottle) succeed(addr, user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, userKey(user))
	delete(l.fails, pairKey(addr, user))
}
