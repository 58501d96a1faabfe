package data

import (
	"context"
	"path/filepath"
	"testing"
)

// TestReviewMigrationKeepsAccountsAndSessions: migration 0052 builds the accounts table again
// for the reviewer role; every account and every open session stays, and the new role saves.
func TestReviewMigrationKeepsAccountsAndSessions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := openAtMigration(t, path, 51)
	u, err := old.AddUser(ctx, Actor{Name: "test"}, UserInput{Name: "clerk", Role: RoleEditor,
		Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := old.CreateSession(ctx, u, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.SessionByToken(ctx, sess.Token)
	if err != nil || got.User.Name != "clerk" || got.User.Role != RoleEditor {
		t.Fatalf("the session after the migration: %+v %v", got, err)
	}
	if _, err := s.Authenticate(ctx, "clerk", "correct-horse-battery"); err != nil {
		t.Errorf("the password after the migration: %v", err)
	}
	if err := s.SetRole(ctx, Actor{Name: "test"}, "clerk", RoleReviewer, nil); err != nil {
		t.Fatalf("the reviewer role: %v", err)
	}
	if u, err := s.UserByName(ctx, "clerk"); err != nil || u.Role != RoleReviewer {
		t.Errorf("after SetRole: %+v %v", u, err)
	}
	var fk int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign key check: %d problems, %v", fk, err)
	}
}
