package dashboard

import (
	"html/template"
	"net/url"
	"strconv"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/echarts"
)

// chartCard is one chart on a page: its model, its data island (encoded once, since a cached
// card is rendered into many pages) and its table.
type chartCard struct {
	ID     string
	Model  chart.Model
	Island template.JS
	Table  []tableRow
	Height int // pixels on the page; 0 for the stylesheet's default
}

// tableRow is one figure of the table under a chart, as shown.
type tableRow struct {
	Region, Period, Value, Source, Note string
	Others                              []string // other reports of the figure, not drawn
	Partial                             bool
}

func newChartCard(m chart.Model, id string) (chartCard, error) {
	b, err := echarts.JSON(m, safeFileName(m.Chart))
	if err != nil {
		return chartCard{}, err
	}
	c := chartCard{ID: id, Model: m, Island: template.JS(b), Height: echarts.Height(m), Table: []tableRow{}}
	for _, s := range m.Series {
		for _, p := range s.Figures() {
			c.Table = append(c.Table, tableRow{Region: s.Name, Period: p.Label, Value: p.Display, Source: p.Source,
				Note: noteOf(p, m.Lang), Others: chart.OtherReportTexts(p), Partial: p.Partial})
		}
	}
	return c, nil
}

// The page template reads these.

func (c chartCard) Title() string                 { return c.Model.Title }
func (c chartCard) Unit() string                  { return c.Model.Unit }
func (c chartCard) AsOf() string                  { return c.Model.AsOf }
func (c chartCard) Sources() []string             { return c.Model.Sources }
func (c chartCard) JSON() template.JS             { return c.Island }
func (c chartCard) Milestones() []chart.Milestone { return c.Model.Milestones }

// OtherWord introduces another report of a figure in the table.
func (c chartCard) OtherWord() string { return chart.Word(c.Model.Lang, "other_report") }

// Breaks are the changes of definition the chart marks.
func (c chartCard) Breaks() []chart.Break { return c.Model.Breaks }

// PartialWord is how the table marks a partial period.
func (c chartCard) PartialWord() string { return chart.Word(c.Model.Lang, "partial") }

// HeightPx is the chart's height in pixels for the page, when it is not the default.
func (c chartCard) HeightPx() string {
	if c.Height == 0 {
		return ""
	}
	return strconv.Itoa(c.Height) + "px"
}

// HasNotes says whether any figure of the table has a note (else the column is left out).
func (c chartCard) HasNotes() bool {
	for _, r := range c.Table {
		if r.Note != "" || len(r.Others) > 0 {
			return true
		}
	}
	return false
}

// Download is the address of this chart as an image (png, svg) or as data (csv, xlsx), with the
// request that made it.
func (c chartCard) Download(format string) string {
	base := "/charts/"
	if format == formatCSV || format == formatXLSX {
		base = "/data/"
	}
	return base + url.PathEscape(c.Model.Chart) + "." + format + "?" + c.Model.Query
}

// PackLink opens the briefing-pack page with this chart and its filters picked; "" for a chart
// the pack does not offer (the pack holds metrics' over-time charts).
func (c chartCard) PackLink() string {
	if c.Model.Named || c.Model.View != chart.ViewOverTime {
		return ""
	}
	return "/export?metrics=" + url.QueryEscape(c.Model.Chart) + "&" + c.Model.Query
}

// noteOf is a figure's note, and where the finer figures of its period add up to something else,
// what they give (a year as reported beside the sum of its months).
func noteOf(p chart.Point, lang string) string {
	if p.Finer == "" {
		return p.Note
	}
	finer := chart.Word(lang, "finer") + " " + p.Finer
	if p.FinerPartial {
		finer += " (" + chart.Word(lang, "partial") + ")"
	}
	if p.Note == "" {
		return finer
	}
	return p.Note + "; " + finer
}
