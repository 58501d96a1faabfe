package chart

import "pjsx/data"

// Shapes: how a page shows a chart's figures, chosen by the data (issue 13, item 1). A single
// fact is a figure card, never a lone dot on an axis; a few figures are dated, labelled points; a
// long series is a line; a running count of things opened (bus lines) steps up at each opening.
const (
	ShapeEmpty  = "empty"  // no figure at all
	ShapeCard   = "card"   // one figure: value, date, scope and source as a card
	ShapePoints = "points" // two to PointsUpTo figures in its longest series: labelled points
	ShapeLine   = "line"   // more: a line
	ShapeStep   = "step"   // a running count with two or more figures: a step line, each step labelled
)

// PointsUpTo is the most figures a series may have to be drawn as separate labelled points.
const PointsUpTo = 5

// FigureCount is how many figures the chart holds in all its series.
func FigureCount(m Model) int {
	n := 0
	for _, s := range m.Series {
		n += s.FigureCount()
	}
	return n
}

// Places is how many series (places, or measures and scopes on a named chart) have a figure.
// Compare and latest views are offered only from two.
func Places(m Model) int {
	n := 0
	for _, s := range m.Series {
		if s.FigureCount() > 0 {
			n++
		}
	}
	return n
}

// ShapeOf is how the page shows an over-time model.
func ShapeOf(m Model) string {
	longest := 0
	for _, s := range m.Series {
		longest = max(longest, s.FigureCount())
	}
	switch {
	case longest == 0:
		return ShapeEmpty
	case FigureCount(m) == 1:
		return ShapeCard
	case m.Kind == data.KindCount && m.Cumulative && !m.Named && longest >= 2:
		return ShapeStep
	case longest <= PointsUpTo:
		return ShapePoints
	}
	return ShapeLine
}

// Single is the chart's one figure and its series, when it holds exactly one.
func Single(m Model) (Series, Point, bool) {
	if FigureCount(m) != 1 {
		return Series{}, Point{}, false
	}
	for _, s := range m.Series {
		if f := s.Figures(); len(f) == 1 {
			return s, f[0], true
		}
	}
	return Series{}, Point{}, false
}

// Latest is the newest figure of a series (by the day its period ends), when it has one.
func Latest(s Series) (Point, bool) { return latestPoint(s) }
