package chart

import (
	"math"
	"strconv"
	"strings"
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
