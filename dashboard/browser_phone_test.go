package dashboard_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone (390×844) the header is one line with a menu button, the menu opens on a tap, and no
// page is wider than the screen; the skip link is the first thing a keyboard reaches.
func TestBrowserPhoneHeaderIsOneLineWithAMenu(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/?lang=zh", "/?lang=en", "/metrics/cross_border_bus_lines?lang=en",
		"/metrics/rail22_station_structure?lang=zh", "/milestones?lang=en", "/login?lang=en"} {
		b.Open(t, ts.URL+path)
		var got struct {
			Header, ScrollWidth, NavHeight, Links int
			Skip                                  string
		}
		b.Eval(t, `({Header: Math.round(document.querySelector('header.top').getBoundingClientRect().height),
			ScrollWidth: document.documentElement.scrollWidth,
			NavHeight: Math.round(document.querySelector('#site-nav').getBoundingClientRect().height),
			Skip: document.querySelector('a, button, input, select').className})`, &got)
		if got.Header > 64 {
			t.Errorf("%s: header is %d px tall on a phone; want one line", path, got.Header)
		}
		if got.NavHeight != 0 {
			t.Errorf("%s: the menu is open before a tap (%d px)", path, got.NavHeight)
		}
		if got.ScrollWidth > 390 {
			t.Errorf("%s: the page is %d px wide on a 390 px screen", path, got.ScrollWidth)
		}
		if got.Skip != "skip-link" {
			t.Errorf("%s: the first focusable element is %q, want the skip link", path, got.Skip)
		}
		if err := chromedp.Do(b.Ctx, chromedp.Click(`label.nav-toggle-label`)); err != nil {
			t.Fatalf("%s: tapping the menu: %v", path, err)
		}
		b.Eval(t, `({Links: Array.from(document.querySelectorAll('#site-nav a')).filter(a => a.getBoundingClientRect().height > 0).length})`, &got)
		if got.Links < 3 {
			t.Errorf("%s: the menu shows %d links after a tap", path, got.Links)
		}
		if p := b.Problems(); len(p) > 0 {
			t.Errorf("%s: %v", path, p)
		}
	}
}

// Every page says what it is in a meta description, for link previews and search.
func TestEveryPageHasAMetaDescription(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, path := range []string{"/?lang=zh", "/metrics/cross_border_bus_lines?lang=en", "/milestones", "/export", "/login", "/categories/transport"} {
		contains(t, path, get(t, ts, path).Body, `<meta name="description" content="`)
	}
}
