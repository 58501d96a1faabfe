package dashboard

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"pjsx/data"
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
// A lock lasts until loginWindow has passed since the last failure. The failures are kept in the
// database, so every server behind one database counts the same guesses.
const (
	pairMaxFailures  = 5
	addrMaxFailures  = 20
	loginWindow      = 15 * time.Minute
	accountDelayFrom = 3
	accountDelayBase = 250 * time.Millisecond
	accountDelayMax  = 5 * time.Second
)

type loginThrottle struct {
	store *data.Store
	now   func() time.Time
	key   []byte // this process's key for typedName
}

func newLoginThrottle(store *data.Store) *loginThrottle {
	return &loginThrottle{store: store, now: time.Now, key: []byte(rand.Text())}
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
func (l *loginThrottle) locked(ctx context.Context, addr, user string) (bool, time.Duration, error) {
	t := l.now()
	pair, ad := pairKey(addr, user), addrKey(addr)
	recent, err := l.store.RecentLoginFailures(ctx, []string{pair, ad}, t.Add(-loginWindow))
	if err != nil {
		return false, 0, err
	}
	var wait time.Duration
	for _, lock := range []struct {
		key string
		max int
	}{{pair, pairMaxFailures}, {ad, addrMaxFailures}} {
		if r := recent[lock.key]; len(r) >= lock.max {
			wait = max(wait, r[len(r)-1].Add(loginWindow).Sub(t))
		}
	}
	return wait > 0, wait, nil
}

// accountDelay is how long an attempt at this account waits before its password is checked.
func (l *loginThrottle) accountDelay(ctx context.Context, user string) (time.Duration, error) {
	key := userKey(user)
	recent, err := l.store.RecentLoginFailures(ctx, []string{key}, l.now().Add(-loginWindow))
	if err != nil {
		return 0, err
	}
	n := len(recent[key])
	if n < accountDelayFrom {
		return 0, nil
	}
	return min(accountDelayBase<<min(n-accountDelayFrom, 16), accountDelayMax), nil
}

func (l *loginThrottle) fail(ctx context.Context, addr, user string) error {
	t := l.now()
	return l.store.AddLoginFailure(ctx, []string{pairKey(addr, user), addrKey(addr), userKey(user)}, t, t.Add(-loginWindow))
}

// succeed forgets the account's failures (not the address's: one good password does not excuse
// guessing at other accounts).
func (l *loginThrottle) succeed(ctx context.Context, addr, user string) error {
	return l.store.ForgetLoginFailures(ctx, []string{userKey(user), pairKey(addr, user)})
}
