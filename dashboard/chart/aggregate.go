package chart

import (
	"slices"
	"strings"

	"pjsx/data"
)

// figure is one stored figure with its period's bounds.
type figure struct {
	obs        data.Observation
	start, end string
}

func figureOf(o data.Observation) figure {
	return figure{obs: o, start: o.Period, end: data.PeriodEnd(o.Period, o.Granularity)}
}

// seriesPoints turns one series' figures (in period order) into its points at the asked
// granularity. "" keeps the figures as entered. Otherwise a figure stored at the granularity
// stands for its period; a period with only finer figures gets an aggregate of them (the latest
// for a level, the sum for a flow), marked partial when they do not cover the period; a coarser
// figure keeps its own period (splitting it would invent values); a period between the first and
// the last without any figure is a gap.
func seriesPoints(obs []data.Observation, granularity string, cumulative bool, decimals int) []Point {
	out := make([]Point, 0, len(obs)) // as entered, a point a figure; aggregated, at most that
	if granularity == "" {
		for _, o := range obs {
			out = append(out, figurePoint(figureOf(o), cumulative))
		}
		sortPoints(out)
		return out
	}
	type bucket struct {
		start, gran string
		direct      *figure
		finer       []figure
	}
	var buckets []*bucket
	index := map[string]*bucket{}
	for _, o := range obs {
		f := figureOf(o)
		start, gran := bucketStart(o.Period, granularity), granularity
		if coarser(o.Granularity, granularity) {
			start, gran = o.Period, o.Granularity
		}
		key := start + "|" + gran
		b := index[key]
		if b == nil {
			b = &bucket{start: start, gran: gran}
			index[key] = b
			buckets = append(buckets, b)
		}
		if o.Granularity == gran {
			b.direct = &f
		} else {
			b.finer = append(b.finer, f)
		}
	}
	for _, b := range buckets {
		if b.direct != nil {
			// The figure as reported stands; the table notes where its finer figures disagree.
			p := figurePoint(*b.direct, cumulative)
			if len(b.finer) > 0 {
				if agg := aggregatePoint(b.start, b.gran, b.finer, cumulative, decimals); agg.Value != p.Value {
					p.Finer, p.FinerPartial = agg.Text, agg.Partial
				}
			}
			out = append(out, p)
			continue
		}
		out = append(out, aggregatePoint(b.start, b.gran, b.finer, cumulative, decimals))
	}
	sortPoints(out)
	return withGaps(out, granularity, cumulative)
}

func figurePoint(f figure, cumulative bool) Point {
	o := f.obs
	return Point{Start: f.start, End: f.end, Granularity: o.Granularity, Label: data.FormatPeriod(o.Period, o.Granularity),
		At: placeAt(f.start, f.end, cumulative), Value: o.Value, Text: FigureText(o.Value), Source: o.Source, Citation: o.Citation, Note: o.Note,
		LowerBound: o.Qualifier == data.QualifierLowerBound, Approximate: o.Qualifier == data.QualifierApprox}
}

