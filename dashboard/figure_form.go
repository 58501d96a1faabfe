package dashboard

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// figureForm is the new-figure and edit-figure form as typed.
type figureForm struct {
	Metric, Region, Period, Value, Qualifier, Source, Note, Reason string
}

func readFigureForm(c echo.Context) figureForm {
	return figureForm{Metric: c.FormValue("metric"), Region: c.FormValue("region"), Period: c.FormValue("period"),
		Value: c.FormValue("value"), Qualifier: c.FormValue("qualifier"), Source: c.FormValue("source"), Note: data.NormalizeNewlines(c.FormValue("note")), Reason: c.FormValue("reason")}
}

// textErrors refuses free text that cannot be kept: invalid UTF-8, control characters, or more
// than a page of it. Fields not sent are not checked.
func (f figureForm) textErrors() fieldErrors {
	errs := fieldErrors{}
	for _, t := range []struct {
		field, text string
		max         int
		multiline   bool
	}{{"source", f.Source, data.MaxSourceLen, false}, {"note", f.Note, data.MaxNoteLen, true},
		{"reason", f.Reason, data.MaxSourceLen, false}} {
		if msg := data.CheckText(t.text, t.max, t.multiline); msg != "" {
			errs[t.field] = msg
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

type figurePage struct {
	Page
	New          bool
	Form         figureForm
	Errors       fieldErrors
	Metrics      []option
	Regions      []option
	Current      *data.Observation // the figure being edited
	MetricName   string
	RegionName   string
	PeriodText   string
	Qualifiers   []option      // exact, lower bound, approximate
	DuplicateURL string        // a current figure the new one would duplicate
	Conflict     bool          // someone saved this figure since the form was opened
	Waiting      []revisionRow // revisions of the figure waiting for review (or returned)
}

// figureNew is GET /edit/figures/new; metric, region and period may be given in the query.
func (s *Server) figureNew(c echo.Context) error {
	f := figureForm{Metric: c.QueryParam("metric"), Region: c.QueryParam("region"), Period: c.QueryParam("period")}
	return s.renderNewFigure(c, http.StatusOK, f, nil)
}

func (s *Server) renderNewFigure(c echo.Context, status int, f figureForm, errs fieldErrors) error {
	lang, _ := langOf(c)
	p := figurePage{Page: s.newPage(c, lang, tr(lang, "staff.figure_new")), New: true, Form: f, Errors: errs,
		Qualifiers: qualifierOptions(lang, f.Qualifier)}
	var err error
	if p.Metrics, err = s.metricOptions(c, lang, f.Metric); err != nil {
		return err
	}
	if p.Regions, err = s.regionOptions(c, lang, f.Region, true); err != nil {
		return err
	}
	if errs["period"] != "" {
		cur, err := s.store.CurrentFigure(c.Request().Context(), f.Metric, f.Region, f.Period)
		if err == nil && !cur.Deleted {
			p.DuplicateURL = "/edit/figures/" + strconv.FormatInt(cur.ID, 10)
		}
	}
	// A figure not yet public may wait for review already (another editor added it, or the
	// author's own came back): saving this one replaces the waiting one, so say so first.
	if day, gran, err := data.ParsePeriod(f.Period); err == nil && f.Metric != "" {
		key := data.FigureKey{Metric: f.Metric, Region: f.Region, Period: day, Granularity: gran}
		if p.Waiting, err = s.waitingRevisions(c, key, 0); err != nil {
			return err
		}
	}
	return s.render(c, status, "figure_form", p)
}

// waitingRevisions are the revisions of figure k after its public one (id after) that wait for
// review or came back to their author.
func (s *Server) waitingRevisions(c echo.Context, k data.FigureKey, after int64) ([]revisionRow, error) {
	revs, err := s.store.Revisions(c.Request().Context(), k)
	if errors.Is(err, data.ErrNotFound) { // nothing written yet (or a metric that does not exist)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []revisionRow
	for _, r := range revs {
		if r.ID > after && (r.Review.State == data.ReviewPending || r.Review.State == data.ReviewReturned) {
			out = append(out, revisionRow{Observation: r, Value: chart.FigureText(r.Value), EnteredAt: shortTime(r.EnteredAt)})
		}
	}
	return out, nil
}

// qualifierOptions are the choices of the qualifier select, the typed one selected.
func qualifierOptions(lang, selected string) []option {
	out := make([]option, 0, len(data.Qualifiers))
	for _, q := range data.Qualifiers {
		key := "staff.qualifier_" + q
		if q == "" {
			key = "staff.qualifier_exact"
		}
		out = append(out, option{Value: q, Label: tr(lang, key), Selected: q == selected})
	}
	return out
}

// figureEdit is GET /edit/figures/:id: the form of the figure's current revision.
func (s *Server) figureEdit(c echo.Context) error {
	cur, err := s.currentRevision(c)
	if err != nil {
		return err
	}
	if cur.Deleted {
		return c.Redirect(http.StatusSeeOther, "/edit/figures/"+strconv.FormatInt(cur.ID, 10)+"/history")
	}
	f := figureForm{Value: strconv.FormatFloat(cur.Value, 'f', -1, 64), Qualifier: cur.Qualifier, Source: cur.Source,
		Note: cur.Note}
	return s.renderEditFigure(c, http.StatusOK, cur, f, nil, false)
}

// currentRevision loads the newest revision of the figure that revision :id belongs to, and
// refuses (403) an editor outside its region.
func (s *Server) currentRevision(c echo.Context) (data.Observation, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return data.Observation{}, err
	}
	rev, err := s.store.Observation(c.Request().Context(), id)
	if err != nil {
		return data.Observation{}, err
	}
	if u := userOf(c); u == nil || !u.CanEdit(rev.Region) {
		return data.Observation{}, forbidRegion(c, rev.Region)
	}
	return s.store.CurrentFigure(c.Request().Context(), rev.Metric, rev.Region, data.FormatPeriod(rev.Period, rev.Granularity))
}

func (s *Server) renderEditFigure(c echo.Context, status int, cur data.Observation, f figureForm, errs fieldErrors, conflict bool) error {
	lang, _ := langOf(c)
	p := figurePage{Page: s.newPage(c, lang, tr(lang, "staff.figure_edit")), Form: f, Errors: errs, Current: &cur,
		RegionName: s.regionLabel(c, lang, cur.Region), PeriodText: data.FormatPeriod(cur.Period, cur.Granularity),
		Qualifiers: qualifierOptions(lang, f.Qualifier),
		Conflict:   conflict}
	m, err := s.store.Metric(c.Request().Context(), cur.Metric)
	if err != nil {
		return err
	}
	p.MetricName = pick(lang, m.NameZh, m.NameEn) + " (" + pick(lang, m.UnitZh, m.UnitEn) + ")"
	if p.Waiting, err = s.waitingRevisions(c, cur.Key(), cur.ID); err != nil {
		return err
	}
	return s.render(c, status, "figure_form", p)
}
