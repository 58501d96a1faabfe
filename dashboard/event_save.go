package dashboard

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// eventCreate is POST /edit/events.
func (s *Server) eventCreate(c echo.Context) error {
	f := readEventForm(c)
	if !userOf(c).CanEdit(f.Region) {
		return forbidRegion(c, f.Region)
	}
	_, err := s.store.AddEvent(c.Request().Context(), s.staffActor(c), f.input())
	if errs := validationFields(err); errs != nil {
		return s.renderEventForm(c, http.StatusUnprocessableEntity, f, errs, nil, false)
	}
	if err != nil {
		return err
	}
	setFlash(c, s.savedFlash(c, "staff.flash.saved"))
	return c.Redirect(http.StatusSeeOther, "/edit/events")
}

// eventUpdate is POST /edit/events/:id with field base, the revision the form showed.
func (s *Server) eventUpdate(c echo.Context) error {
	hist, err := s.eventToChange(c)
	if err != nil {
		return err
	}
	f := readEventForm(c)
	if !userOf(c).CanEdit(f.Region) {
		return forbidRegion(c, f.Region)
	}
	base, _ := strconv.ParseInt(c.FormValue("base"), 10, 64)
	err = s.store.ReviseEvent(c.Request().Context(), s.staffActor(c), hist[0].EventID, base, f.input())
	return s.afterEventChange(c, f, hist, err)
}

// eventDelete is POST /edit/events/:id/delete with field base: a tombstone revision. The
// answer is the milestone's history, where the deletion can be undone.
func (s *Server) eventDelete(c echo.Context) error {
	hist, err := s.eventToChange(c)
	if err != nil {
		return err
	}
	base, _ := strconv.ParseInt(c.FormValue("base"), 10, 64)
	err = s.store.RemoveEvent(c.Request().Context(), s.staffActor(c), hist[0].EventID, base)
	if err == nil {
		setFlash(c, s.savedFlash(c, "staff.flash.deleted"))
		return c.Redirect(http.StatusSeeOther, eventURL(hist[0].EventID))
	}
	cur := *publishedEvent(hist)
	f := eventForm{Date: data.FormatPeriod(cur.Date, cur.Precision), TitleZh: cur.TitleZh, TitleEn: cur.TitleEn,
		Category: cur.Category, Region: cur.Region, Source: cur.Source}
	return s.afterEventChange(c, f, hist, err)
}

func (s *Server) afterEventChange(c echo.Context, f eventForm, hist []data.EventRevision, err error) error {
	switch errs := validationFields(err); {
	case err == nil:
		setFlash(c, s.savedFlash(c, "staff.flash.saved"))
		return c.Redirect(http.StatusSeeOther, "/edit/events")
	case errs != nil:
		return s.renderEventForm(c, http.StatusUnprocessableEntity, f, errs, hist, false)
	case errors.Is(err, data.ErrConflict):
		fresh, err := s.store.EventHistory(c.Request().Context(), hist[0].EventID)
		if err != nil {
			return err
		}
		if fresh[0].Deleted {
			return data.ErrNotFound
		}
		return s.renderEventForm(c, http.StatusConflict, f, nil, fresh, true)
	}
	return err
}
