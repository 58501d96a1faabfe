package data

import (
	"context"
	"database/sql"
	"testing"
)

// The copy check's checksum moves with any one value and not with the order rows were written in.
func TestChecksumSeesOneChangedValue(t *testing.T) {
	ctx := context.Background()
	a, b := newInternalStore(t), newInternalStore(t)
	insert := func(s *Store, codes ...string) {
		t.Helper()
		if err := s.Tx(ctx, func(tx *sql.Tx) error {
			for _, c := range codes {
				if _, err := tx.ExecContext(ctx, `INSERT INTO regions (code, name_zh, name_en, province_zh, province_en)
					VALUES (?, ?, ?, '河北', 'Hebei')`, c, c, c); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	insert(a, "x", "y")
	insert(b, "y", "x")
	na, ca, err := a.checksum(ctx, "regions")
	if err != nil {
		t.Fatal(err)
	}
	nb, cb, err := b.checksum(ctx, "regions")
	if err != nil || na != 2 || nb != 2 || ca != cb {
		t.Fatalf("the same rows in another order: %d %s / %d %s (%v)", na, ca, nb, cb, err)
	}
	if err := b.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE regions SET name_en = 'X' WHERE code = 'x'`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, cb, _ = b.checksum(ctx, "regions"); cb == ca {
		t.Error("one changed value left the checksum as it was")
	}
}
