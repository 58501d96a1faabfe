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

// SessionTTL is how long a login lasts.
const SessionTTL = 12 * time.Hour

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
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, t.Format(time.RFC3339)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, addr, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, sess.Hash, u.ID, sess.CSRF, addr, t.Format(time.RFC3339),
			t.Add(SessionTTL).Format(time.RFC3339))
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("data.CreateSession: %w", err)
	}
	return sess, nil
}

// SessionByToken finds the live session of a cookie value; an expired session, one of a
// disabled user, or an unknown token is ErrNotFound.
func (s *Store) SessionByToken(ctx context.Context, token string) (Session, error) {
	sess := Session{Hash: hashToken(token)}
	var regions string
	err := s.r.QueryRowContext(ctx, `
		SELECT u.id, u.name, u.role, u.regions, u.created_at, s.csrf
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
		sess.Hash, time.Now().UTC().Format(time.RFC3339)).
		Scan(&sess.User.ID, &sess.User.Name, &sess.User.Role, &regions, &sess.User.CreatedAt, &sess.CSRF)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("data.SessionByToken: %w", err)
	}
	sess.User.Regions = splitRegions(regions)
	return sess, nil
}

// EndSession logs a session out. Ending one that is gone already is not an error.
func (s *Store) EndSession(ctx context.Context, token string) error {
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token))
		return err
	})
	if err != nil {
		return fmt.Errorf("data.EndSession: %w", err)
	}
	return nil
}
