package chart

import (
	"fmt"
	"strings"
)

// Describe reads the chart out in words, for screen readers and alt text, since a canvas says
// nothing: every figure of a short chart; for a long one, each series' first, last, lowest and
// highest figure. Partial periods say so.
func Describe(m Model) string {
	var b strings.Builder
	b.WriteString(m.Title + " (" + m.Unit + ")")
	sep := "。"
	if m.Lang == LangEn {
		sep = ". "
	}
	b.WriteString(sep)
	total := 0
	for _, s := range m.Series {
		total += s.FigureCount()
	}
	label := func(p Point) string {
		out := p.Label + ": " + p.Display
		if p.Partial {
			out += " (" + Word(m.Lang, "partial") + ")"
		}
		return out
	}
	for _, s := range m.Series {
		figs := s.Figures()
		if len(figs) == 0 {
			continue
		}
		if total <= 24 {
			parts := make([]string, len(figs))
			for i, p := range figs {
				parts[i] = label(p)
			}
			b.WriteString(s.Name + " — " + strings.Join(parts, ", ") + sep)
			continue
		}
		lo, hi := figs[0], figs[0]
		for _, p := range figs {
			if p.Value < lo.Value {
				lo = p
			}
			if p.Value > hi.Value {
				hi = p
			}
		}
		b.WriteString(fmt.Sprintf("%s — %s %d, %s %s, %s %s, %s %s, %s %s%s", s.Name,
			Word(m.Lang, "aria.count"), len(figs), Word(m.Lang, "aria.first"), label(figs[0]),
			Word(m.Lang, "aria.last"), label(figs[len(figs)-1]), Word(m.Lang, "aria.low"), label(lo),
			Word(m.Lang, "aria.high"), label(hi), sep))
	}
	if total > 24 {
		b.WriteString(Word(m.Lang, "aria.table"))
	}
	return b.String()
}

// Subtitle is the line under a chart's title: its unit and as-of period, and the day whose
// public figures it shows when it was asked as of a date.
func Subtitle(m Model) string {
	s := Word(m.Lang, "unit") + ": " + m.Unit
	if m.AsOf != "" {
		s += " · " + Word(m.Lang, "as_of") + " " + m.AsOf
	}
	return s + PublishedSuffix(m)
}

// PublishedSuffix is what every output adds after its as-of date when the model was asked as of
// a day: " · 2099-03-01公布的数据" / " · as published on 2099-03-01"; "" for today's.
func PublishedSuffix(m Model) string {
	if m.Published == "" {
		return ""
	}
	return " · " + fmt.Sprintf(Word(m.Lang, "published"), m.Published)
}

// ToGo is what is left to reach the target from p, as shown (Worded): computed, so capped by
// the metric's decimals.
func ToGo(m Model, target Target, p Point) string {
	places := min(m.Decimals, max(DecimalsOf(target.Value), DecimalsOf(p.Value)))
	return Worded(FormatNumber(max(0, roundTo(target.Value-p.Value, places)), places), m.Lang, m.ValueUnit())
}

// ProgressLabel is a progress bar's label, the same on the page and in the image: the figure
// with its unit and period, and what is left to the target.
func ProgressLabel(m Model, target Target, p Point) string {
	unit := m.Unit
	if m.Lang == LangEn {
		unit = unitAfter(unit) // 8 lines, 38.3%; Chinese writes 8条
	}
	return fmt.Sprintf("%s%s (%s) · %s %s%s", p.LabelText(), unit, p.Label, Word(m.Lang, "to_go"), ToGo(m, target, p), unit)
}

// Categories are the periods of a by-period chart in time order, each once (a year and a month
// of the same day are different periods), with the index of each point's category per series.
func Categories(m Model) ([]Point, [][]int) {
	type key struct{ at, label string }
	var cats []Point
	seen := map[key]bool{}
	for _, s := range m.Series {
		for _, p := range s.Figures() {
			if k := (key{p.At, p.Label}); !seen[k] {
				seen[k] = true
				cats = append(cats, p)
			}
		}
	}
	sortPoints(cats)
	index := map[key]int{}
	for i, p := range cats {
		index[key{p.At, p.Label}] = i
	}
	idx := make([][]int, len(m.Series))
	for i, s := range m.Series {
		for _, p := range s.Points {
			j := -1
			if !p.Gap {
				j = index[key{p.At, p.Label}]
			}
			idx[i] = append(idx[i], j)
		}
	}
	return cats, idx
}