// aggregatePoint builds one period from finer figures. A level takes the figure that ends latest
// and is partial unless that figure reaches the period's end. A flow sums figures that do not
// overlap (a quarter figure beats its months) and is partial unless they cover every day.
func aggregatePoint(start, gran string, finer []figure, cumulative bool, decimals int) Point {
	end := data.PeriodEnd(start, gran)
	p := Point{Start: start, End: end, Granularity: gran, Label: data.FormatPeriod(start, gran),
		At: placeAt(start, end, cumulative), Aggregate: true}
	if cumulative {
		last := finer[0]
		for _, f := range finer[1:] {
			if f.end > last.end || f.end == last.end && coarser(f.obs.Granularity, last.obs.Granularity) {
				last = f
			}
		}
		p.Value, p.Text, p.Source, p.Citation, p.Note = last.obs.Value, FigureText(last.obs.Value), last.obs.Source, last.obs.Citation, last.obs.Note
		p.Partial = last.end != end
		p.LowerBound, p.Approximate = last.obs.Qualifier == data.QualifierLowerBound, last.obs.Qualifier == data.QualifierApprox
		return p
	}
	// Coarsest first, so a quarter figure is used rather than its months.
	byCoarse := slices.Clone(finer)
	slices.SortStableFunc(byCoarse, func(a, b figure) int { return rank[b.obs.Granularity] - rank[a.obs.Granularity] })
	var used []figure
	for _, f := range byCoarse {
		if !slices.ContainsFunc(used, func(u figure) bool { return f.start <= u.end && u.start <= f.end }) {
			used = append(used, f)
		}
	}
	slices.SortFunc(used, func(a, b figure) int { return strings.Compare(a.start, b.start) })
	sum, places := 0.0, 0
	covered := start
	var sources, notes []string
	for _, f := range used {
		// A sum of which one part is "at least" is at least the sum; one "about" makes it about.
		p.LowerBound = p.LowerBound || f.obs.Qualifier == data.QualifierLowerBound
		p.Approximate = p.Approximate || f.obs.Qualifier == data.QualifierApprox
		sum += f.obs.Value
		places = max(places, DecimalsOf(f.obs.Value))
		if f.start > covered {
			p.Partial = true
		}
		covered = max(covered, dayAfter(f.end))
		for _, s := range strings.Split(f.obs.Source, "; ") {
			if !slices.Contains(sources, s) {
				sources = append(sources, s)
			}
		}
		if f.obs.Note != "" && !slices.Contains(notes, f.obs.Note) {
			notes = append(notes, f.obs.Note)
		}
	}
	if covered <= end {
		p.Partial = true
	}
	p.Value = roundTo(sum, places)
	p.Text = FormatNumber(p.Value, min(places, decimals))
	p.Source, p.Note = strings.Join(sources, "; "), strings.Join(notes, "; ")
	return p
}

// sortPoints puts points in time order: by where the axis places them, then by period.
func sortPoints(ps []Point) {
	slices.SortStableFunc(ps, func(a, b Point) int {
		if c := strings.Compare(a.At, b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Start, b.Start)
	})
}

// withGaps adds a gap for every period of the granularity between a series' first and last
// point that has nothing, so a line never bridges missing data.
func withGaps(ps []Point, granularity string, cumulative bool) []Point {
	if len(ps) < 2 {
		return ps
	}
	first, last := ps[0].Start, ps[0].Start
	for _, p := range ps {
		first, last = min(first, p.Start), max(last, p.Start)
	}
	covered := func(start, end string) bool {
		return slices.ContainsFunc(ps, func(p Point) bool { return p.Start <= end && start <= p.End })
	}
	out := ps
	added := false
	for s, i := bucketStart(first, granularity), 0; s <= last && i < 5000; s, i = nextPeriod(s, granularity), i+1 {
		end := data.PeriodEnd(s, granularity)
		if !covered(s, end) {
			out = append(out, Point{Start: s, End: end, Granularity: granularity, Label: data.FormatPeriod(s, granularity),
				At: placeAt(s, end, cumulative), Gap: true})
			added = true
		}
	}
	if added {
		sortPoints(out)
	}
	return out
}

// latestPoint is what a "latest" view shows of a series: its newest complete figure, or its
// newest partial one when it has no complete one.
func latestPoint(s Series) (Point, bool) {
	var best, partial *Point
	for i := range s.Points {
		p := &s.Points[i]
		switch {
		case p.Gap:
		case p.Partial:
			if partial == nil || p.End >= partial.End {
				partial = p
			}
		case best == nil || p.End >= best.End:
			best = p
		}
	}
	if best == nil {
		best = partial
	}
	if best == nil {
		return Point{}, false
	}
	return *best, true
}

// withDisplay writes each figure's value as shown: its text in the reader's wording (Worded)
// with its qualifier, and for a chart label its short form in 万/亿 when that differs. Text
// stays the figure as entered, in the stored unit.
func withDisplay(ps []Point, lang, unit string) {
	for i := range ps {
		if !ps[i].Gap {
			shown := ps[i]
			shown.Text = Worded(shown.Text, lang, unit)
			ps[i].Display = Qualified(shown, lang)
			if ps[i].Finer != "" {
				ps[i].Finer = Worded(ps[i].Finer, lang, unit)
			}
			if short := ShortText(ps[i], lang, unit); short != ps[i].Display {
				ps[i].Short = short
			}
		}
	}
}

// Qualified is a point's text with its qualifier: ≥60 for "at least", 约60 (~60 in English) for
// "about". A value both is shown as at least.
func Qualified(p Point, lang string) string {
	switch {
	case p.LowerBound:
		return "≥" + p.Text
	case p.Approximate && lang == LangEn:
		return "~" + p.Text
	case p.Approximate:
		return "约" + p.Text
	}
	return p.Text
}
