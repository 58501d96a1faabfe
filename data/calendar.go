package data

import (
	"fmt"
	"time"
)

// The reporting calendar (issue 14): a metric reported by month, quarter or year is due a number
// of days after each period ends. The functions here are pure, so the rules across month and year
// ends are tested with fixed days; "today" is always a day in Asia/Shanghai, written YYYY-MM-DD.

// Shanghai is the zone the project's days are counted in (DECISIONS "Time"). China keeps no
// daylight saving time, so a fixed offset needs no zone database in the binary.
var Shanghai = time.FixedZone("UTC+8", 8*60*60)

// Today is the day in Asia/Shanghai at instant t.
func Today(t time.Time) string { return t.In(Shanghai).Format(time.DateOnly) }

// MaxDueDays bounds a metric's due days: a year and a half after its period.
const MaxDueDays = 550

// DefaultDueDays is how long after a period ends its figure is due when the catalog says nothing:
// 20 days for a month or quarter, 60 for a year, 0 (not scheduled) otherwise.
func DefaultDueDays(frequency string) int {
	switch frequency {
	case Month, Quarter:
		return 20
	case Year:
		return 60
	}
	return 0
}

// Scheduled says whether a frequency has periods a calendar can expect.
func Scheduled(frequency string) bool {
	return frequency == Month || frequency == Quarter || frequency == Year
}

// PeriodStart is the first day of the period of the given frequency that holds day.
func PeriodStart(day, frequency string) (string, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return "", fmt.Errorf("data.PeriodStart: %w", err)
	}
	switch frequency {
	case Year:
		t = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case Quarter:
		t = time.Date(t.Year(), (t.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
	case Month:
		t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	default:
		return "", fmt.Errorf("data.PeriodStart: frequency %q has no periods", frequency)
	}
	return t.Format(time.DateOnly), nil
}

// NextPeriod is the first day of the period after the one starting on start.
func NextPeriod(start, frequency string) string {
	return addDays(PeriodEnd(start, frequency), 1)
}

// PreviousPeriod is the first day of the period before the one starting on start.
func PreviousPeriod(start, frequency string) string {
	p, _ := PeriodStart(addDays(start, -1), frequency)
	return p
}

// DueDate is the day the figure of the period starting on start is due: dueDays after the period's
// last day (20 days after 2024-01-31 is 2024-02-20).
func DueDate(start, frequency string, dueDays int) string {
	return addDays(PeriodEnd(start, frequency), dueDays)
}

func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// DueStatus is where one place stands with one metric on a day.
type DueStatus struct {
	// Overdue lists the periods (first days, oldest first) whose due date has passed with no figure
	// after the last one reported.
	Overdue []string
	// Next is the first period not yet due, and NextDue its due date.
	Next, NextDue string
}

// MaxOverdue caps how many overdue periods are listed: past that, a place has stopped reporting
// and the count says so without a page of months.
const MaxOverdue = 24

// Due says which periods of a metric are overdue on today and which is next, given the first day
// of the newest period reported (last, "" when none ever was). A figure is overdue once its due
// date is before today; on the due date itself it is still on time. With no figure at all only the
// newest period that is due counts, since nobody can say since when the place should report.
func Due(frequency string, dueDays int, last, today string) DueStatus {
	if !Scheduled(frequency) {
		return DueStatus{}
	}
	// The newest period whose due date is before today: step back from today's period.
	p, err := PeriodStart(today, frequency)
	if err != nil {
		return DueStatus{}
	}
	for DueDate(p, frequency, dueDays) >= today {
		p = PreviousPeriod(p, frequency)
	}
	newestDue := p
	st := DueStatus{Next: NextPeriod(newestDue, frequency)}
	from := newestDue
	if last != "" {
		l, err := PeriodStart(last, frequency)
		if err != nil {
			return DueStatus{}
		}
		from = NextPeriod(l, frequency)
		if from > st.Next { // reported ahead of time: the period after the last one is next
			st.Next = from
		}
	}
	st.NextDue = DueDate(st.Next, frequency, dueDays)
	for q := from; q <= newestDue; q = NextPeriod(q, frequency) {
		st.Overdue = append(st.Overdue, q)
	}
	if len(st.Overdue) > MaxOverdue {
		st.Overdue = st.Overdue[len(st.Overdue)-MaxOverdue:]
	}
	return st
}
