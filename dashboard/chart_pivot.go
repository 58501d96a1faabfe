package dashboard

import (
	"cmp"
	"html"
	"html/template"
	"slices"
	"strconv"
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
	Notes   []pivotNote   // the figures' notes and other reports, numbered, under the table
	Body    template.HTML // Rows as the table's rows (rowsHTML)
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
// id is the card's, which the cells' links to their notes begin with.
func newPivot(m chart.Model, id string) *pivotTable {
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
	t.Body = t.rowsHTML(m.Lang, id)
	return t
}

// rowsHTML writes the pivot's rows, a <tr> per period: a cell per place with the figure as
// shown, "partial" where its period is not over, its source as the cell's title and a link to its
// note. Written here, not by the figure-pivot template: a long series has hundreds of cells, and
// the template's reflection on each of them was most of what drawing a metric page cost after a
// save (issue 16). Every text is escaped; on an English page a Chinese source is marked lang="zh".
func (t *pivotTable) rowsHTML(lang, id string) template.HTML {
	var b strings.Builder
	b.Grow(len(t.Rows) * (len(t.Columns) + 1) * 64)
	partial := html.EscapeString(chart.Word(lang, "partial"))
	noteLink := `<sup><a href="#` + html.EscapeString(id) + `-note-`
	for _, r := range t.Rows {
		b.WriteString(`<tr><th scope="row">`)
		b.WriteString(html.EscapeString(r.Period))
		b.WriteString(`</th>`)
		for _, c := range r.Cells {
			b.WriteString(`<td class="num"`)
			if c.Title != "" {
				b.WriteString(` title="`)
				b.WriteString(html.EscapeString(c.Title))
				b.WriteString(`"`)
				if lang == langEn && textLang(c.Title) != "" {
					b.WriteString(` lang="zh"`)
				}
			}
			b.WriteString(`>`)
			if c.Has {
				b.WriteString(html.EscapeString(c.Value))
				if c.Partial {
					b.WriteString(` <small class="partial">(` + partial + `)</small>`)
				}
				if c.Note != 0 {
					n := strconv.Itoa(c.Note)
					b.WriteString(` ` + noteLink + n + `">` + n + `</a></sup>`)
				}
			}
			b.WriteString(`</td>`)
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}
