package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"pjsx/data"
)

// TestUserEnable: `pjsx user enable NAME` lets a disabled account log in again, and the usage
// text says so.
func TestUserEnable(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db := filepath.Join(t.TempDir(), "pjsx.db")
	for _, args := range [][]string{{"add", "clerk", "--db", db}, {"disable", "clerk", "--db", db}} {
		if err := userCmd(log, args); err != nil {
			t.Fatalf("pjsx user %v: %v", args, err)
		}
	}
	state := func() data.User {
		t.Helper()
		store, err := data.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		u, err := store.UserByName(context.Background(), "clerk")
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	if !state().Disabled {
		t.Fatal("disable did not disable")
	}
	if err := userCmd(log, []string{"enable", "clerk", "--db", db}); err != nil {
		t.Fatalf("pjsx user enable: %v", err)
	}
	if state().Disabled {
		t.Error("enable left the account disabled")
	}
	if err := userCmd(log, []string{"enable", "nobody", "--db", db}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("enable of an unknown account: %v", err)
	}
	if !strings.Contains(usage, "add|passwd|disable|enable NAME") {
		t.Error("the usage text does not name pjsx user enable")
	}
}

// TestUserAddReviewer: `pjsx user add NAME --role reviewer --regions sanhe` makes a reviewer of
// Sanhe, who may review Sanhe's figures and not Pinggu's.
func TestUserAddReviewer(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db := filepath.Join(t.TempDir(), "pjsx.db")
	if err := userCmd(log, []string{"add", "checker", "--role", "reviewer", "--regions", "sanhe", "--db", db}); err != nil {
		t.Fatal(err)
	}
	store, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	u, err := store.UserByName(context.Background(), "checker")
	if err != nil || u.Role != data.RoleReviewer || !u.CanReview("sanhe") || u.CanReview("pinggu") || u.CanReview("") {
		t.Errorf("pjsx user add --role reviewer: %+v %v", u, err)
	}
	if !strings.Contains(usage, "viewer|editor|reviewer|admin") {
		t.Error("the usage text does not name the reviewer role")
	}
}
