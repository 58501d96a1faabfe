package dashboard

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/echarts"
)

// chartCard is one chart on a page: its model, its data island (encoded once, since a cached
// card is rendered into many pages), its table and its summary sentences.
type chartCard struct {
	ID      string
	Model   chart.Model
	Island  template.JS
	Table   []tableRow
	Pivot   *pivotTable // the table as periods × places, when it has more than pivotFrom figures
	Height  int         // pixels on the page; 0 for the stylesheet's default
	Summary []string    // the caption: chart.Sentences of the model, also its ARIA label and alt text
	// Rest is where the data island and the table of a preview are (a metric page's views
	// beyond the first: /metrics/{code}/card); "" when they are in the card.
	Rest string
}

// tableRow is one figure of the table under a chart, as shown.
type tableRow struct {
	Region, Period, Value, Source, Note string
	Others                              []string // other reports of the figure, not drawn
	Partial                             bool
}

func newChartCard(m chart.Model, id string, summary []string) (chartCard, error) {
	c := chartCard{ID: id, Model: m, Height: echarts.Height(m), Table: []tableRow{}, Summary: summary}
	// The data island and the table are made side by side: after a save the reader waits for
	// this card.
	island, alt := make(chan error, 1), c.Alt()
	go func() {
		b, err := echarts.DescribedJSON(m, safeFileName(m.Chart), alt)
		c.Island = template.JS(b)
		island <- err
	}()
	for _, s := range m.Series {
		for _, p := range s.Figures() {
			c.Table = append(c.Table, tableRow{Region: s.Name, Period: p.Label, Value: p.Display, Source: p.Source,
				Note: noteOf(p, m.Lang), Others: chart.OtherReportTexts(p), Partial: p.Partial})
		}
	}
	if len(c.Table) > pivotFrom {
		c.Pivot = newPivot(m, id)
	}
	if err := <-island; err != nil {
		return chartCard{}, err
	}
	return c, nil
}

// newChartPreview is a card without its data island and table, which the page loads from the
// card's Rest address when the reader wants them.
func newChartPreview(m chart.Model, id string, summary []string) chartCard {
	return chartCard{ID: id, Model: m, Height: echarts.Height(m), Summary: summary,
		Rest: "/metrics/" + url.PathEscape(m.Chart) + "/card?" + m.Query}
}

// Whole is where a preview's view is a page of its own, chart and table, for a reader without
// JavaScript: the page other sites frame (embed_metric.go).
func (c chartCard) Whole() string {
	return "/embed/metrics/" + url.PathEscape(c.Model.Chart) + "?" + c.Model.Query
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

// Alt is the chart in words for who cannot see it: its summary sentences, else (a chart
// without figures) the model's description. The chart's aria-label and the image's alt.
func (c chartCard) Alt() string {
	if len(c.Summary) == 0 {
		return chart.Describe(c.Model)
	}
	sep := "" // a Chinese sentence ends with 。
	if c.Model.Lang == langEn {
		sep = " "
	}
	return strings.Join(c.Summary, sep)
}

// LangOf is "zh" for Chinese text (a source, a note, a name staff typed) on an English page, so
// that the page marks it lang="zh"; "" otherwise (a Chinese page says so once, on <html>).
func (c chartCard) LangOf(text string) string {
	if c.Model.Lang != langEn {
		return ""
	}
	return textLang(text)
}

// PartialWord is how the table marks a partial period.
func (c chartCard) PartialWord() string { return chart.Word(c.Model.Lang, "partial") }

// HeightPx is the chart's height in pixels for the page, when it is not the default.
func (c chartCard) HeightPx() string {
	if c.Height == 0 {
		return ""
	}
	return strconv.Itoa(c.Height) + "px"
}

// defaultChartHeight is .chart's height in app.css: a chart card without its own height.
const defaultChartHeight = 360

// FirstView is the server's SVG of this chart drawn for a box width pixels wide and as tall as
// the chart's box, the picture a reader sees until ECharts draws over it: a phone gets one drawn
// at its own width, not a desktop picture shrunk until its words cannot be read. Its footer is
// left out (footer=none): the card's caption lists the sources and milestones in full under it.
func (c chartCard) FirstView(width int) string {
	h := c.Height
	if h == 0 {
		h = defaultChartHeight
	}
	sep := "&"
	if c.Model.Query == "" {
		sep = ""
	}
	return c.Download("svg") + sep + "width=" + strconv.Itoa(width) + "&height=" + strconv.Itoa(h) + "&footer=none"
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

// PackLink opens the briefing-pack page with this chart, its view and its filters picked: a
// metric in any of its views (view.CODE=VIEW), a named chart (Line 22's progress) over time. ""
// for a named chart in another view, which the pack does not draw.
func (c chartCard) PackLink() string {
	view := c.Model.View
	if view == "" {
		view = chart.ViewOverTime
	}
	if c.Model.Named && view != chart.ViewOverTime {
		return ""
	}
	q, err := url.ParseQuery(c.Model.Query)
	if err != nil {
		return ""
	}
	q.Del("view") // the pack picks a view per chart
	if view != chart.ViewOverTime {
		q.Set("view."+c.Model.Chart, view)
	}
	return "/export?metrics=" + url.QueryEscape(c.Model.Chart) + "&" + q.Encode()
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
