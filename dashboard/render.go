package dashboard

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/i18n"
	"pjsx/data"
)

// Page is what every page template gets, embedded in the page's own data struct.
type Page struct {
	Lang         string
	Title        string
	Demo         bool
	OtherLangURL string
	User         *data.User // the logged-in user, nil for a visitor
	CSRF         string     // the token every form carries
	Flash        string     // a one-off message after a redirect
	Waiting      int        // revisions waiting for this reviewer, counted in the staff menu
	AsOf         string     // the asof day the page shows, YYYY-MM-DD; "" for today (asof_page.go)
	TodayURL     string     // the same page today, when AsOf is set
	assets       *assets
}

// T translates a UI string into the page language.
func (p Page) T(key string) string { return tr(p.Lang, key) }

// Half shows a "中文 / English" message of package data (a field's refusal) in the page's
// language only.
func (p Page) Half(msg string) string { return i18n.Half(p.Lang, msg) }

// Pick chooses the zh or en text of a record.
func (p Page) Pick(zh, en string) string { return pick(p.Lang, zh, en) }

// Asset is the content-hashed URL of a static file.
func (p Page) Asset(name string) string { return p.assets.URL(name) }

// HTMLLang is the lang attribute of the page.
func (p Page) HTMLLang() string {
	if p.Lang == langEn {
		return "en"
	}
	return "zh-CN"
}

func (s *Server) newPage(c echo.Context, lang, title string) Page {
	rememberLang(c)
	p := Page{Lang: lang, Title: title, assets: s.assets, User: userOf(c), Flash: takeFlash(c, lang)}
	if p.User != nil {
		// Anonymous pages carry no per-visitor token (so they can be cached whole); the login
		// form sets its own.
		p.CSRF = csrfToken(c)
		if n, err := s.store.PendingCount(c.Request().Context(), *p.User); err == nil {
			p.Waiting = n
		} else {
			s.log.Error("pending count", "err", err)
		}
	}
	if demo, err := s.store.IsDemo(c.Request().Context()); err == nil {
		p.Demo = demo
	}
	q := c.Request().URL.Query()
	if compressesItself(c) {
		q = knownPageQuery(q) // a public page is cached whole: nothing a visitor added goes in it
	}
	if lang == langEn {
		q.Set("lang", langZh)
	} else {
		q.Set("lang", langEn)
	}
	p.OtherLangURL = (&url.URL{Path: cleanPath(c.Request().URL.Path), RawQuery: q.Encode()}).String()
	if p.AsOf = asOfOf(c); p.AsOf != "" {
		q.Set("lang", lang)
		p.TodayURL = todayURL(cleanPath(c.Request().URL.Path), q)
	}
	return p
}

// option is one choice of a <select> (or a checkbox), on any page.
type option struct {
	Value, Label string
	Selected     bool
}

// chartView hands a chart partial both the chart and the page (for translations).
type chartView struct {
	P    Page
	C    chartCard
	Open bool
	// Grid: the chart is one of a .chart-grid's columns, about 560 px wide on a wide screen,
	// where a picture drawn 960 px wide would shrink to 60% of its size.
	Grid bool
}

// figureView hands the figure-card partial the card and the page.
type figureView struct {
	P Page
	F figureCard
}

// progressView hands the progress-block partial the block and the page.
type progressView struct {
	P Page
	B progressBlock
}

var templateFuncs = template.FuncMap{
	"chartView":     func(p Page, c chartCard, open bool) chartView { return chartView{P: p, C: c, Open: open} },
	"gridChartView": func(p Page, c chartCard) chartView { return chartView{P: p, C: c, Grid: true} },
	"figureView":    func(p Page, f figureCard) figureView { return figureView{p, f} },
	"progressView":  func(p Page, b progressBlock) progressView { return progressView{p, b} },
	"auditSide":     func(words, stored string) auditSide { return auditSide{words, stored} },
	"reviewMark":    func(p Page, n data.ReviewNote) reviewMark { return reviewMark{p, n} },
	"shortTime":     shortTime, // a stored UTC time as staff read it: Shanghai, to the minute
}

// reviewMark is the 待审核 / 已退回 badge of an unpublished revision on staff pages, with the
// reviewer's comment when it came back.
type reviewMark struct {
	Page
	data.ReviewNote
}

// parsePages parses layout.html and the _partials once per page template, so each page defines
// its own "content" block.
func parsePages(fsys fs.FS) (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(fsys, "layout.html", "_*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(fsys, name)
		if err != nil {
			return nil, err
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return pages, nil
}

// render executes a page into a buffer first, so a template error becomes a clean 500 and never
// half a page.
func (s *Server) render(c echo.Context, status int, name string, data any) error {
	t := s.pages[name]
	if t == nil {
		return fmt.Errorf("dashboard: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("dashboard: render %s: %w", name, err)
	}
	s.rendered.Store(name, true)
	if slot, ok := c.Get(pageSlotKey).(pageSlot); ok && status == http.StatusOK {
		p := newRenderedPage(buf.Bytes())
		s.pageCache.put(slot, slot.shown.shows(), p)
		s.pageCache.smallerLater(slot.key, p)
		return writePage(c, status, p)
	}
	if compressesItself(c) {
		return writePage(c, status, newRenderedPage(buf.Bytes()))
	}
	// Named by its own bytes, so a browser that has them gets a 304; the gzip middleware
	// compresses the rest.
	return writePage(c, status, &renderedPage{body: buf.Bytes(), etag: contentETag(buf.Bytes())})
}

// okPage renders a page with status 200.
func (s *Server) okPage(c echo.Context, name string, data any) error {
	return s.render(c, http.StatusOK, name, data)
}
