// Package summary writes the sentence under a chart, in Chinese and English, from templates: the
// latest figure with its date and scope, its change since the previous figure and against the
// same period a year earlier (同比), progress to a target and its pacing, and the source. It is a
// chart's caption, its alt text and the text of every briefing, so it is built once, here, from a
// plain Input the chart model fills in; it knows nothing of HTTP or the store.
package summary

import (
	"math"
	"strings"
	"time"
)

// Kind is how a metric's figures add up over time, which decides the wording and what a
// change means.
type Kind string

const (
	Flow       Kind = "flow"       // an amount within its period (services handled in 2024): periods add up
	Level      Kind = "level"      // a state at the period's end (a share, a rate)
	Cumulative Kind = "cumulative" // a running total at the period's end (lines opened so far)
)

// Qualifier says a figure is not exact, as its source wrote it.
type Qualifier string

const (
	Exact      Qualifier = ""
	LowerBound Qualifier = "lower_bound" // "8条以上", "at least 8"
	Approx     Qualifier = "approx"      // "约8条", "about 8"
)

// Point is one figure of the series, in time order in Input.Points.
type Point struct {
	Period    string    // the period as written: 2024, 2024-Q2, 2024-06, 2024-06-30
	End       time.Time // the last day of the period
	Value     float64
	Text      string // the value as entered ("60", "38.3"); "" formats Value with the metric's decimals
	Qualifier Qualifier
	Partial   bool // the period is not over yet, or the figure covers part of it
	Source    string
}

// Target is a planned value by a date (a year-end plan is dated 12-31); a zero Date is a target
// with no date, which has no pacing.
type Target struct {
	Value float64
	Date  time.Time
}

// Input is one chart's series as the sentence needs it.
type Input struct {
	NameZh, NameEn   string // the metric
	UnitZh, UnitEn   string // "条", "lines"; "%" for percents
	Decimals         int    // caps computed values (changes)
	Kind             Kind
	ScopeZh, ScopeEn string // the region or scope ("平谷区", "Pinggu"); "" for none
	Points           []Point
	Target           *Target
	AsOf             time.Time // the day pacing is measured on (the asked asof, else the data's date)
}

// Sentence is the summary in lang ("zh" or "en"); "" when there is no figure to speak of.
func Sentence(in Input, lang string) string {
	if len(in.Points) == 0 {
		return ""
	}
	w := words(lang)
	last := in.Points[len(in.Points)-1]
	var b strings.Builder
	b.WriteString(w.latest(in, last))
	used := []Point{last}
	ago, hasAgo := yearAgo(in.Points)
	if len(in.Points) >= 2 && !(last.Partial && in.Kind == Flow) {
		prev := in.Points[len(in.Points)-2]
		if s := w.change(in, prev, last); s != "" {
			b.WriteString(s)
			used = append(used, prev)
		}
		if hasAgo && ago.Period != prev.Period {
			if s := w.yearOnYear(in, ago, last); s != "" {
				b.WriteString(s)
				used = append(used, ago)
			}
		}
	}
	b.WriteString(w.sources(distinctSources(used)))
	if in.Target != nil {
		if p, ok := progressOf(in, *in.Target); ok {
			b.WriteString(w.target(in, *in.Target, p))
		}
	}
	return b.String()
}

// yearAgo finds the figure of the same period one year before the latest: 2023-Q2 for 2024-Q2.
func yearAgo(points []Point) (Point, bool) {
	last := points[len(points)-1]
	want := shiftYear(last.Period, -1)
	if want == "" {
		return Point{}, false
	}
	for i := len(points) - 2; i >= 0; i-- {
		if points[i].Period == want {
			return points[i], true
		}
	}
	return Point{}, false
}

func shiftYear(period string, by int) string {
	if len(period) < 4 {
		return ""
	}
	y := 0
	for _, r := range period[:4] {
		if r < '0' || r > '9' {
			return ""
		}
		y = y*10 + int(r-'0')
	}
	return pad4(y+by) + period[4:]
}

func pad4(y int) string {
	s := itoa(y)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// progress is the share of the target reached, as a percent, and for a target due at the end of
// the current year the share of that year gone on the as-of day.
type progress struct {
	done     float64 // percent of the target reached
	reached  Point   // the latest figure the share is read from
	elapsed  float64 // percent of the target's year gone; valid when pacing
	pacing   bool
	overdue  bool // the target date has passed
	flowYear bool // done sums the flow's figures of the target's year
}

func progressOf(in Input, t Target) (progress, bool) {
	if t.Value == 0 {
		return progress{}, false
	}
	last := in.Points[len(in.Points)-1]
	p := progress{reached: last, done: last.Value / t.Value * 100}
	if in.Kind == Flow && !t.Date.IsZero() {
		sum := 0.0
		for _, pt := range in.Points {
			if pt.End.Year() == t.Date.Year() && !pt.End.After(t.Date) {
				sum += pt.Value
			}
		}
		p.done, p.flowYear = sum/t.Value*100, true
	}
	asOf := in.AsOf
	if asOf.IsZero() {
		asOf = last.End
	}
	yearEnd := t.Date.Month() == time.December && t.Date.Day() == 31
	switch {
	case t.Date.IsZero():
	case asOf.After(t.Date):
		p.overdue = true
	case yearEnd && asOf.Year() == t.Date.Year():
		start := time.Date(t.Date.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		days := t.Date.Sub(start).Hours()/24 + 1
		gone := asOf.Sub(start).Hours()/24 + 1
		p.elapsed, p.pacing = gone/days*100, true
	}
	return p, true
}

// pace compares the share reached with the share of time gone: within one percentage point is
// on pace.
func (p progress) pace() int {
	switch d := p.done - p.elapsed; {
	case d > 1:
		return 1
	case d < -1:
		return -1
	}
	return 0
}

// distinctSources lists each source once, latest figure's first.
func distinctSources(used []Point) []string {
	var out []string
	for _, p := range used {
		s := strings.TrimSpace(p.Source)
		if s == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// round rounds v to the metric's decimals, the cap on computed values.
func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
