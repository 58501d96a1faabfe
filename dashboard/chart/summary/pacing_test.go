package summary

import (
	"math"
	"testing"
	"time"
)

func TestPaceOfAYearEndTarget(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	in := Input{Kind: Cumulative, Points: []Point{{Period: "2025-06", End: day("2025-06-30"), Value: 40}},
		Target: &Target{Value: 100, Date: day("2025-12-31")}, AsOf: day("2025-07-02")}
	p, ok := PaceOf(in)
	// 2 July is day 183 of 365: 50.1 % of the year gone, 40 % done, 10.1 points behind.
	if !ok || math.Abs(p.Elapsed-183.0/365*100) > 1e-9 || p.Done != 40 || math.Abs(p.Gap-(40-183.0/365*100)) > 1e-9 {
		t.Errorf("PaceOf = %+v %v", p, ok)
	}
	in.AsOf = day("2026-01-05") // the year is over: no pacing, the target is overdue
	if _, ok := PaceOf(in); ok {
		t.Error("pacing after the target's year")
	}
	in.AsOf, in.Target.Date = day("2025-07-02"), day("2025-09-30") // not a year-end target
	if _, ok := PaceOf(in); ok {
		t.Error("pacing of a target due in September")
	}
}
