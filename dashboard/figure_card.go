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
	region := s.Region
	if region == chart.JointCode {
		region = ""
	}
	if sc := mt.ScopeOf(region); sc.ScopeZh != "" || sc.ScopeEn != "" {
		c.Scope = pick(m.Lang, sc.ScopeZh, sc.ScopeEn) // what the figure covers: "Pinggu section"
	}
	if mt.Target != nil && *mt.Target > 0 {
		c.Target = chart.FigureWithUnit(chart.FigureText(*mt.Target), m.Lang, m.ValueUnit())
		c.Bar, c.Share = barTo(p.Value, *mt.Target)
	}
	return c, true
}

// barTo is a bar to a target: its width ("60.0%", within 0–100%) and the share reached in words
// ("60%", whole percents unless under one; past 100% when the target is passed).
func barTo(value, target float64) (width, share string) {
	v := value / target * 100
	width = strconv.FormatFloat(min(max(v, 0), 100), 'f', 1, 64) + "%"
	if v < 1 {
		return width, chart.FigureText(float64(int(v*10+0.5))/10) + "%"
	}
	return width, chart.FigureText(float64(int(v+0.5))) + "%"
}
