package chart

import (
	"math"
	"strconv"
	"strings"

	"pjsx/dashboard/chart/units"
)

// FormatNumber writes v with exactly decimals decimals and digit grouping: what computed values
// (aggregates, changes, axis values) show.
func FormatNumber(v float64, decimals int) string {
	return group(strconv.FormatFloat(v, 'f', max(0, decimals), 64))
}

// FigureText writes a figure as it was entered: its own decimals (60 stays 60, 38.3 stays 38.3),
// whatever the metric's decimals, with digit grouping.
func FigureText(v float64) string {
	return group(strconv.FormatFloat(v, 'f', -1, 64))
}

// DecimalsOf is how many decimals a figure was entered with.
func DecimalsOf(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// roundTo rounds v to decimals places, to drop the float noise of a sum (627.8000000000001).
func roundTo(v float64, decimals int) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', decimals, 64), 64)
	if err != nil || math.IsInf(r, 0) {
		return v
	}
	return r
}

func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Scaled writes v in 万 (10⁴) or 亿 (10⁸) for a Chinese reader from 10,000 up, with at most two
// decimals (12.35万, 1.2亿); "" when the value stays as it is: in English (thousands separators
// do the work), below 10,000, or in a unit that already is 万 or 亿 (亿元, 万人次), which is
// never scaled twice. The exact value goes with it in the tooltip and the table.
func Scaled(v float64, lang, unit string) string {
	if lang == LangEn || strings.ContainsAny(unit, "万亿") || math.Abs(v) < 1e4 {
		return ""
	}
	div, word := 1e4, "万"
	if math.Abs(v) >= 1e8 {
		div, word = 1e8, "亿"
	}
	s := strconv.FormatFloat(roundTo(v/div, 2), 'f', -1, 64)
	return s + word
}

// Worded is a figure's text (as FigureText or FormatNumber write it) as a reader of lang reads it
// in unit: in English a unit in 10,000s or 100 millions ("10,000 visits") moves into the number
// (264.1 → 2.641 million, units.English) and ShownUnit drops it from the unit; otherwise the
// text as it is. Chinese keeps 264.1 万人次: a unit that already is 万 or 亿 is never scaled
// again, in either language.
func Worded(text, lang, unit string) string {
	if lang != LangEn {
		return text
	}
	return units.English(text, unit)
}

// ShownUnit is the unit written after a Worded figure: in English without the multiplier the
// number took ("visits" for "10,000 visits"); the unit as it is otherwise.
func ShownUnit(unit, lang string) string {
	if lang != LangEn {
		return unit
	}
	_, base := units.Split(unit)
	return base
}

// ScaleOf is the power of ten a model's values are multiplied by to read in its Unit: 4 for an
// English chart of "10,000 visits" shown in visits, 0 when Unit is the stored unit.
func ScaleOf(m Model) int {
	if m.StoredUnit == "" {
		return 0
	}
	power, _ := units.Split(m.StoredUnit)
	return power
}

// FigureWithUnit is a figure with its unit as a reader of lang reads it: 264.1万人次, 2.641
// million visits, 8 lines, 38.3%.
func FigureWithUnit(text, lang, unit string) string {
	shown := Worded(text, lang, unit)
	if lang != LangEn {
		return shown + unit
	}
	return ValueWithUnit(shown, ShownUnit(unit, lang))
}

// ShortText is a point's value as a chart label shows it: scaled (Scaled) with its qualifier,
// or its Display when it stays as it is.
func ShortText(p Point, lang, unit string) string {
	s := Scaled(p.Value, lang, unit)
	if s == "" {
		return p.Display
	}
	p.Text = s
	return Qualified(p, lang)
}

// ValueWithUnit writes a shown value with its unit: 8 条, 8 lines, but 38.3%.
func ValueWithUnit(display, unit string) string {
	switch unit {
	case "":
		return display
	case "%":
		return display + unit
	}
	return display + " " + unit
}
