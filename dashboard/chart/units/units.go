// Package units writes a figure counted in a Chinese unit of 万 (10⁴) or 亿 (10⁸) as an English
// reader writes it. A metric of 万人次 carries the English unit "10,000 visits"; 264.1 of them
// read "2.641 million visits", never "264.1 10,000 visits". The number takes the unit's
// multiplier, once, and the unit drops it. It is a leaf so the chart model and the summary
// sentence share the one rule.
package units

import "strings"

// multipliers are the prefixes of English units that stand for 万 and 亿, with their power of ten.
var multipliers = []struct {
	prefix string
	power  int
}{
	{"100 million ", 8},
	{"10,000 ", 4},
	{"10 000 ", 4},
	{"10k ", 4},
}

// Split is an English unit without its multiplier and the power of ten it stood for:
// "10,000 visits" → 4, "visits"; "100 million yuan" → 8, "yuan"; "lines" → 0, "lines".
func Split(unit string) (power int, base string) {
	for _, m := range multipliers {
		if rest, ok := strings.CutPrefix(unit, m.prefix); ok && strings.TrimSpace(rest) != "" {
			return m.power, rest
		}
	}
	return 0, unit
}

// English writes number (as the figure was entered or computed: "264.1", "-1,234.50") counted
// in unit as an English number of the unit's base (Split): below a million the whole number with
// separators (350,000), from a million "2.641 million", from a billion "1.2 billion", from a
// trillion "1.5 trillion". The digits are moved, never rounded: every significant figure of the
// number stays and none is added (trailing zeros after the point are dropped, as a figure
// entered as 60 reads 60). A unit without a multiplier, or text that is not a plain number,
// comes back as it is.
func English(number, unit string) string {
	power, _ := Split(unit)
	if power == 0 {
		return number
	}
	sign, whole, frac, ok := parse(number)
	if !ok {
		return number
	}
	// Move the point power places right: 264.1 × 10⁴ = 2641000.
	frac += strings.Repeat("0", max(0, power-len(frac)))
	whole, frac = strings.TrimLeft(whole+frac[:power], "0"), strings.TrimRight(frac[power:], "0")
	if whole == "" {
		whole = "0"
	}
	if whole == "0" && frac == "" {
		sign = ""
	}
	for _, w := range []struct {
		digits int
		word   string
	}{{12, "trillion"}, {9, "billion"}, {6, "million"}} {
		if len(whole) > w.digits {
			cut := len(whole) - w.digits
			f := strings.TrimRight(whole[cut:]+frac, "0")
			s := sign + group(whole[:cut])
			if f != "" {
				s += "." + f
			}
			return s + " " + w.word
		}
	}
	s := sign + group(whole)
	if frac != "" {
		s += "." + frac
	}
	return s
}

// parse reads "-1,234.50" as "-", "1234", "50"; ok is false for anything but a plain number.
func parse(s string) (sign, whole, frac string, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if rest, cut := strings.CutPrefix(s, "-"); cut {
		sign, s = "-", rest
	} else if rest, cut := strings.CutPrefix(s, "+"); cut {
		sign, s = "+", rest
	}
	whole, frac, _ = strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return "", "", "", false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return "", "", "", false
		}
	}
	return sign, whole, frac, true
}

// group puts a comma between each three digits of a whole number: 2641000 → 2,641,000.
func group(digits string) string {
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}
