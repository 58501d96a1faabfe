package dashboard

import (
	"strconv"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// figureCard is a chart's one figure shown as a card (issue 13): the value as the source gave it,
// its date, scope and source, and a bar to the target when the metric has one. A single fact is
// never a lone dot on a time axis.
type figureCard struct {
	ID, Title, Value, Unit, Date, Scope, Source, Note string
	Target                                            string  // "目标 100%", "" without one
	Bar                                               string  // the bar's width, "60%"; "" without a target
	Share                                             string  // "60%" of the target, as words beside the bar
	Stored                                            float64 // the stored value in full, as the API gives it
}

// newFigureCard is the card of a model holding exactly one figure; ok false otherwise.
func newFigureCard(m chart.Model, mt data.Metric, id string) (figureCard, bool) {
	s, p, ok := chart.Single(m)
	if !ok {
		return figureCard{}, false
	}
	c := figureCard{ID: id, Title: m.Title, Value: p.Display, Unit: m.Unit, Date: p.Label,
		Scope: s.RegionName, Source: p.Source, Note: p.Note, Stored: p.Value}
	if s.Scope != "" {
		c.Scope += " · " + s.Scope
	}
	if mt.Target != nil && *mt.Target > 0 {
		c.Target = chart.FigureText(*mt.Target) + m.Unit
		share := min(max(p.Value / *mt.Target * 100, 0), 100)
		c.Bar = strconv.FormatFloat(share, 'f', 1, 64) + "%"
		c.Share = chart.FigureText(roundShare(p.Value / *mt.Target * 100)) + "%"
	}
	return c, true
}

// roundShare keeps a share of the target to whole percents unless it is under one.
func roundShare(v float64) float64 {
	if v < 1 {
		return float64(int(v*10+0.5)) / 10
	}
	return float64(int(v + 0.5))
}
