package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// A login lasts SessionTTL at most, and ends sooner when unused for SessionIdle.
const (
	SessionTTL  = 12 * time.Hour
	SessionIdle = time.Hour
)

// sessionTouchEvery bounds how often a busy session's last use is written.
const sessionTouchEvery = time.Minute

// Session is a login: the user and the CSRF token every form of theirs must carry.
type Session struct {
	Token string // only in the answer of CreateSession: the cookie value
	Hash  string // what the database keeps
	User  User
	CSRF  string
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a login for u from addr. Expired sessions are dropped on the way.
func (s *Store) CreateSession(ctx context.Context, u User, addr string) (Session, error) {
	sess := Session{Token: rand.Text() + rand.Text(), CSRF: rand.Text(), User: u}
	sess.Hash = hashToken(sess.Token)
	t := time.Now().UTC()
	err := s.TxQuiet(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, t.Format(time.RFC3339)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, addr, created_at, expires_at, seen_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, sess.Hash, u.ID, sess.CSRF, addr, t.Format(time.RFC3339),
			t.Add(SessionTTL).Format(time.RFC3339), t.Format(time.RFC3339))
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("data.CreateSession: %w", err)
	}
	return sess, nil
}

// SessionByToken finds the live session of a cookie value and marks it used; an expired or idle
// session, one of a disabled user, or an unknown token is ErrNotFound.
func (s *Store) SessionByToken(ctx context.Context, token string) (Session, error) {
	sess := Session{Hash: hashToken(token)}
	var regions, seen string
	t := time.Now().UTC()
	err := s.r.QueryRowContext(ctx, `
		SELECT u.id, u.name, u.role, u.regions, u.created_at, s.csrf, s.seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND s.seen_at > ? AND u.disabled_at IS NULL`,
		sess.Hash, t.Format(time.RFC3339), t.Add(-SessionIdle).Format(time.RFC3339)).
		Scan(&sess.User.ID, &sess.User.Name, &sess.User.Role, &regions, &sess.User.CreatedAt, &sess.CSRF, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("data.SessionByToken: %w", err)
	}
	sess.User.Regions = splitRegions(regions)
	if seen < t.Add(-sessionTouchEvery).Format(time.RFC3339) {
		// One statement on the writer, not Tx: a session's last use is no figure, so it must not
		// bump the data version and empty every chart cache once a minute per user.
		if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE token_hash = ?`,
			t.Format(time.RFC3339), sess.Hash); err != nil {
			return Session{}, fmt.Errorf("data.SessionByToken: %w", err)
		}
	}
	return sess, nil
}

// EndSession logs a session out. Ending one that is gone already is not an error.
func (s *Store) EndSession(ctx context.Context, token string) error {
	err := s.TxQuiet(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token))
		return err
	})
	if err != nil {
		return fmt.Errorf("data.EndSession: %w", err)
	}
	return nil
}
