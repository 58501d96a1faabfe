package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// figureCreate is POST /edit/figures. A refused field re-renders the form (422) with the input
// kept and each message beside its field; nothing is written.
func (s *Server) figureCreate(c echo.Context) error {
	ctx := c.Request().Context()
	f := readFigureForm(c)
	if u := userOf(c); !u.CanEdit(f.Region) {
		return forbidRegion(c, f.Region)
	}
	value, valueMsg := data.ParseValue(f.Value)
	if valueMsg == "" {
		if m, err := s.store.Metric(ctx, f.Metric); err == nil {
			valueMsg = data.CheckPercentSign(f.Value, m.Kind)
		}
	}
	textErrs := f.textErrors()
	in := data.FigureInput{Metric: f.Metric, Region: f.Region, Period: f.Period, Value: value, Qualifier: f.Qualifier,
		Source: f.Source, Note: f.Note}
	var err error
	if valueMsg != "" || textErrs != nil {
		err = s.store.ValidateNewFigure(ctx, in)
	} else {
		_, err = s.store.AddFigure(ctx, s.staffActor(c), in)
	}
	errs := validationFields(err)
	if err != nil && errs == nil {
		return err
	}
	if valueMsg != "" || textErrs != nil {
		if errs == nil {
			errs = fieldErrors{}
		}
		for k, v := range textErrs {
			errs[k] = v
		}
		if valueMsg != "" {
			errs["value"] = valueMsg
		}
	}
	if errs != nil {
		return s.renderNewFigure(c, http.StatusUnprocessableEntity, f, errs)
	}
	s.log.Info("figure added", "user", actorOf(c).Name, "metric", f.Metric, "region", f.Region, "period", f.Period)
	setFlash(c, s.savedFlash(c, "staff.flash.saved"))
	return c.Redirect(http.StatusSeeOther, s.savedTo(c, "/metrics/"+url.PathEscape(f.Metric)))
}

// figureUpdate is POST /edit/figures/:id, :id being the revision the form showed. If another
// revision was saved since, the form comes back (409) with the newer figure.
func (s *Server) figureUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	rev, err := s.revisionToChange(c)
	if err != nil {
		return err
	}
	f := readFigureForm(c)
	value, valueMsg := data.ParseValue(f.Value)
	if valueMsg == "" {
		m, err := s.store.Metric(ctx, rev.Metric)
		if err != nil {
			return err
		}
		valueMsg = data.CheckPercentSign(f.Value, m.Kind)
	}
	if errs := f.textErrors(); valueMsg != "" || errs != nil {
		if errs == nil {
			errs = fieldErrors{}
		}
		if valueMsg != "" {
			errs["value"] = valueMsg
		}
		return s.renderEditFigure(c, http.StatusUnprocessableEntity, rev, f, errs, false)
	}
	_, err = s.store.ReviseFigure(ctx, s.staffActor(c), rev.ID,
		data.FigureEdit{Value: value, Qualifier: f.Qualifier, Source: f.Source, Note: f.Note})
	if errs := validationFields(err); errs != nil {
		return s.renderEditFigure(c, http.StatusUnprocessableEntity, rev, f, errs, false)
	}
	if errors.Is(err, data.ErrConflict) {
		return s.figureConflict(c, rev, f)
	}
	if err != nil {
		return err
	}
	setFlash(c, s.savedFlash(c, "staff.flash.saved"))
	return c.Redirect(http.StatusSeeOther, s.savedTo(c, "/metrics/"+url.PathEscape(rev.Metric)))
}

// figureDelete is POST /edit/figures/:id/delete: a tombstone revision with a reason.
func (s *Server) figureDelete(c echo.Context) error {
	rev, err := s.revisionToChange(c)
	if err != nil {
		return err
	}
	f := readFigureForm(c)
	errs := f.textErrors()
	if errs == nil {
		err = s.store.RemoveFigure(c.Request().Context(), s.staffActor(c), rev.ID, f.Reason)
		errs = validationFields(err)
	}
	if errs != nil {
		f.Value, f.Source, f.Note = strconv.FormatFloat(rev.Value, 'f', -1, 64), rev.Source, rev.Note
		return s.renderEditFigure(c, http.StatusUnprocessableEntity, rev, f, errs, false)
	}
	if errors.Is(err, data.ErrConflict) {
		return s.figureConflict(c, rev, f)
	}
	if err != nil {
		return err
	}
	setFlash(c, s.savedFlash(c, "staff.flash.deleted"))
	return c.Redirect(http.StatusSeeOther, "/edit/figures?metric="+url.QueryEscape(rev.Metric))
}

// revisionToChange loads revision :id for a change, checking the editor's region.
func (s *Server) revisionToChange(c echo.Context) (data.Observation, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return data.Observation{}, err
	}
	rev, err := s.store.Observation(c.Request().Context(), id)
	if err != nil {
		return rev, err
	}
	if !userOf(c).CanEdit(rev.Region) {
		return rev, forbidRegion(c, rev.Region)
	}
	return rev, nil
}

func (s *Server) figureConflict(c echo.Context, rev data.Observation, f figureForm) error {
	cur, err := s.store.CurrentFigure(c.Request().Context(), rev.Metric, rev.Region, data.FormatPeriod(rev.Period, rev.Granularity))
	if err != nil {
		return err
	}
	if cur.Deleted {
		return c.Redirect(http.StatusSeeOther, "/edit/figures/"+strconv.FormatInt(cur.ID, 10)+"/history")
	}
	return s.renderEditFigure(c, http.StatusConflict, cur, f, nil, true)
}
