package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ImportDraftTTL is how long a previewed file waits for its commit.
const ImportDraftTTL = time.Hour

// importDraft is what a draft keeps: the rows, and the catalog the file carried.
type importDraft struct {
	Rows    []ImportRow `json:"rows"`
	Metrics []Metric    `json:"metrics,omitempty"`
}

// SaveImportDraft keeps the rows (and catalog) of a previewed file for the session that
// previewed it (a quiet write: a draft changes no figure, so the caches stay), so the commit
// needs no second upload and commits exactly what was shown.
func (s *Store) SaveImportDraft(ctx context.Context, session, fileName string, f ImportFile) (string, error) {
	body, err := json.Marshal(importDraft{Rows: f.Rows, Metrics: f.Metrics})
	if err != nil {
		return "", fmt.Errorf("data.SaveImportDraft: %w", err)
	}
	id := rand.Text()
	err = s.TxQuiet(ctx, func(tx *sql.Tx) error {
		cutoff := time.Now().UTC().Add(-ImportDraftTTL).Format(time.RFC3339Nano)
		if _, err := tx.ExecContext(ctx, `DELETE FROM import_drafts WHERE created_at < ?`, cutoff); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO import_drafts (id, session, file_name, rows_json, created_at)
			VALUES (?, ?, ?, ?, ?)`, id, session, fileName, string(body), now())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("data.SaveImportDraft: %w", err)
	}
	return id, nil
}

// ImportDraft returns the file of a draft of this session; ErrNotFound when it is gone or not theirs.
func (s *Store) ImportDraft(ctx context.Context, session, id string) (string, ImportFile, error) {
	var name, body string
	cutoff := time.Now().UTC().Add(-ImportDraftTTL).Format(time.RFC3339Nano)
	err := s.r.QueryRowContext(ctx, `SELECT file_name, rows_json FROM import_drafts
		WHERE id = ? AND session = ? AND created_at >= ?`, id, session, cutoff).Scan(&name, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ImportFile{}, ErrNotFound
	}
	if err != nil {
		return "", ImportFile{}, fmt.Errorf("data.ImportDraft: %w", err)
	}
	var d importDraft
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		return "", ImportFile{}, ErrNotFound // a draft of an older version: preview the file again
	}
	return name, ImportFile{Rows: d.Rows, Metrics: d.Metrics}, nil
}

// DropImportDraft forgets a draft once committed.
func (s *Store) DropImportDraft(ctx context.Context, id string) error {
	return s.TxQuiet(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM import_drafts WHERE id = ?`, id)
		return err
	})
}
