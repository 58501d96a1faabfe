// Package dashboard is the HTTP side of pjsx: routes, middleware, pages, charts and exports.
// It writes no SQL; everything it knows comes from package data.
package dashboard

import (
	"fmt"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"pjsx/data"
	"pjsx/templates"
)

// Config is what the server is built from.
type Config struct {
	Store        *data.Store
	Logger       *slog.Logger
	RequireLogin bool
}

// Server serves the dashboard. It is an http.Handler.
type Server struct {
	e      *echo.Echo
	store  *data.Store
	log    *slog.Logger
	assets *assets
	pages  map[string]*template.Template
}

// New builds the server: middleware in order, then every route, grouped by who may use it.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	a, err := loadAssets(templates.FS)
	if err != nil {
		return nil, err
	}
	s := &Server{store: cfg.Store, log: cfg.Logger, assets: a}
	if s.pages, err = parsePages(templates.FS); err != nil {
		return nil, fmt.Errorf("dashboard: templates: %w", err)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	s.e = e

	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: s.logPanic}))
	e.Use(s.logRequests)
	e.Use(securityHeaders)
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		Level:     5,
		MinLength: 1024,
		Skipper:   func(c echo.Context) bool { return len(c.Path()) >= 8 && c.Path()[:8] == "/static/" },
	}))

	// Open to everyone (unless --require-login, which the staff issue brings).
	e.GET("/", s.overviewShow)
	e.GET("/metrics/:code", s.metricShow)
	e.GET("/categories/:code", s.categoryShow)
	e.GET("/milestones", s.milestoneList)
	e.GET("/charts/:file", s.chartImage)
	e.GET("/data/:file", s.dataExport)
	e.GET("/export", s.exportShow)
	e.GET("/export/pack.zip", s.exportPack)
	e.GET("/export/print", s.exportPrint)
	e.GET("/healthz", s.healthz)
	e.GET("/static/*", a.serve)
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }

// healthz is 200 when the database answers a query, for monitors and load balancers.
func (s *Server) healthz(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		s.log.Error("healthz", "err", err)
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	return c.String(http.StatusOK, "ok\n")
}
