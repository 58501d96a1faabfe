package dashboard

import (
	"errors"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// setFlash leaves a one-line message, by key, for the next page this browser shows
// (post/redirect/get). Only a message key travels in the cookie, never text anyone typed.
func setFlash(c echo.Context, key string) {
	setCookie(c, flashCookie, key, 60)
}

// takeFlash returns the flash message in lang and clears it.
func takeFlash(c echo.Context, lang string) string {
	ck, err := c.Cookie(flashCookie)
	if err != nil || !strings.HasPrefix(ck.Value, "staff.flash.") {
		return ""
	}
	if !hasMessage(ck.Value) {
		return ""
	}
	setCookie(c, flashCookie, "", -1)
	return tr(lang, ck.Value)
}

// fieldErrors is what a refused form shows beside each field: the messages of a
// *data.ValidationError, Chinese first, then English.
type fieldErrors map[string]string

// validationFields returns the field messages of err, or nil when err is not a validation error.
func validationFields(err error) fieldErrors {
	var verr *data.ValidationError
	if errors.As(err, &verr) {
		return fieldErrors(verr.Fields)
	}
	return nil
}

// pathID reads a numeric path parameter; anything else is a 404.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, data.ErrNotFound
	}
	return id, nil
}

// regionOptions lists the places u may edit (the joint figure first, when they may).
func (s *Server) regionOptions(c echo.Context, lang, selected string, withJoint bool) ([]option, error) {
	regions, err := s.store.Regions(c.Request().Context())
	if err != nil {
		return nil, err
	}
	u := userOf(c)
	var out []option
	if withJoint && u != nil && u.CanEdit("") {
		out = append(out, option{Value: "", Label: tr(lang, "joint"), Selected: selected == ""})
	}
	for _, r := range regions {
		if u != nil && u.CanEdit(r.Code) {
			out = append(out, option{Value: r.Code, Label: pick(lang, r.NameZh, r.NameEn), Selected: selected == r.Code})
		}
	}
	return out, nil
}

// metricOptions lists the metrics figures may be entered for (retired ones are left out).
func (s *Server) metricOptions(c echo.Context, lang, selected string) ([]option, error) {
	metrics, err := s.store.Metrics(c.Request().Context())
	if err != nil {
		return nil, err
	}
	var out []option
	for _, m := range metrics {
		if m.Retired && m.Code != selected {
			continue
		}
		label := pick(lang, m.NameZh, m.NameEn) + " (" + pick(lang, m.UnitZh, m.UnitEn) + ")"
		out = append(out, option{Value: m.Code, Label: label, Selected: m.Code == selected})
	}
	return out, nil
}

// regionLabel names a region code in lang; "" is the four places together.
func (s *Server) regionLabel(c echo.Context, lang, code string) string {
	if code == "" {
		return tr(lang, "joint")
	}
	regions, err := s.store.Regions(c.Request().Context())
	if err == nil {
		for _, r := range regions {
			if r.Code == code {
				return pick(lang, r.NameZh, r.NameEn)
			}
		}
	}
	return code
}

// savedFlash is the flash after a staff save of figures or milestones: key when the save is
// public at once, "submitted for review" while review is on.
func (s *Server) savedFlash(c echo.Context, key string) string {
	if s.reviewOn(c) {
		return "staff.flash.submitted"
	}
	return key
}

// savedTo is where a staff save of figures sends the browser: target (the chart it changed)
// when the save is public at once, /edit/review, where the submission waits, while review is on.
func (s *Server) savedTo(c echo.Context, target string) string {
	if s.reviewOn(c) {
		return "/edit/review"
	}
	return target
}
