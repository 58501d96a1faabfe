// Package dashboard is the HTTP side of pjsx: routes, middleware, pages, charts and exports.
// It writes no SQL; everything it knows comes from package data.
package dashboard

import (
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

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
	// TrustProxy takes the client address from X-Forwarded-For: only behind a reverse proxy that
	// sets it. Otherwise anyone could name any address and dodge the per-address login lock.
	TrustProxy bool
	// PublicURL is the address readers reach the dashboard at (--public-url): the base of every
	// permalink in images, briefings and citations. Empty: files carry paths only, and no QR code.
	PublicURL string
	// Now is the clock the reporting calendar reads "today" from; nil is time.Now. Tests fix it.
	Now func() time.Time
	// NoReview (--no-review) publishes every staff save at once, for an office of one, whatever
	// the admin setting says. By default an editor's save waits for a reviewer (issue 14).
	NoReview bool
}

// Server serves the dashboard. It is an http.Handler.
type Server struct {
	e         *echo.Echo
	store     *data.Store
	log       *slog.Logger
	assets    *assets
	pages     map[string]*template.Template
	cache     *viewCache
	images    *imageCache
	pageCache *pageCache // public pages, whole
	rendered  sync.Map   // names of the page templates drawn at least once (TestEveryTemplateIsUsed)

	now      func() time.Time // the calendar's clock (Config.Now)
	throttle *loginThrottle
	origins  *http.CrossOriginProtection // refuses a browser's cross-site POST, beside the CSRF token

	publicURL string // Config.PublicURL, checked, without a trailing slash
	noReview  bool   // Config.NoReview
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
	s := &Server{store: cfg.Store, log: cfg.Logger, assets: a, throttle: newLoginThrottle(cfg.Store),
		cache: newViewCache(), images: newImageCache(), pageCache: newPageCache(),
		origins: http.NewCrossOriginProtection(), now: cfg.Now, noReview: cfg.NoReview}
	if s.now == nil {
		s.now = time.Now
	}
	if s.publicURL, err = parsePublicURL(cfg.PublicURL); err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	if s.pages, err = parsePages(templates.FS); err != nil {
		return nil, fmt.Errorf("dashboard: templates: %w", err)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
		e.Pre(func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error { c.Set(trustProxyKey, true); return next(c) }
		})
	}
	s.e = e

	e.Pre(dropShareParams) // before routing and caching: a link shared in WeChat is the link as shared
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: s.logPanic}))
	e.Use(s.logRequests)
	e.Use(detachReads)
	e.Use(securityHeaders)
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		Level:     5,
		MinLength: 1024,
		Skipper: func(c echo.Context) bool {
			return strings.HasPrefix(c.Path(), "/static/") || publicPagePaths[c.Path()] || alreadyCompressed(c.Request().URL.Path)
		},
	}))
	e.Use(s.loadSession) // the session cookie's user, and the CSRF token of this request's forms
	e.Use(s.checkCSRF)   // every POST carries its form's token
	if cfg.RequireLogin {
		e.Use(s.requireLoginToRead)
	}

	// Sessions.
	e.GET("/login", s.loginForm)
	e.POST("/login", s.loginSubmit)
	e.POST("/logout", s.logout)

	// Editors (an editor limited to regions is checked per figure and event by the handlers).
	ed := e.Group("/edit", s.requireRole(data.RoleEditor))
	ed.GET("", s.figureList)
	ed.GET("/", s.figureList)
	ed.GET("/figures", s.figureList)
	ed.GET("/figures/new", s.figureNew)
	ed.POST("/figures", s.figureCreate)
	ed.GET("/figures/:id", s.figureEdit)
	ed.POST("/figures/:id", s.figureUpdate)
	ed.POST("/figures/:id/delete", s.figureDelete)
	ed.GET("/figures/:id/history", s.figureHistory)
	ed.POST("/figures/:id/restore", s.figureRestore)
	ed.GET("/events", s.eventList)
	ed.GET("/events/new", s.eventNew)
	ed.POST("/events", s.eventCreate)
	ed.GET("/events/:id", s.eventEdit)
	ed.POST("/events/:id", s.eventUpdate)
	ed.POST("/events/:id/delete", s.eventDelete)
	ed.POST("/events/:id/restore", s.eventRestore)
	ed.GET("/tasks", s.tasksShow)
	ed.POST("/tasks", s.tasksSave)
	ed.GET("/import", s.importForm)
	ed.POST("/import", s.importPreview)
	ed.POST("/import/commit", s.importCommit)
	ed.GET("/import/template.csv", s.importTemplateCSV)
	ed.GET("/import/template.xlsx", s.importTemplateXLSX)
	ed.GET("/review", s.reviewShow)
	ed.POST("/review/approve", s.reviewApprove)
	ed.POST("/review/return", s.reviewReturn)

	// Admins.
	ad := e.Group("/admin", s.requireRole(data.RoleAdmin))
	ad.GET("/users", s.adminUsers)
	ad.POST("/users", s.adminUserAdd)
	ad.POST("/users/:name/disable", s.adminUserChange("disable"))
	ad.POST("/users/:name/enable", s.adminUserChange("enable"))
	ad.POST("/users/:name/password", s.adminUserChange("password"))
	ad.POST("/users/:name/role", s.adminUserRole)
	ad.GET("/metrics", s.adminMetrics)
	ad.POST("/metrics", s.adminMetricAdd)
	ad.POST("/metrics/:code/retire", s.adminMetricRetire)
	ad.GET("/metrics/:code/info", s.adminMetricInfo)
	ad.POST("/metrics/:code/info", s.adminMetricInfoSave)
	ad.GET("/audit", s.auditList)
	ad.GET("/settings", s.adminSettings)
	ad.POST("/settings", s.adminSettingsSave)

	// Open to everyone (unless --require-login).
	e.GET("/", s.publicPage(s.overviewShow))
	e.GET("/metrics/:code", s.publicPage(s.metricShow))
	e.GET("/metrics/:code/card", s.publicPage(s.metricCard))
	e.GET("/categories/:code", s.publicPage(s.categoryShow))
	e.GET("/milestones", s.publicPage(s.milestoneList))
	e.GET("/calendar", s.publicPage(s.calendarShow))
	e.GET("/calendar.ics", s.calendarICS)
	e.GET("/api/v1/regions", s.apiRegions)
	e.GET("/api/v1/metrics", s.apiMetrics)
	e.GET("/api/v1/metrics/:code/series", s.apiSeries)
	e.GET("/api/v1/events", s.apiEvents)
	e.GET("/api/v1/plans", s.apiPlans)
	e.GET("/charts/:file", s.chartImage)
	e.GET("/data/:file", s.dataExport)
	e.GET("/export", s.exportShow)
	e.GET("/export/pack.zip", s.exportPack)
	e.GET("/export/print", s.exportPrint)
	e.GET("/export/briefing.pdf", s.exportBriefingPDF)
	e.GET("/export/briefing.docx", s.exportBriefingDOCX)
	e.GET("/healthz", s.healthz)
	e.GET("/embed/metrics/:code", frameable(s.publicPage(s.embedMetric))) // the one page other sites may frame
	e.GET("/static/*", a.serve)
	return s, nil
}

