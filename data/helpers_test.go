package data

import (
	"context"
	"database/sql"
	"testing"

	"pjsx/data/pgtest"
)

// Test support for the package's own tests (datatest serves every other package; it cannot
// serve these, which it imports).

func newInternalStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), pgtest.NewPath(t, func(dsn string) error {
		s, err := Open(context.Background(), dsn)
		if err != nil {
			return err
		}
		return s.Close()
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// saveForTest writes a checked figure as a new revision, without the staff rules.
func saveForTest(ctx context.Context, s *Store, in FigureInput) (Observation, error) {
	var o Observation
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		cf, err := checkFigure(ctx, tx, in)
		if err != nil {
			return err
		}
		o, err = insertFigure(ctx, tx, cf, false)
		return err
	})
	return o, err
}
