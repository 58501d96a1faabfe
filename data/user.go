package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Roles, each allowed everything the one before it is.
const (
	RoleViewer   = "viewer"
	RoleEditor   = "editor"
	RoleReviewer = "reviewer" // an editor who also approves or returns others' pending revisions
	RoleAdmin    = "admin"
)

// ErrBadLogin is a wrong name or password, or a disabled account; callers cannot tell which.
var ErrBadLogin = errors.New("wrong user name or password")

// MinPasswordLen is the shortest password a user may set.
const MinPasswordLen = 10

// User is a staff account. Regions limits an editor to those places; empty means all of them
// and the joint figures.
type User struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Role      string   `json:"role"`
	Regions   []string `json:"regions,omitempty"`
	Disabled  bool     `json:"disabled,omitempty"`
	CreatedAt string   `json:"created_at"`
}

// rank orders the roles: each may do all that a lower one may.
var rank = map[string]int{RoleViewer: 1, RoleEditor: 2, RoleReviewer: 3, RoleAdmin: 4}

// Can reports whether the user holds role or a stronger one.
func (u User) Can(role string) bool {
	return !u.Disabled && rank[u.Role] >= rank[role]
}

// CanEdit reports whether the user may change figures and events of region ("" the joint ones).
func (u User) CanEdit(region string) bool {
	if !u.Can(RoleEditor) {
		return false
	}
	return len(u.Regions) == 0 || region != "" && slices.Contains(u.Regions, region)
}

const userColumns = `id, name, role, regions, disabled_at IS NOT NULL, created_at`

// CanReview reports whether the user may approve or return a pending revision of region ("" the
// joint ones) written by someone else: a reviewer or an admin who may edit that place.
func (u User) CanReview(region string) bool {
	return u.Can(RoleReviewer) && u.CanEdit(region)
}

// scanUser reads userColumns, then into extra any columns a query adds after them.
func scanUser(sc interface{ Scan(...any) error }, extra ...any) (User, error) {
	var u User
	var regions string
	if err := sc.Scan(append([]any{&u.ID, &u.Name, &u.Role, &regions, &u.Disabled, &u.CreatedAt}, extra...)...); err != nil {
		return u, err
	}
	u.Regions = splitRegions(regions)
	return u, nil
}

func splitRegions(s string) []string {
	var out []string
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("data.Users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("data.Users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserByName returns one account, or ErrNotFound.
func (s *Store) UserByName(ctx context.Context, name string) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("data.UserByName: %w", err)
	}
	return u, nil
}

// dummyHash is compared against when the name is unknown, so a wrong name takes as long as a
// wrong password and does not reveal which accounts exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("pjsx-no-such-user"), bcrypt.DefaultCost)

// Authenticate checks a name and password; any failure is ErrBadLogin.
func (s *Store) Authenticate(ctx context.Context, name, password string) (User, error) {
	var hash string
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE name = ?`,
		strings.TrimSpace(name)), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return User{}, ErrBadLogin
	}
	if err != nil {
		return User{}, fmt.Errorf("data.Authenticate: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || u.Disabled {
		return User{}, ErrBadLogin
	}
	return u, nil
}

var userNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$`)

// UserInput is a new account or a change to one.
type UserInput struct {
	Name     string
	Role     string
	Regions  []string
	Password string
}

func (s *Store) checkUser(ctx context.Context, in UserInput) *ValidationError {
	verr := &ValidationError{}
	if !userNameRE.MatchString(in.Name) {
		verr.Add("name", "用户名为2–32位字母、数字、点、横线或下划线 / a user name is 2–32 letters, digits, '.', '-' or '_'")
	}
	s.checkRole(ctx, in.Role, in.Regions, verr)
	if msg := checkPassword(in.Password); msg != "" {
		verr.Add("password", msg)
	}
	return verr
}

// checkRole adds to verr what is wrong with a role and a list of regions.
func (s *Store) checkRole(ctx context.Context, role string, regions []string, verr *ValidationError) {
	if rank[role] == 0 {
		verr.Add("role", "角色须为 viewer、editor、reviewer 或 admin / role must be viewer, editor, reviewer or admin")
	}
	if len(regions) > 0 {
		known, err := s.Regions(ctx)
		if err == nil {
			for _, r := range regions {
				if !slices.ContainsFunc(known, func(k Region) bool { return k.Code == r }) {
					verr.Add("regions", fmt.Sprintf("未知地区 %q / unknown region %q", r, r))
				}
			}
		}
	}
}

func checkPassword(p string) string {
	if len([]rune(p)) < MinPasswordLen {
		return fmt.Sprintf("密码至少%d个字符 / a password has at least %d characters", MinPasswordLen, MinPasswordLen)
	}
	if len(p) > 72 {
		return "密码最多72字节 / a password has at most 72 bytes"
	}
	return ""
}

