package dashboard

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/ical"
	"pjsx/data"
)

// today is the Shanghai day the reporting calendar counts from (DECISIONS "Time").
func (s *Server) today() string { return data.Today(s.now()) }

// calendarRow is one place's figure of one metric on the calendar: the period it owes and when.
type calendarRow struct {
	MetricURL, Metric, Place string
	Period                   string // the period as written; for overdue rows the oldest of them
	Due                      string // YYYY-MM-DD
	Overdue                  int    // periods overdue, 0 on the upcoming list
	OverdueText              string
	Last                     string // the newest figure's period, "" when none
}

type calendarPage struct {
	Page
	Today    string
	Overdue  []calendarRow
	Upcoming []calendarRow
	FeedURL  string
}

// calendarShow is GET /calendar: what is overdue and what is due next, per metric and place.
func (s *Server) calendarShow(c echo.Context) error {
	lang, bad := langOf(c)
	if bad != "" {
		return &paramError{"lang", "语言须为 zh 或 en / must be zh or en"}
	}
	// What is due depends on every metric's figures: any save may change this page.
	noteShown(c.Request().Context(), data.Shows{Everything: true})
	asOf := asOfOf(c)
	items, regions, err := s.dueOn(c.Request().Context(), asOf)
	if err != nil {
		return err
	}
	p := calendarPage{Page: s.newPage(c, lang, tr(lang, "calendar.title")), Today: cmp.Or(asOf, s.today()),
		FeedURL: "/calendar.ics?lang=" + lang}
	for _, it := range items {
		row := calendarRow{MetricURL: "/metrics/" + url.PathEscape(it.Metric.Code) + "?" + string(p.Q()),
			Metric: pick(lang, it.Metric.NameZh, it.Metric.NameEn), Place: chart.RegionName(it.Region, regions, lang)}
		if it.HasLast {
			row.Last = data.FormatPeriod(it.Last.Period, it.Last.Granularity)
		}
		if n := len(it.Overdue); n > 0 {
			o := row
			o.Period = data.FormatPeriod(it.Overdue[0], it.Metric.Frequency)
			if n > 1 {
				o.Period += " – " + data.FormatPeriod(it.Overdue[n-1], it.Metric.Frequency)
			}
			o.Due, o.Overdue, o.OverdueText = data.DueDate(it.Overdue[0], it.Metric.Frequency, it.DueDays), n, overdueText(lang, n, row.Last)
			p.Overdue = append(p.Overdue, o)
		}
		row.Period, row.Due = data.FormatPeriod(it.Next, it.Metric.Frequency), it.NextDue
		p.Upcoming = append(p.Upcoming, row)
	}
	byDue := func(a, b calendarRow) int { return cmp.Compare(a.Due, b.Due) }
	slices.SortStableFunc(p.Overdue, byDue)
	slices.SortStableFunc(p.Upcoming, byDue)
	return s.okPage(c, "calendar", p)
}

// longOverdue is the most periods an overdue badge counts.
const longOverdue = 3

// overdueText says how many periods a figure is overdue: 已逾期 2 期 / 2 periods overdue.
// A place that owes more than longOverdue periods is said to have reported nothing since its
// newest figure instead: a figure kept from a 2006 article is history, and "19 periods overdue"
// reads as 19 missed rounds.
func overdueText(lang string, n int, last string) string {
	if n > longOverdue && last != "" {
		return fmt.Sprintf(tr(lang, "calendar.none_since"), last)
	}
	if lang == langEn && n == 1 {
		return tr(lang, "calendar.overdue_one")
	}
	return fmt.Sprintf(tr(lang, "calendar.overdue_n"), n)
}

// calendarICS is GET /calendar.ics: the calendar's due dates as an iCalendar feed, one all-day event
// per metric × place × period on its due day, the overdue ones and the next one. Its DTSTAMP is the
// newest figure's entry time, so the feed changes with the data and the day, never the hour.
// asof (checked like every route) gives what was due at the end of that day by the figures then
// public, as the calendar page does; its links keep the day.
func (s *Server) calendarICS(c echo.Context) error {
	lang, bad := langOf(c)
	if bad != "" {
		return &paramError{"lang", "语言须为 zh 或 en / must be zh or en"}
	}
	if err := s.checkAsOf(c); err != nil {
		return err
	}
	asOf := asOfOf(c)
	// What is due depends on every metric's figures: any save may change this page.
	noteShown(c.Request().Context(), data.Shows{Everything: true})
	items, regions, err := s.dueOn(c.Request().Context(), asOf)
	if err != nil {
		return err
	}
	name, query := tr(lang, "app.short")+" · "+tr(lang, "calendar.title"), url.Values{"lang": {lang}}
	if asOf != "" {
		name += " · " + fmt.Sprintf(tr(lang, "asof.short"), asOf)
		query.Set("asof", asOf)
	}
	cal := ical.Calendar{ProdID: "-//pjsx//reporting calendar//" + lang, Name: name,
		Stamp: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}
	base := c.Scheme() + "://" + c.Request().Host
	for _, it := range items {
		if it.HasLast {
			if t, err := time.Parse(time.RFC3339Nano, it.Last.EnteredAt); err == nil && t.After(cal.Stamp) {
				cal.Stamp = t
			}
		}
		name := pick(lang, it.Metric.NameZh, it.Metric.NameEn)
		place := chart.RegionName(it.Region, regions, lang)
		for _, period := range append(slices.Clone(it.Overdue), it.Next) {
			label := data.FormatPeriod(period, it.Metric.Frequency)
			cal.Events = append(cal.Events, ical.Event{
				UID:         fmt.Sprintf("%s.%s.%s@pjsx", it.Metric.Code, scopeKey(it.Region), label),
				Day:         data.DueDate(period, it.Metric.Frequency, it.DueDays),
				Summary:     fmt.Sprintf(tr(lang, "calendar.event"), name, place, label),
				Description: pick(lang, it.Metric.ReporterZh, it.Metric.ReporterEn),
				URL:         base + "/metrics/" + url.PathEscape(it.Metric.Code) + "?" + query.Encode(),
			})
		}
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="pjsx-calendar.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", cal.Bytes())
}
