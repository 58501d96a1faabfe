package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// Actor is who makes a change and from where, as the audit records it.
type Actor struct {
	Name string
	Addr string
	// Review: the change waits for a reviewer (a staff save while review is on) instead of
	// being published at once. The trusted paths (the seed, demo, an import on the host) leave
	// it false.
	Review bool
}

// AuditEntry is one change: who, when, from which address, the record before and after (JSON).
type AuditEntry struct {
	ID     int64
	At     string
	Actor  string
	Addr   string
	Action string
	Target string
	Before string
	After  string
}

// writeAudit records a change inside the transaction that makes it, so the two stand or fall
// together. before and after are encoded as JSON; nil stays empty.
func writeAudit(ctx context.Context, tx *sql.Tx, a Actor, action, target string, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	aft, err := auditJSON(after)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, addr, action, target, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, now(), a.Name, a.Addr, action, target, b, aft); err != nil {
		return fmt.Errorf("data.writeAudit: %w", err)
	}
	return nil
}

// auditJSON is one side of an audit entry as stored: JSON, or "" for nil.
func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("data.writeAudit: %w", err)
	}
	return string(b), nil
}

// AuditLog lists changes newest first, limit at a time, before the entry id before (0: newest).
func (s *Store) AuditLog(ctx context.Context, before int64, limit int) ([]AuditEntry, error) {
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, actor, addr, action, target, before, after
		FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("data.AuditLog: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Addr, &e.Action, &e.Target, &e.Before, &e.After); err != nil {
			return nil, fmt.Errorf("data.AuditLog: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
