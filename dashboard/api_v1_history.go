package dashboard

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// apiPlans is GET /api/v1/plans: the plans of dates (when Line 22 or the Chengping expressway was
// due to open, as each report said), a kind of series of their own, never progress.
//
// Plans, like targets and definition changes (series breaks), are seed data that no web form
// edits and that have no revisions: asked as of a day (checked like every route) they are
// today's, the answer naming the day asked for.
func (s *Server) apiPlans(c echo.Context) error {
	if err := s.checkAsOf(c); err != nil {
		return err
	}
	plans, err := s.store.DatePlans(c.Request().Context())
	if err != nil {
		return err
	}
	if plans == nil {
		plans = []data.DatePlan{}
	}
	return c.JSON(http.StatusOK, withAsOf(map[string]any{"plans": plans}, asOfOf(c)))
}

// seriesHistory is what /api/v1/metrics/{code}/series carries beside the model: every date the
// metric's definition changed and every other report of its figures (not drawn), whatever the
// filters. The targets come with the model.
func (s *Server) seriesHistory(ctx context.Context, metric string) (map[string]any, error) {
	breaks, err := s.store.Breaks(ctx, metric)
	if err != nil {
		return nil, err
	}
	others, err := s.store.AlternativeReports(ctx, metric)
	if err != nil {
		return nil, err
	}
	return map[string]any{"breaks": nonNil(breaks), "other_reports": nonNil(others)}, nil
}

// nonNil makes an empty list a JSON [] rather than null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
