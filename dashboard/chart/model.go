package chart

import (
	"slices"

	"pjsx/data"
)

// Model is one chart as every output reads it. Renderers never re-derive periods, values, labels
// or placement: they draw, list or encode what is here.
type Model struct {
	Chart       string `json:"chart"` // its name under /charts/ and /data/: a metric code or a named chart
	Named       bool   `json:"named"` // a named chart of the catalog (several metrics), not a metric's own
	Query       string `json:"query"` // the canonical query of the request that made it
	View        string `json:"view"`
	Lang        string `json:"lang"`
	Title       string `json:"title"`       // the chart's title in Lang, with the view's name when it is not over time
	Unit        string `json:"unit"`        // in Lang, as written after a Display: "visits" for 2.641 million visits (ShownUnit)
	Metric      string `json:"metric"`      // the metric whose unit, kind and decimals the chart uses
	Kind        string `json:"kind"`        // count, percent, …
	Cumulative  bool   `json:"cumulative"`  // a level or running total (else a flow)
	Decimals    int    `json:"decimals"`    // what computed values are rounded to
	Granularity string `json:"granularity"` // as asked: "" (as entered), year, quarter, month
	From        string `json:"from"`        // the request's range, YYYY-MM-DD, "" when open
	To          string `json:"to"`
	Span        Span   `json:"span"`  // the time the chart covers: whole years around its points, or the range asked
	AsOf        string `json:"as_of"` // the newest period among the points, as written (数据截至)
	// StoredUnit is the unit of each Value when it differs from Unit ("10,000 visits" in
	// English): the CSV and XLSX, which give Value, name it.
	StoredUnit string `json:"stored_unit,omitempty"`
	// Published is the request's asof: the chart shows what was public at the end of that
	// Shanghai day, YYYY-MM-DD; "" for now.
	Published  string      `json:"asof,omitempty"`
	Series     []Series    `json:"series"`
	Targets    []Target    `json:"targets"`
	Milestones []Milestone `json:"milestones"`
	Breaks     []Break     `json:"breaks"`  // changes of definition: each series stops there
	Sources    []string    `json:"sources"` // every source once, in order of first use
}

// Span is the stretch of time on a chart's time axis, YYYY-MM-DD.
type Span struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Series is the figures of one metric for one region (or the four together).
type Series struct {
	Metric     string  `json:"metric"`
	Region     string  `json:"region"` // a region code, or JointCode
	Name       string  `json:"name"`   // in the request's language: the region, or "metric · region" on a chart of several metrics
	MetricName string  `json:"metric_name"`
	RegionName string  `json:"region_name"`
	Scope      string  `json:"scope,omitempty"`
	Definition string  `json:"definition,omitempty"`
	Points     []Point `json:"points"`
}

// Point is one figure of a series, or a period without one (Gap).
type Point struct {
	Start        string        `json:"start"` // first day of its period, YYYY-MM-DD
	End          string        `json:"end"`   // last day of its period
	Granularity  string        `json:"granularity"`
	Label        string        `json:"label"`           // the period as written: 2024, 2024-Q2, 2024-06, 2024-06-03
	At           string        `json:"at"`              // where a time axis places it: a level at its end, a flow at its middle
	Value        float64       `json:"value"`           // the stored value in full (an aggregate without float noise)
	Text         string        `json:"text"`            // the value as entered (or computed), without its qualifier
	Display      string        `json:"display"`         // the value as shown, with its qualifier: ≥60, 约60 (~60 in English)
	Short        string        `json:"short,omitempty"` // a chart label's form when it differs from Display: 12.35万 (Chinese, from 10,000)
	Source       string        `json:"source,omitempty"`
	Citation     data.Citation `json:"citation,omitzero"` // the source in parts, where known
	Note         string        `json:"note,omitempty"`
	Finer        string        `json:"finer,omitempty"`         // what the finer figures of this period add up to, when that differs from it
	FinerPartial bool          `json:"finer_partial,omitempty"` // and they do not cover the period
	Gap          bool          `json:"gap,omitempty"`           // no figure for this period: drawn as a break
	Partial      bool          `json:"partial,omitempty"`       // an aggregate missing part of its period
	Aggregate    bool          `json:"aggregate,omitempty"`     // computed from finer figures
	LowerBound   bool          `json:"lower_bound,omitempty"`   // reported as "at least" (room for the qualifier)
	Approximate  bool          `json:"approximate,omitempty"`   // reported as "about"
	Others       []OtherReport `json:"others,omitempty"`        // other reports of this figure, never drawn
}

// Target is a planned value, drawn as a labelled reference line: across the chart for the
// metric's own target, over its period for a place's plan of a year (Start to Date).
type Target struct {
	Metric string  `json:"metric"`
	Region string  `json:"region,omitempty"` // a region code or JointCode; "" for the metric's own target
	Value  float64 `json:"value"`
	Text   string  `json:"text"`            // the value as shown, with its unit
	Start  string  `json:"start,omitempty"` // the first day of the period it plans; "" for a line across the chart
	Date   string  `json:"date,omitempty"`  // by when, YYYY-MM-DD, "" for none
	Label  string  `json:"label"`           // "目标 100%" or "目标 100%(2025-12-31)"
}

// Milestone is a dated event of the chart's category, numbered in date order.
type Milestone struct {
	N      int    `json:"n"`
	Date   string `json:"date"`  // the day it starts, YYYY-MM-DD
	At     string `json:"at"`    // where the time axis places it
	Label  string `json:"label"` // its date as written
	Title  string `json:"title"`
	Source string `json:"source"`
}

// ValueUnit is the unit each Value is counted in: what a download names, and what Worded reads
// a figure's text in.
func (m Model) ValueUnit() string {
	if m.StoredUnit != "" {
		return m.StoredUnit
	}
	return m.Unit
}

// LabelText is the point's value as a chart label shows it: Short when there is one.
func (p Point) LabelText() string {
	if p.Short != "" {
		return p.Short
	}
	return p.Display
}

// FigureCount is len(s.Figures()) without copying the points (pages ask it of every series
// several times while a model is shown).
func (s Series) FigureCount() int {
	n := 0
	for i := range s.Points {
		if !s.Points[i].Gap {
			n++
		}
	}
	return n
}

// Figures are the points that carry a figure (no gaps), to read: when the series has no gap
// they are its own points.
func (s Series) Figures() []Point {
	if s.FigureCount() == len(s.Points) {
		// The series' own points, not a copy: a page reads them a dozen times after a save, and
		// copying 500 points each time was a fifth of what it allocated (issue 16).
		return s.Points
	}
	out := make([]Point, 0, len(s.Points))
	for _, p := range s.Points {
		if !p.Gap {
			out = append(out, p)
		}
	}
	return out
}

// Empty says whether the chart has no figure at all.
func (m Model) Empty() bool {
	for _, s := range m.Series {
		for _, p := range s.Points {
			if !p.Gap {
				return false
			}
		}
	}
	return true
}

// MetricCodes are the metrics a chart shows, each once, in order: one for a metric's chart,
// several for a named chart.
func (m Model) MetricCodes() []string {
	out := []string{m.Metric}
	for _, s := range m.Series {
		if !slices.Contains(out, s.Metric) {
			out = append(out, s.Metric)
		}
	}
	return out
}
