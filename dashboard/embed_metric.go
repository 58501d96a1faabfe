package dashboard

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// embedPolicy is contentSecurityPolicy for the one page other sites may put in a frame: the
// same rules for scripts, any framing origin.
var embedPolicy = strings.Replace(contentSecurityPolicy, "frame-ancestors 'self'", "frame-ancestors *", 1)

type embedPage struct {
	Page
	Chart   chartCard
	FullURL string
}

// embedMetric is GET /embed/metrics/:code: one metric's chart and table with the same filters
// as /metrics/{code}, and nothing else, for an intranet portal to frame.
func (s *Server) embedMetric(c echo.Context) error {
	req, err := s.chartRequest(c, c.Param("code"))
	if err != nil {
		return err
	}
	card, err := s.chartCardOf(c.Request().Context(), req, "chart-"+safeFileName(req.Chart))
	if err != nil {
		return err
	}
	p := embedPage{Page: s.newPage(c, req.Lang, card.Model.Title), Chart: card,
		FullURL: "/metrics/" + req.Chart + "?" + req.Query()}
	return s.okPage(c, "embed", p)
}

// frameable lets other sites frame the responses of a route. It sits outside the page cache, so
// a page served from the cache is as frameable as a freshly drawn one.
func frameable(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", embedPolicy)
		h.Del("X-Frame-Options")
		return next(c)
	}
}