// publicPagePaths are the routes wrapped in publicPage: they compress their own pages.
var publicPagePaths = map[string]bool{"/": true, "/metrics/:code": true, "/metrics/:code/card": true, "/categories/:code": true,
	"/milestones": true, "/calendar": true, "/embed/metrics/:code": true}

// alreadyCompressed are responses gzip cannot shrink (PNG, ZIP and XLSX are compressed formats):
// compressing them again only costs CPU and memory.
func alreadyCompressed(path string) bool {
	for _, ext := range []string{".png", ".zip", ".xlsx", ".docx"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return false
}

// Routes lists every route the server registers, so tests can hold each one to a rule.
func (s *Server) Routes() []*echo.Route { return s.e.Routes() }

// ServeHTTP makes the server an http.Handler. A HEAD request is answered as its GET: net/http
// sends the headers and drops the body, because it keeps the request's own method.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		get := *r
		get.Method = http.MethodGet
		r = &get
	}
	if r.Method == http.MethodGet {
		w = &conditionalWriter{ResponseWriter: w, ifNoneMatch: r.Header.Get("If-None-Match")}
	}
	s.e.ServeHTTP(w, r)
}

// healthz is 200 when the database answers a query, for monitors and load balancers.
func (s *Server) healthz(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		s.log.Error("healthz", "err", err)
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	return c.String(http.StatusOK, "ok\n")
}
