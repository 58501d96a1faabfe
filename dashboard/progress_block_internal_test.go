package dashboard

import (
	"strings"
	"testing"

	"pjsx/dashboard/chart"
)

func reports(metric, region string, n int) chart.Series {
	s := chart.Series{Metric: metric, Region: region}
	for i := 0; i < n; i++ {
		s.Points = append(s.Points, chart.Point{Value: float64(i)})
	}
	return s
}

// The Line 22 block draws over time only the places where a measure has two or more dates, and
// with more lines than a chart can carry, its first measure alone.
func TestProgressOverTimeOnlyWhereAMeasureHasTwoDates(t *testing.T) {
	m := chart.Model{Chart: "rail22_progress", Metric: "a", Series: []chart.Series{
		reports("a", "pinggu", 1), reports("b", "joint", 1), reports("b", "sanhe", 3), reports("c", "sanhe", 2)}}
	req, ok := overTimeOf(m)
	if !ok || req.Chart != "rail22_progress" || strings.Join(req.Regions, ",") != "sanhe" {
		t.Errorf("seeded shape: %+v %v", req, ok)
	}
	m.Series = m.Series[:2]
	if _, ok := overTimeOf(m); ok {
		t.Error("single reports drawn over time")
	}
	m.Series = nil
	for _, metric := range []string{"a", "b"} {
		for _, r := range []string{"pinggu", "jizhou", "sanhe", "xinglong"} {
			m.Series = append(m.Series, reports(metric, r, 4))
		}
	}
	req, ok = overTimeOf(m)
	if !ok || req.Chart != "a" || len(req.Regions) != 4 {
		t.Errorf("eight lines: %+v %v; want the first measure alone", req, ok)
	}
}

// However many key figures there are, the last row of a wide screen never holds one alone.
func TestKeyFiguresLeaveNoOrphan(t *testing.T) {
	for n := 1; n <= 30; n++ {
		p := overviewPage{Cards: make([]keyCard, n)}
		c := p.CardColumns()
		if n > 1 && n%c == 1 {
			t.Errorf("%d cards in %d columns leave one alone", n, c)
		}
		if c > 5 || c < 1 {
			t.Errorf("%d cards: %d columns", n, c)
		}
	}
}
