package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

type historyPage struct {
	Page
	MetricCode string
	MetricName string
	RegionName string
	PeriodText string
	Current    data.Observation
	Published  bool   // the figure has a public revision; if not, NewLink enters it again
	NewLink    string // the new-figure form for this metric, place and period
	Revisions  []revisionRow
	Errors     fieldErrors
}

type revisionRow struct {
	data.Observation
	Value     string
	Current   bool
	EnteredAt string // when, in Shanghai to the minute (shortTime), as the figure list says it
}

// figureHistory is GET /edit/figures/:id/history: every revision of the figure, newest first,
// each restorable.
func (s *Server) figureHistory(c echo.Context) error {
	rev, err := s.revisionToChange(c)
	if err != nil {
		return err
	}
	return s.renderHistory(c, http.StatusOK, rev, nil)
}

func (s *Server) renderHistory(c echo.Context, status int, rev data.Observation, errs fieldErrors) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	revs, err := s.store.Revisions(ctx, rev.Key())
	if err != nil {
		return err
	}
	m, err := s.store.Metric(ctx, rev.Metric)
	if err != nil {
		return err
	}
	p := historyPage{Page: s.newPage(c, lang, tr(lang, "staff.history")), MetricCode: m.Code,
		MetricName: pick(lang, m.NameZh, m.NameEn), RegionName: s.regionLabel(c, lang, rev.Region),
		PeriodText: data.FormatPeriod(rev.Period, rev.Granularity), Current: revs[0], Errors: errs}
	current := -1 // the newest published revision; those above it wait for review or came back
	for i, r := range revs {
		if r.Review.State == "" {
			current = i
			p.Current, p.Published = r, true
			break
		}
	}
	p.NewLink = "/edit/figures/new?" + url.Values{"metric": {rev.Metric}, "region": {rev.Region},
		"period": {p.PeriodText}}.Encode()
	for i, r := range revs {
		row := revisionRow{Observation: r, Current: i == current, EnteredAt: shortTime(r.EnteredAt)}
		if !r.Deleted {
			row.Value = chart.FigureText(r.Value) + " " + pick(lang, m.UnitZh, m.UnitEn)
		}
		p.Revisions = append(p.Revisions, row)
	}
	return s.render(c, status, "figure_history", p)
}

// figureRestore is POST /edit/figures/:id/restore with field revision: that revision becomes
// current again, as a new revision.
func (s *Server) figureRestore(c echo.Context) error {
	ctx := c.Request().Context()
	rev, err := s.revisionToChange(c)
	if err != nil {
		return err
	}
	old, err := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	if err != nil {
		return s.renderHistory(c, http.StatusUnprocessableEntity, rev, fieldErrors{"revision": tr(langZh, "staff.no_revision")})
	}
	target, err := s.store.Observation(ctx, old)
	if errors.Is(err, data.ErrNotFound) || err == nil &&
		(target.Metric != rev.Metric || target.Region != rev.Region || target.Period != rev.Period) {
		return s.renderHistory(c, http.StatusUnprocessableEntity, rev, fieldErrors{"revision": tr(langZh, "staff.no_revision")})
	}
	if err != nil {
		return err
	}
	_, err = s.store.RestoreRevision(ctx, s.staffActor(c), old)
	if errs := validationFields(err); errs != nil {
		return s.renderHistory(c, http.StatusUnprocessableEntity, rev, errs)
	}
	if err != nil {
		return err
	}
	setFlash(c, s.savedFlash(c, "staff.flash.restored"))
	return c.Redirect(http.StatusSeeOther, "/edit/figures/"+strconv.FormatInt(rev.ID, 10)+"/history")
}