// AddUser creates an account.
func (s *Store) AddUser(ctx context.Context, a Actor, in UserInput) (User, error) {
	in.Name = strings.TrimSpace(in.Name)
	if err := s.checkUser(ctx, in).Err(); err != nil {
		return User{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), bcrypt.DefaultCost)
	if err != nil {
		return User{}, fmt.Errorf("data.AddUser: %w", err)
	}
	var u User
	err = s.TxQuiet(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, in.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &ValidationError{Fields: map[string]string{"name": "该用户名已存在 / this user name is taken"}}
		}
		t := now()
		u = User{Name: in.Name, Role: in.Role, Regions: in.Regions, CreatedAt: t}
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (name, role, regions, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, in.Name, in.Role, strings.Join(in.Regions, ","), string(hash), t, t).Scan(&u.ID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "user.add", "user:"+in.Name, nil, u)
	})
	if err != nil {
		return User{}, fmt.Errorf("data.AddUser: %w", err)
	}
	return u, nil
}

// SetPassword changes a password and ends every session of the account.
func (s *Store) SetPassword(ctx context.Context, a Actor, name, password string) error {
	if msg := checkPassword(password); msg != "" {
		return &ValidationError{Fields: map[string]string{"password": msg}}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("data.SetPassword: %w", err)
	}
	return s.changeUser(ctx, a, name, "user.passwd", `password_hash = ?`, string(hash))
}

// DisableUser locks an account out and ends its sessions at once.
func (s *Store) DisableUser(ctx context.Context, a Actor, name string) error {
	return s.changeUser(ctx, a, name, "user.disable", `disabled_at = ?`, now())
}

// EnableUser lets a disabled account log in again.
func (s *Store) EnableUser(ctx context.Context, a Actor, name string) error {
	return s.changeUser(ctx, a, name, "user.enable", `disabled_at = ?`, nil)
}

// userIn loads an account by name in tx, or ErrNotFound.
func userIn(ctx context.Context, tx *sql.Tx, name string) (User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("data.userIn: %w", err)
	}
	return u, nil
}

func (s *Store) changeUser(ctx context.Context, a Actor, name, action, set string, arg any) error {
	return s.TxQuiet(ctx, func(tx *sql.Tx) error {
		before, err := userIn(ctx, tx, name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET `+set+`, updated_at = ? WHERE id = ?`, arg, now(), before.ID); err != nil {
			return fmt.Errorf("data.%s: %w", action, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, before.ID); err != nil {
			return fmt.Errorf("data.%s: %w", action, err)
		}
		after, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, before.ID))
		if err != nil {
			return fmt.Errorf("data.%s: %w", action, err)
		}
		return writeAudit(ctx, tx, a, action, "user:"+name, before, after)
	})
}

// SetRole gives an account a new role and list of regions (none: all of them). When the account
// may do less than before (a lower role, or a region or the joint figures taken away) its
// sessions end at once, so no open page keeps the rights it lost.
func (s *Store) SetRole(ctx context.Context, a Actor, name, role string, regions []string) error {
	verr := &ValidationError{}
	s.checkRole(ctx, role, regions, verr)
	if err := verr.Err(); err != nil {
		return err
	}
	regions = slices.Compact(slices.Sorted(slices.Values(regions)))
	return s.TxQuiet(ctx, func(tx *sql.Tx) error {
		before, err := userIn(ctx, tx, name)
		if err != nil {
			return err
		}
		after := before
		after.Role, after.Regions = role, regions
		if before.Role == role && slices.Equal(slices.Sorted(slices.Values(before.Regions)), regions) {
			return &ValidationError{Fields: map[string]string{"role": "角色和地区与当前相同,无需保存 / the role and regions are unchanged: nothing to save"}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, regions = ?, updated_at = ? WHERE id = ?`,
			role, strings.Join(regions, ","), now(), before.ID); err != nil {
			return fmt.Errorf("data.SetRole: %w", err)
		}
		if fewerRights(before, after) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, before.ID); err != nil {
				return fmt.Errorf("data.SetRole: %w", err)
			}
		}
		return writeAudit(ctx, tx, a, "user.role", "user:"+name, before, after)
	})
}

// fewerRights reports whether the account could do something before that it may not after: a
// lower role, or a region (or the joint figures) taken away.
func fewerRights(before, after User) bool {
	if rank[after.Role] < rank[before.Role] {
		return true
	}
	if len(after.Regions) == 0 {
		return false // all regions and the joint figures
	}
	if len(before.Regions) == 0 {
		return true
	}
	for _, r := range before.Regions {
		if !slices.Contains(after.Regions, r) {
			return true
		}
	}
	return false
}

// EnsureAdmin creates the account "admin" with a random password when the database has no
// account yet, and returns that password (to be shown once). created is false otherwise.
func (s *Store) EnsureAdmin(ctx context.Context) (password string, created bool, err error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return "", false, fmt.Errorf("data.EnsureAdmin: %w", err)
	}
	if n > 0 {
		return "", false, nil
	}
	password = RandomPassword()
	_, err = s.AddUser(ctx, Actor{Name: "system", Addr: "local"}, UserInput{Name: "admin", Role: RoleAdmin, Password: password})
	if err != nil {
		return "", false, err
	}
	return password, true, nil
}

// RandomPassword is 26 characters of base32 (A–Z, 2–7): 130 random bits, no look-alike 0/O, 1/I.
func RandomPassword() string { return rand.Text() }
