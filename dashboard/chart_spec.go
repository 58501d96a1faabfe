package dashboard

import (
	"encoding/json"
	"fmt"
	"html/template"
	"sync"
)

// chartSpec is one chart: the ECharts option (built with go-echarts types), the per-point facts
// app.js needs for tooltips, and the same numbers as a table for the page.
type chartSpec struct {
	ID      string
	Title   string
	Unit    string
	AsOf    string
	Sources []string
	Option  map[string]any
	Meta    chartMeta
	Table   []tableRow
	Height  int    // pixels on the page; 0 for the stylesheet's default
	File    string // its name under /charts/ and /data/ (a metric code or a reserved chart name); "" for none
	Query   string // the filters that made it, for links to its images and data
	enc     *encodedOnce
}

type chartMeta struct {
	Lang        string         `json:"lang"`
	Unit        string         `json:"unit"`
	Decimals    int            `json:"decimals"`
	SourceLabel string         `json:"sourceLabel"`
	NoteLabel   string         `json:"noteLabel"`
	Points      [][]*pointMeta `json:"points"`
}

type pointMeta struct {
	Period string  `json:"period"`
	Value  float64 `json:"value"`
	Source string  `json:"source"`
	Note   string  `json:"note,omitempty"`
}

type tableRow struct {
	Region string
	Period string
	Value  string
	Source string
	Note   string
}

// JSON is the data island: the option and meta as HTML-escaped JSON (encoding/json turns <, >
// and & into \u003c, \u003e, \u0026), safe inside <script type="application/json">.
// The encoding is done once per built chart and shared by its copies, since a cached chart is
// rendered into many pages.
func (c chartSpec) JSON() (template.JS, error) {
	if c.enc == nil {
		return c.encode()
	}
	c.enc.once.Do(func() { c.enc.js, c.enc.err = c.encode() })
	return c.enc.js, c.enc.err
}

// encodedOnce holds a chart's data island once it is encoded.
type encodedOnce struct {
	once sync.Once
	js   template.JS
	err  error
}

func (c chartSpec) encode() (template.JS, error) {
	b, err := json.Marshal(struct {
		Option map[string]any `json:"option"`
		Meta   islandMeta     `json:"meta"`
	}{c.Option, c.Meta.island()})
	if err != nil {
		return "", fmt.Errorf("dashboard: chart %s: %w", c.ID, err)
	}
	return template.JS(b), nil
}

// islandMeta is chartMeta as the page gets it: each source written once, points naming theirs by
// index (a long series repeats one source hundreds of times).
type islandMeta struct {
	Lang        string           `json:"lang"`
	Unit        string           `json:"unit"`
	Decimals    int              `json:"decimals"`
	SourceLabel string           `json:"sourceLabel"`
	NoteLabel   string           `json:"noteLabel"`
	Sources     []string         `json:"sources"`
	Points      [][]*islandPoint `json:"points"`
}

type islandPoint struct {
	Period string `json:"period"`
	Source int    `json:"s"`
	Note   string `json:"note,omitempty"`
}

func (m chartMeta) island() islandMeta {
	out := islandMeta{Lang: m.Lang, Unit: m.Unit, Decimals: m.Decimals, SourceLabel: m.SourceLabel,
		NoteLabel: m.NoteLabel, Sources: []string{}, Points: make([][]*islandPoint, len(m.Points))}
	index := map[string]int{}
	for i, series := range m.Points {
		out.Points[i] = make([]*islandPoint, len(series))
		for j, p := range series {
			if p == nil {
				continue
			}
			k, ok := index[p.Source]
			if !ok {
				k = len(out.Sources)
				index[p.Source] = k
				out.Sources = append(out.Sources, p.Source)
			}
			out.Points[i][j] = &islandPoint{Period: p.Period, Source: k, Note: p.Note}
		}
	}
	return out
}
