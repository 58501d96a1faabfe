package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Failed logins live in the database (migration 0054), so that a guesser meets the same
// throttle on every server behind one database. Keys are the throttle's own (dashboard decides
// what they are); only their SHA-256 is stored, since a typed name may be a password.

func loginKeyHash(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

func loginKeyArgs(keys []string) (string, []any) {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = loginKeyHash(k)
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(keys)), ", "), args
}

// RecentLoginFailures returns, for each key with failures at or after since, their times, oldest
// first.
func (s *Store) RecentLoginFailures(ctx context.Context, keys []string, since time.Time) (map[string][]time.Time, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	byHash := map[string]string{}
	for _, k := range keys {
		byHash[loginKeyHash(k)] = k
	}
	in, args := loginKeyArgs(keys)
	rows, err := s.r.QueryContext(ctx, `SELECT key_hash, at_ms FROM login_failures
		WHERE key_hash IN (`+in+`) AND at_ms >= ? ORDER BY key_hash, at_ms`, append(args, since.UnixMilli())...)
	if err != nil {
		return nil, fmt.Errorf("data.RecentLoginFailures: %w", err)
	}
	defer rows.Close()
	out := map[string][]time.Time{}
	for rows.Next() {
		var h string
		var ms int64
		if err := rows.Scan(&h, &ms); err != nil {
			return nil, fmt.Errorf("data.RecentLoginFailures: %w", err)
		}
		out[byHash[h]] = append(out[byHash[h]], time.UnixMilli(ms).UTC())
	}
	return out, rows.Err()
}

// AddLoginFailure records one failure at under each key, and drops every failure older than
// forgetBefore (of any key: nothing else reads them).
func (s *Store) AddLoginFailure(ctx context.Context, keys []string, at, forgetBefore time.Time) error {
	err := s.TxQuiet(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at_ms < ?`, forgetBefore.UnixMilli()); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key_hash, at_ms) VALUES (?, ?)`,
				loginKeyHash(k), at.UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("data.AddLoginFailure: %w", err)
	}
	return nil
}

// ForgetLoginFailures drops every failure under the keys.
func (s *Store) ForgetLoginFailures(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	in, args := loginKeyArgs(keys)
	err := s.TxQuiet(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key_hash IN (`+in+`)`, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("data.ForgetLoginFailures: %w", err)
	}
	return nil
}
