package dashboard

import (
	"cmp"
	"slices"
	"strings"

	"pjsx/dashboard/chart"
)

// pivotFrom is how many figures make the table under a chart a pivot: up to this many, one row
// per figure reads best; beyond it, one row per period and a column per place keeps a long
// series short enough to scan.
const pivotFrom = 12

// pivotTable is the table under a chart with many figures: periods × places, newest first.
type pivotTable struct {
	Columns []string // the series' names, in the chart's order
	Rows    []pivotRow
	Notes   []pivotNote // the figures' notes and other reports, numbered, under the table
}

// pivotNote is a figure's note and other reports, which a cell refers to by its number.
type pivotNote struct {
	N                    int
	Region, Period, Text string
}

// pivotRow is one period of the pivot: a cell per column, empty where that place has no figure.
type pivotRow struct {
	Period string
	Cells  []pivotCell
}

// pivotCell is one figure as shown, its source in its title.
type pivotCell struct {
	Value   string
	Partial bool
	Title   string // its source
	Has     bool   // a figure is there
	Note    int    // the number of its note under the table; 0 for none
}

// newPivot lays out a model's figures by period (rows, newest first) and series (columns).
// Periods are ordered by their first day, then by label, so 2024 comes before 2024-Q4.
func newPivot(m chart.Model) *pivotTable {
	type period struct{ start, label string }
	var periods []period
	index := map[string]int{}
	for _, s := range m.Series {
		for _, p := range s.Figures() {
			if _, ok := index[p.Label]; !ok {
				index[p.Label] = len(periods)
				periods = append(periods, period{p.Start, p.Label})
			}
		}
	}
	slices.SortStableFunc(periods, func(a, b period) int {
		return cmp.Or(strings.Compare(b.start, a.start), strings.Compare(a.label, b.label))
	})
	for i, p := range periods {
		index[p.label] = i
	}
	t := &pivotTable{Rows: make([]pivotRow, len(periods))}
	for i, p := range periods {
		t.Rows[i] = pivotRow{Period: p.label, Cells: make([]pivotCell, len(m.Series))}
	}
	for j, s := range m.Series {
		t.Columns = append(t.Columns, s.Name)
		for _, p := range s.Figures() {
			var notes []string
			if n := noteOf(p, m.Lang); n != "" {
				notes = append(notes, n)
			}
			for _, o := range chart.OtherReportTexts(p) {
				notes = append(notes, chart.Word(m.Lang, "other_report")+": "+o)
			}
			cell := pivotCell{Value: p.Display, Partial: p.Partial, Title: p.Source, Has: true}
			if len(notes) > 0 {
				t.Notes = append(t.Notes, pivotNote{N: len(t.Notes) + 1, Region: s.Name, Period: p.Label, Text: strings.Join(notes, "; ")})
				cell.Note = len(t.Notes)
			}
			t.Rows[index[p.Label]].Cells[j] = cell
		}
	}
	return t
}
