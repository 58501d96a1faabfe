package data_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"pjsx/data"
)

// TestSetRoleEndsSessionsWhenRightsShrink: a role or region change is validated and audited;
// the account's sessions end when it may do less than before, and live on when it may do more.
func TestSetRoleEndsSessionsWhenRightsShrink(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	a := data.Actor{Name: "root", Addr: "10.0.0.1"}
	u, err := s.AddUser(ctx, a, data.UserInput{Name: "clerk", Role: data.RoleEditor, Regions: []string{"sanhe"},
		Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		role    string
		regions []string
		ends    bool
	}{
		{"another region added", data.RoleEditor, []string{"sanhe", "pinggu"}, false},
		{"all regions", data.RoleEditor, nil, false},
		{"promoted", data.RoleAdmin, nil, false},
		{"limited to a region again", data.RoleAdmin, []string{"pinggu"}, true},
		{"a region swapped for another", data.RoleAdmin, []string{"jizhou"}, true},
		{"demoted", data.RoleEditor, []string{"jizhou"}, true},
		{"demoted to reader", data.RoleViewer, []string{"jizhou"}, true},
	}
	for _, st := range steps {
		sess, err := s.CreateSession(ctx, u, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetRole(ctx, a, "clerk", st.role, st.regions); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, _ := s.UserByName(ctx, "clerk")
		if got.Role != st.role || !slices.Equal(got.Regions, slices.Sorted(slices.Values(st.regions))) {
			t.Errorf("%s: account is %s %v", st.name, got.Role, got.Regions)
		}
		_, err = s.SessionByToken(ctx, sess.Token)
		if ended := errors.Is(err, data.ErrNotFound); ended != st.ends {
			t.Errorf("%s: session ended %v, want %v (%v)", st.name, ended, st.ends, err)
		}
		e := auditOf(t, s, "user.role")
		if e.Target != "user:clerk" || !strings.Contains(e.After, `"role":"`+st.role+`"`) || e.Actor != "root" {
			t.Errorf("%s: audit %+v", st.name, e)
		}
	}
	var verr *data.ValidationError
	for name, c := range map[string]struct {
		role, field string
		regions     []string
	}{
		"unknown role":    {"boss", "role", nil},
		"unknown region":  {data.RoleEditor, "regions", []string{"beijing"}},
		"nothing changes": {data.RoleViewer, "role", []string{"jizhou"}},
	} {
		if err := s.SetRole(ctx, a, "clerk", c.role, c.regions); !errors.As(err, &verr) || verr.Fields[c.field] == "" {
			t.Errorf("%s: %v, want a message on %s", name, err, c.field)
		}
	}
	if got, _ := s.UserByName(ctx, "clerk"); got.Role != data.RoleViewer {
		t.Errorf("refused changes wrote: %+v", got)
	}
	if err := s.SetRole(ctx, a, "nobody", data.RoleViewer, nil); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
}
