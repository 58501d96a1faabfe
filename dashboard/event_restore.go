package dashboard

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// eventRestore is POST /edit/events/:id/restore with field revision: that revision of the
// milestone becomes current again, as a new revision. An editor limited to regions may restore
// only a revision of a region of theirs, as for an edit.
func (s *Server) eventRestore(c echo.Context) error {
	hist, err := s.eventToChange(c)
	if err != nil {
		return err
	}
	lang, _ := langOf(c)
	id, err := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	var target *data.EventRevision
	for i := range hist {
		if err == nil && hist[i].ID == id {
			target = &hist[i]
		}
	}
	if target == nil {
		return s.renderEventHistory(c, http.StatusUnprocessableEntity, hist, fieldErrors{"revision": tr(lang, "staff.no_event_revision")})
	}
	if !userOf(c).CanEdit(target.Region) {
		return forbidRegion(c, target.Region)
	}
	_, err = s.store.RestoreEventRevision(c.Request().Context(), s.staffActor(c), hist[0].EventID, id)
	if errs := validationFields(err); errs != nil {
		return s.renderEventHistory(c, http.StatusUnprocessableEntity, hist, errs)
	}
	if err != nil {
		return err
	}
	setFlash(c, s.savedFlash(c, "staff.flash.restored"))
	return c.Redirect(http.StatusSeeOther, eventURL(hist[0].EventID))
}

// publishedEvent is the newest published revision in hist (newest first): what the public sees
// and what a change starts from. A milestone none of whose revisions is published yet (a new
// one waiting for review) has its newest.
func publishedEvent(hist []data.EventRevision) *data.EventRevision {
	for i := range hist {
		if hist[i].Review.State == "" {
			return &hist[i]
		}
	}
	return &hist[0]
}

// renderEventHistory shows milestone hist's page again with errs: the edit form of the current
// revision (none when it is deleted) and the history with its restore buttons.
func (s *Server) renderEventHistory(c echo.Context, status int, hist []data.EventRevision, errs fieldErrors) error {
	cur := *publishedEvent(hist)
	f := eventForm{Date: data.FormatPeriod(cur.Date, cur.Precision), TitleZh: cur.TitleZh, TitleEn: cur.TitleEn,
		Category: cur.Category, Region: cur.Region, Source: cur.Source}
	return s.renderEventForm(c, status, f, errs, hist, false)
}
