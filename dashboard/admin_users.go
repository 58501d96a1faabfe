package dashboard

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

type userForm struct {
	Name, Role string
	Regions    []string
}

type adminUsersPage struct {
	Page
	Users       []userRow
	Form        userForm
	Errors      fieldErrors
	Roles       []option
	Regions     []option
	NewPassword string // shown once, after an add or a reset
	PasswordFor string
	RoleFor     string      // the account whose role form was refused
	RoleForm    userForm    // its input, kept
	RoleErrors  fieldErrors // beside its fields
}

type userRow struct {
	data.User
	RegionNames string
	Self        bool
	RoleOptions []option // the role form of this account: as typed when it was refused
	RegionBoxes []option
	Errors      fieldErrors
}

// adminUsers is GET /admin/users.
func (s *Server) adminUsers(c echo.Context) error {
	return s.renderUsers(c, http.StatusOK, adminUsersPage{Form: userForm{Role: data.RoleEditor}})
}

func (s *Server) renderUsers(c echo.Context, status int, p adminUsersPage) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	p.Page = s.newPage(c, lang, tr(lang, "staff.users"))
	users, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	roleOptions := func(role string) []option {
		var out []option
		for _, r := range []string{data.RoleViewer, data.RoleEditor, data.RoleReviewer, data.RoleAdmin} {
			out = append(out, option{Value: r, Label: tr(lang, "staff.role."+r), Selected: role == r})
		}
		return out
	}
	regionBoxes := func(chosen []string) []option {
		var out []option
		for _, r := range regions {
			out = append(out, option{Value: r.Code, Label: pick(lang, r.NameZh, r.NameEn), Selected: slices.Contains(chosen, r.Code)})
		}
		return out
	}
	for _, u := range users {
		names := []string{}
		for _, r := range u.Regions {
			names = append(names, s.regionLabel(c, lang, r))
		}
		if len(names) == 0 {
			names = append(names, tr(lang, "staff.all_regions"))
		}
		row := userRow{User: u, RegionNames: strings.Join(names, "、"), Self: u.ID == userOf(c).ID,
			RoleOptions: roleOptions(u.Role), RegionBoxes: regionBoxes(u.Regions)}
		if u.Name == p.RoleFor {
			row.RoleOptions, row.RegionBoxes, row.Errors = roleOptions(p.RoleForm.Role), regionBoxes(p.RoleForm.Regions), p.RoleErrors
		}
		p.Users = append(p.Users, row)
	}
	p.Roles, p.Regions = roleOptions(p.Form.Role), regionBoxes(p.Form.Regions)
	if p.NewPassword != "" {
		noStore(c)
	}
	return s.render(c, status, "admin_users", p)
}

// adminUserRole is POST /admin/users/:name/role: role and regions (none: all). An account that
// may do less than before is logged out at once (the store ends its sessions). An admin cannot
// change their own role: the last admin could lock everyone out.
func (s *Server) adminUserRole(c echo.Context) error {
	lang, _ := langOf(c)
	form, _ := c.FormParams()
	name := c.Param("name")
	f := userForm{Name: name, Role: c.FormValue("role"), Regions: form["regions"]}
	refuse := func(errs fieldErrors) error {
		return s.renderUsers(c, http.StatusUnprocessableEntity, adminUsersPage{Form: userForm{Role: data.RoleEditor},
			RoleFor: name, RoleForm: f, RoleErrors: errs})
	}
	if strings.EqualFold(name, userOf(c).Name) { // no role form is shown for oneself: say it above the table
		return s.renderUsers(c, http.StatusUnprocessableEntity, adminUsersPage{Form: userForm{Role: data.RoleEditor},
			Errors: fieldErrors{"user": tr(lang, "staff.role_not_yourself")}})
	}
	err := s.store.SetRole(c.Request().Context(), actorOf(c), name, f.Role, f.Regions)
	if errs := validationFields(err); errs != nil {
		return refuse(errs)
	}
	if err != nil {
		return err
	}
	setFlash(c, "staff.flash.role")
	return c.Redirect(http.StatusSeeOther, "/admin/users")
}

// adminUserAdd is POST /admin/users: name, role, regions (none: all). The password is made
// here and shown once.
func (s *Server) adminUserAdd(c echo.Context) error {
	form, _ := c.FormParams()
	f := userForm{Name: strings.TrimSpace(c.FormValue("name")), Role: c.FormValue("role"), Regions: form["regions"]}
	password := data.RandomPassword()
	_, err := s.store.AddUser(c.Request().Context(), actorOf(c), data.UserInput{Name: f.Name, Role: f.Role,
		Regions: f.Regions, Password: password})
	if errs := validationFields(err); errs != nil {
		return s.renderUsers(c, http.StatusUnprocessableEntity, adminUsersPage{Form: f, Errors: errs})
	}
	if err != nil {
		return err
	}
	return s.renderUsers(c, http.StatusOK, adminUsersPage{Form: userForm{Role: data.RoleEditor},
		NewPassword: password, PasswordFor: f.Name})
}

// adminUserChange is POST /admin/users/:name/disable, /enable and /password (a new random
// password, shown once). Each ends the user's sessions.
func (s *Server) adminUserChange(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		lang, _ := langOf(c)
		name := c.Param("name")
		if strings.EqualFold(name, userOf(c).Name) && action != "password" {
			return s.renderUsers(c, http.StatusUnprocessableEntity, adminUsersPage{
				Errors: fieldErrors{"user": tr(lang, "staff.not_yourself")}})
		}
		switch action {
		case "disable":
			if err := s.store.DisableUser(ctx, actorOf(c), name); err != nil {
				return err
			}
			setFlash(c, "staff.flash.disabled")
		case "enable":
			if err := s.store.EnableUser(ctx, actorOf(c), name); err != nil {
				return err
			}
			setFlash(c, "staff.flash.saved")
		case "password":
			password := data.RandomPassword()
			if err := s.store.SetPassword(ctx, actorOf(c), name, password); err != nil {
				return err
			}
			if strings.EqualFold(name, userOf(c).Name) {
				s.setCookie(c, sessionCookie, "", -1)
			}
			return s.renderUsers(c, http.StatusOK, adminUsersPage{Form: userForm{Role: data.RoleEditor},
				NewPassword: password, PasswordFor: name})
		}
		return c.Redirect(http.StatusSeeOther, "/admin/users")
	}
}
