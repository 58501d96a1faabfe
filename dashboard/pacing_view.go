package dashboard

import (
	"cmp"
	"fmt"
	"time"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/summary"
	"pjsx/data"
)

// paceRow is one series' pacing against its target due at the end of this year (时间过半、任务过半):
// the share of the year gone, the share reached and the gap in points, worded in the page language.
type paceRow struct {
	Place, Text string
	Behind      bool
}

// pacingView is what the "pacing" partial draws.
type pacingView struct {
	Page Page
	Rows []paceRow
}

// pacingRows reads, from the metric page's over-time model, each series with a target due on
// 31 December of today's year, and measures it on today with the summary sentence's arithmetic.
func (s *Server) pacingRows(model chart.Model, m data.Metric, lang string) []paceRow {
	today := cmp.Or(model.Published, s.today()) // a model as of a day is paced on that day
	day, _ := time.Parse(time.DateOnly, today)
	yearEnd := today[:4] + "-12-31"
	var out []paceRow
	for _, se := range model.Series {
		var target *chart.Target
		for i, t := range model.Targets {
			own := t.Region == se.Region || t.Region == "" && (se.Region == chart.JointCode || len(model.Series) == 1)
			if t.Metric == se.Metric && t.Date == yearEnd && own {
				target = &model.Targets[i]
				break
			}
		}
		if target == nil {
			continue
		}
		in := chart.SummaryInput(model, se, m, day)
		var points []summary.Point // only figures up to today count
		for _, p := range in.Points {
			if !p.End.After(day) {
				points = append(points, p)
			}
		}
		in.Points = points
		in.Target = &summary.Target{Value: target.Value, Date: time.Date(day.Year(), 12, 31, 0, 0, 0, 0, time.UTC)}
		pace, ok := summary.PaceOf(in)
		if !ok {
			continue
		}
		key := "pacing.ahead"
		switch {
		case pace.Gap < -1:
			key = "pacing.behind"
		case pace.Gap <= 1:
			key = "pacing.on_pace"
		}
		out = append(out, paceRow{Place: se.RegionName, Behind: pace.Gap < -1,
			Text: fmt.Sprintf(tr(lang, key), pace.Elapsed, pace.Done, abs(pace.Gap))})
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
