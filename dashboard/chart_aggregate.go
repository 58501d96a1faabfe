package dashboard

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"pjsx/data"
)

// bucketStart is the first day of the year, quarter or month that day falls in.
func bucketStart(day, granularity string) string {
	if len(day) < 10 {
		return day
	}
	switch granularity {
	case data.Year:
		return day[:4] + "-01-01"
	case data.Quarter:
		m, _ := strconv.Atoi(day[5:7])
		return fmt.Sprintf("%s-%02d-01", day[:4], (m-1)/3*3+1)
	case data.Month:
		return day[:7] + "-01"
	}
	return day
}

// coarser reports whether granularity a covers more time than b.
func coarser(a, b string) bool {
	rank := map[string]int{data.Day: 0, data.Month: 1, data.Quarter: 2, data.Year: 3}
	return rank[a] > rank[b]
}

// aggregate puts one region's figures (in period order) into periods of the asked granularity.
// A cumulative or level figure takes the latest value in the period; a flow figure sums. A figure
// coarser than the asked granularity (a yearly one on a monthly chart) keeps its own period:
// splitting it would invent values. granularity "" keeps the figures as entered.
func aggregate(obs []data.Observation, granularity string, cumulative bool) []data.Observation {
	if granularity == "" {
		return obs
	}
	var out []data.Observation
	index := map[string]int{}
	for _, o := range obs {
		key, gran := o.Period, o.Granularity
		if !coarser(o.Granularity, granularity) {
			key, gran = bucketStart(o.Period, granularity), granularity
		}
		key += "|" + gran
		i, seen := index[key]
		if !seen {
			b := o
			b.Period = strings.SplitN(key, "|", 2)[0]
			b.Granularity = gran
			index[key] = len(out)
			out = append(out, b)
			continue
		}
		b := &out[i]
		if cumulative {
			// obs are in period order, so the later figure is the latest of the period.
			b.Value, b.Source, b.Note, b.ID = o.Value, o.Source, o.Note, o.ID
		} else {
			b.Value += o.Value
			if !strings.Contains(b.Source, o.Source) {
				b.Source += "; " + o.Source
			}
			if o.Note != "" && !strings.Contains(b.Note, o.Note) {
				b.Note = strings.TrimPrefix(b.Note+"; "+o.Note, "; ")
			}
		}
	}
	return out
}

// periodsBetween lists every period start of the granularity from first to last, so a chart can
// show a period with no figure as a gap.
func periodsBetween(first, last, granularity string) []string {
	t, err1 := time.Parse("2006-01-02", bucketStart(first, granularity))
	end, err2 := time.Parse("2006-01-02", last)
	if err1 != nil || err2 != nil || granularity == "" {
		return nil
	}
	var out []string
	for i := 0; !t.After(end) && i < 5000; i++ {
		out = append(out, t.Format("2006-01-02"))
		switch granularity {
		case data.Year:
			t = t.AddDate(1, 0, 0)
		case data.Quarter:
			t = t.AddDate(0, 3, 0)
		default:
			t = t.AddDate(0, 1, 0)
		}
	}
	return out
}
