package chart

import (
	"fmt"
	"strconv"
	"time"

	"pjsx/data"
)

const day = "2006-01-02"

// rank orders granularities from the finest.
var rank = map[string]int{data.Day: 0, data.Month: 1, data.Quarter: 2, data.Year: 3}

// coarser reports whether granularity a covers more time than b.
func coarser(a, b string) bool { return rank[a] > rank[b] }

// bucketStart is the first day of the year, quarter or month that d falls in.
func bucketStart(d, granularity string) string {
	if len(d) < 10 {
		return d
	}
	switch granularity {
	case data.Year:
		return d[:4] + "-01-01"
	case data.Quarter:
		m, _ := strconv.Atoi(d[5:7])
		return fmt.Sprintf("%s-%02d-01", d[:4], (m-1)/3*3+1)
	case data.Month:
		return d[:7] + "-01"
	}
	return d
}

// nextPeriod is the first day of the period after the one starting on start.
func nextPeriod(start, granularity string) string {
	t, err := time.Parse(day, start)
	if err != nil {
		return "9999-12-31"
	}
	switch granularity {
	case data.Year:
		t = t.AddDate(1, 0, 0)
	case data.Quarter:
		t = t.AddDate(0, 3, 0)
	case data.Month:
		t = t.AddDate(0, 1, 0)
	default:
		t = t.AddDate(0, 0, 1)
	}
	return t.Format(day)
}

func dayAfter(d string) string { return nextPeriod(d, data.Day) }

// placeAt is where a time axis puts a period's figure: a level or running total at the period's
// end (that is when it was true), a flow at its middle (it happened across the period).
func placeAt(start, end string, cumulative bool) string {
	if cumulative || start == end {
		return end
	}
	a, err1 := time.Parse(day, start)
	b, err2 := time.Parse(day, end)
	if err1 != nil || err2 != nil {
		return start
	}
	return a.Add(b.Sub(a) / 2).Truncate(24 * time.Hour).Format(day)
}

// yearSpan is whole years around the first and last placed points, with room on either side:
// a point on 1 January or in December does not sit on the axis's edge.
func yearSpan(first, last string) Span {
	y0, _ := strconv.Atoi(first[:4])
	y1, _ := strconv.Atoi(last[:4])
	if first[5:] == "01-01" {
		y0--
	}
	if last[5:] >= "12-01" {
		y1++
	}
	return Span{From: fmt.Sprintf("%04d-01-01", y0), To: fmt.Sprintf("%04d-01-01", y1+1)}
}
