package dashboard

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminSettingsPage is /admin/settings: whether staff saves wait for a reviewer.
type adminSettingsPage struct {
	Page
	ReviewOn      bool // what staff saves do now
	SettingOn     bool // what the stored setting says
	FlagOverrides bool // --no-review: the setting is stored but not followed
	Error         string
}

// adminSettings is GET /admin/settings.
func (s *Server) adminSettings(c echo.Context) error {
	return s.renderSettings(c, http.StatusOK, "")
}

func (s *Server) renderSettings(c echo.Context, status int, msg string) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	off, err := s.store.ReviewSettingOff(ctx)
	if err != nil {
		return err
	}
	p := adminSettingsPage{Page: s.newPage(c, lang, tr(lang, "settings.title")), ReviewOn: s.reviewOn(c),
		SettingOn: !off, FlagOverrides: s.noReview, Error: msg}
	return s.render(c, status, "admin_settings", p)
}

// adminSettingsSave is POST /admin/settings with review=on|off.
func (s *Server) adminSettingsSave(c echo.Context) error {
	lang, _ := langOf(c)
	var on bool
	switch c.FormValue("review") {
	case "on":
		on = true
	case "off":
	default:
		return s.renderSettings(c, http.StatusUnprocessableEntity, tr(lang, "settings.review_bad"))
	}
	if err := s.store.SetReviewSetting(c.Request().Context(), actorOf(c), on); err != nil {
		return err
	}
	setFlash(c, "staff.flash.saved")
	return c.Redirect(http.StatusSeeOther, "/admin/settings")
}
