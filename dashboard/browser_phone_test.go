package dashboard_test

import (
	"fmt"
	"strings"
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
		"/metrics/rail22_station_structure?lang=zh", "/milestones?lang=en", "/login?lang=en",
		"/metrics/rail22_route_length?lang=en", "/metrics/pjsx_gdp_share_primary?view=compare&lang=en", "/metrics/rail22_pinggu_progress?lang=zh",
		"/categories/transport?lang=en", "/calendar?lang=en", "/calendar?lang=zh", "/export?lang=en", "/?asof=2026-11-30&lang=en"} {
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

// A chart on a phone gives its plot the width (the desktop margins are for long axis labels),
// and milestones too close to number apart share one label ("4–7"): no number is printed over
// another, and every milestone is still named by a label.
func TestBrowserPhoneChartMilestoneNumbersDoNotOverlap(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/metrics/rail22_station_structure?lang=zh", "/metrics/rail22_station_structure?lang=en"} {
		b.Open(t, ts.URL+path)
		var got struct {
			Width, PlotWidth float64
			Labels           []struct {
				X    float64
				Text string
			}
			Milestones int
		}
		b.Eval(t, `(() => {
			const el = document.querySelector('[data-chart]');
			const inst = echarts.getInstanceByDom(el);
			const opt = inst.getOption();
			const ax = opt.xAxis[0];
			const px = (t) => inst.convertToPixel({xAxisIndex: 0}, new Date(t).getTime());
			const meta = JSON.parse(document.getElementById(el.dataset.chart).textContent).meta;
			const labels = [];
			let milestones = 0;
			(opt.series[0].markLine.data || []).forEach((d, i) => {
				const m = meta.marks[i];
				if (!m || m.kind !== 'milestone') return;
				milestones++;
				if (d.label && d.label.show !== false) labels.push({X: px(d.xAxis), Text: String(d.label.formatter)});
			});
			return {Width: el.clientWidth, PlotWidth: px(ax.max) - px(ax.min), Labels: labels, Milestones: milestones};
		})()`, &got)
		if got.PlotWidth < got.Width*0.75 {
			t.Errorf("%s: the plot is %.0f px of a %.0f px chart", path, got.PlotWidth, got.Width)
		}
		if got.Milestones < 3 {
			t.Fatalf("%s: %d milestones on the chart; the seed has more", path, got.Milestones)
		}
		named := 0
		for i, l := range got.Labels {
			first, last := 0, 0
			if n, _ := fmt.Sscanf(strings.Replace(l.Text, "–", " ", 1), "%d %d", &first, &last); n == 1 {
				last = first
			}
			named += last - first + 1
			if i == 0 {
				continue
			}
			// 12 px digits are about 7 px wide: two labels overlap when their centres are closer
			// than half of both widths.
			prev := got.Labels[i-1]
			if need := 3.5*float64(len(prev.Text)+len(l.Text)) + 2; l.X-prev.X < need {
				t.Errorf("%s: milestone labels %q and %q are %.0f px apart; they overlap", path, prev.Text, l.Text, l.X-prev.X)
			}
		}
		if named != got.Milestones {
			t.Errorf("%s: the labels %v name %d of %d milestones", path, got.Labels, named, got.Milestones)
		}
	}
}

// On a phone a region's tick box stays on the line of its name (兴隆县 wrapped alone under its
// box), a figure's date in the table is one line (not "2025-" over "02-21"), and a source keeps a
// readable column: the table scrolls sideways instead.
func TestBrowserPhoneBoxesAndDatesKeepTogether(t *testing.T) {
	ts, _ := newSeeded(t)
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/metrics/cross_border_bus_lines?lang=zh", "/metrics/rail22_station_structure?lang=en"} {
		b.Open(t, ts.URL+path)
		var got struct {
			Split        []string
			Periods      int
			WrappedDates []string
			NarrowSource float64
		}
		b.Eval(t, `(() => {
			document.querySelectorAll('details.chart-table').forEach((d) => d.open = true);
			const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el); // text lines of el
				return new Set(Array.from(r.getClientRects()).filter((q) => q.width > 0).map((q) => Math.round(q.top))).size; };
			const split = Array.from(document.querySelectorAll('.filters label')).filter((l) => {
				const box = l.querySelector('input[type=checkbox]');
				const text = Array.from(l.childNodes).find((n) => n.nodeType === 3 && n.textContent.trim());
				if (!box || !text) return false;
				const r = document.createRange(); r.selectNodeContents(text);
				const t = r.getClientRects()[0], c = box.getBoundingClientRect();
				return lines(text) > 1 || c.top + c.height / 2 < t.top || c.top + c.height / 2 > t.bottom;
			}).map((l) => l.textContent.trim());
			const periods = Array.from(document.querySelectorAll('table.figures:not(.pivot) td:nth-child(2)'));
			const src = Array.from(document.querySelectorAll('table.figures td.src')).map((td) => td.getBoundingClientRect().width);
			return {Split: split, Periods: periods.length,
				WrappedDates: periods.filter((td) => lines(td) > 1).map((td) => td.textContent),
				NarrowSource: src.length ? Math.min(...src) : 999};
		})()`, &got)
		if len(got.Split) > 0 {
			t.Errorf("%s: tick boxes parted from their names: %q", path, got.Split)
		}
		if got.Periods == 0 {
			t.Fatalf("%s: no periods in the figures table", path)
		}
		if len(got.WrappedDates) > 0 {
			t.Errorf("%s: dates broken over lines: %q", path, got.WrappedDates)
		}
		if got.NarrowSource < 150 {
			t.Errorf("%s: the source column is %.0f px wide", path, got.NarrowSource)
		}
	}
	// A chart's first picture is drawn 360 px wide for a phone: its box shrinks it by little, also
	// where the chart sits in the Line 22 block of the overview.
	for _, path := range []string{"/?lang=zh", "/metrics/rail22_station_structure?lang=en"} {
		b.Open(t, ts.URL+path)
		var widths []float64
		b.Eval(t, `Array.from(document.querySelectorAll('.chart')).map((el) => el.getBoundingClientRect().width)`, &widths)
		if len(widths) == 0 {
			t.Fatalf("%s: no chart", path)
		}
		for _, w := range widths {
			if w < 320 {
				t.Errorf("%s: a chart's box is %.0f px wide on a 390 px phone; its 360 px picture shrinks to %.0f%%", path, w, w/3.6)
			}
		}
	}
}
