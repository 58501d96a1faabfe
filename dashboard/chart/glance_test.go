package chart_test

import (
	"testing"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

func series(region string, n int) chart.Series {
	s := chart.Series{Region: region}
	for i := 0; i < n; i++ {
		s.Points = append(s.Points, chart.Point{Label: string(rune('a' + i)), Value: float64(i)})
	}
	s.Points = append(s.Points, chart.Point{Gap: true}) // gaps are never figures
	return s
}

// The data chooses the view: one figure a card, a few labelled points, more a line, a running
// count a step line; compare only from two places.
func TestShapeOfFollowsTheData(t *testing.T) {
	for _, tc := range []struct {
		name   string
		m      chart.Model
		shape  string
		places int
	}{
		{"nothing", chart.Model{Series: []chart.Series{series("pinggu", 0)}}, chart.ShapeEmpty, 0},
		{"one figure", chart.Model{Kind: data.KindCount, Cumulative: true, Series: []chart.Series{series("pinggu", 1), series("sanhe", 0)}}, chart.ShapeCard, 1},
		{"two places, one figure each", chart.Model{Kind: data.KindPercent, Series: []chart.Series{series("pinggu", 1), series("sanhe", 1)}}, chart.ShapePoints, 2},
		{"five reports", chart.Model{Kind: data.KindPercent, Series: []chart.Series{series("sanhe", 5)}}, chart.ShapePoints, 1},
		{"six reports", chart.Model{Kind: data.KindPercent, Series: []chart.Series{series("sanhe", 6)}}, chart.ShapeLine, 1},
		{"lines opened", chart.Model{Kind: data.KindCount, Cumulative: true, Series: []chart.Series{series("pinggu", 2)}}, chart.ShapeStep, 1},
		{"a flow count", chart.Model{Kind: data.KindCount, Series: []chart.Series{series("pinggu", 3)}}, chart.ShapePoints, 1},
		{"a named chart of counts", chart.Model{Named: true, Kind: data.KindCount, Cumulative: true, Series: []chart.Series{series("pinggu", 8)}}, chart.ShapeLine, 1},
	} {
		if got := chart.ShapeOf(tc.m); got != tc.shape {
			t.Errorf("%s: shape %s, want %s", tc.name, got, tc.shape)
		}
		if got := chart.Places(tc.m); got != tc.places {
			t.Errorf("%s: %d places, want %d", tc.name, got, tc.places)
		}
		_, _, single := chart.Single(tc.m)
		if single != (tc.shape == chart.ShapeCard) {
			t.Errorf("%s: Single says %v", tc.name, single)
		}
	}
}
