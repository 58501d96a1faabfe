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

// Login throttling: after loginMaxFailures failed logins within loginWindow, from one address or
// for one user name, that address or name is locked until loginWindow has passed since the
// last failure. Kept in memory: a restart forgives, which is fine for a lock of minutes.
const (
	loginMaxFailures = 5
	loginWindow      = 15 * time.Minute
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

func throttleKeys(addr, user string) []string {
	return []string{"addr:" + addr, "user:" + strings.ToLower(strings.TrimSpace(user))}
}

// locked reports whether either key is locked, and for how much longer.
func (l *loginThrottle) locked(addr, user string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	var wait time.Duration
	for _, k := range throttleKeys(addr, user) {
		recent := l.recent(k, t)
		if len(recent) >= loginMaxFailures {
			wait = max(wait, recent[len(recent)-1].Add(loginWindow).Sub(t))
		}
	}
	return wait > 0, wait
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
	for _, k := range throttleKeys(addr, user) {
		l.fails[k] = append(l.recent(k, t), t)
	}
}

// succeed forgets the user's failures (not the address's: one good password does not excuse
// guessing at other accounts).
func (l *loginThrottle) succeed(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, throttleKeys("", user)[1])
}
