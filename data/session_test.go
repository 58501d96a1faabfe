package data

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A login ends after SessionIdle unused and after SessionTTL in any case; a used one lives on.
func TestSessionsExpire(t *testing.T) {
	ctx := context.Background()
	s := newInternalStore(t)
	u, err := s.AddUser(ctx, Actor{Name: "test"}, UserInput{Name: "clerk", Role: RoleEditor, Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration) string { return time.Now().UTC().Add(d).Format(time.RFC3339) }
	cases := []struct {
		name       string
		seen, ends string
		live       bool
	}{
		{"fresh", at(0), at(SessionTTL), true},
		{"used a while ago, within the idle limit", at(-SessionIdle / 2), at(time.Hour), true},
		{"idle too long", at(-SessionIdle - time.Minute), at(time.Hour), false},
		{"past its absolute end though just used", at(0), at(-time.Second), false},
	}
	for _, tc := range cases {
		sess, err := s.CreateSession(ctx, u, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET seen_at = ?, expires_at = ? WHERE token_hash = ?`,
			tc.seen, tc.ends, sess.Hash); err != nil {
			t.Fatal(err)
		}
		_, err = s.SessionByToken(ctx, sess.Token)
		if live := err == nil; live != tc.live {
			t.Errorf("%s: live = %v (err %v), want %v", tc.name, live, err, tc.live)
		}
		if !tc.live && !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", tc.name, err)
		}
	}
	// Using a session moves its idle limit on; it does not count as a change of figures.
	sess, _ := s.CreateSession(ctx, u, "127.0.0.1")
	old := at(-SessionIdle + 5*time.Minute)
	s.w.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE token_hash = ?`, old, sess.Hash)
	v, _ := s.Version(ctx)
	if _, err := s.SessionByToken(ctx, sess.Token); err != nil {
		t.Fatal(err)
	}
	var seen string
	s.r.QueryRowContext(ctx, `SELECT seen_at FROM sessions WHERE token_hash = ?`, sess.Hash).Scan(&seen)
	if seen <= old {
		t.Errorf("seen_at stayed %s after use", seen)
	}
	if v2, _ := s.Version(ctx); v2 != v {
		t.Errorf("using a session bumped the data version %d → %d", v, v2)
	}
}
