package chart_test

import (
	"testing"

	"pjsx/dashboard/chart"
)

// TestScaledInWanAndYi: Chinese from 10,000 up reads in 万 and 亿 (at most two decimals, no
// trailing zeros); English keeps the figure with thousands separators; a unit that already is
// 万 or 亿 is never scaled twice.
func TestScaledInWanAndYi(t *testing.T) {
	for _, c := range []struct {
		v          float64
		lang, unit string
		want       string
	}{
		{9999, "zh", "人", ""},
		{10000, "zh", "人", "1万"},
		{12000, "zh", "人", "1.2万"},
		{123456, "zh", "人次", "12.35万"},
		{99999999, "zh", "元", "10000万"},
		{100000000, "zh", "元", "1亿"},
		{2.534e9, "zh", "元", "25.34亿"},
		{-25000, "zh", "人", "-2.5万"},
		{123456, "en", "persons", ""},
		{56.7, "zh", "亿元", ""},
		{35000, "zh", "亿元", ""},
		{35000, "zh", "万人次", ""},
		{12000.5, "zh", "%", "1.2万"},
	} {
		if got := chart.Scaled(c.v, c.lang, c.unit); got != c.want {
			t.Errorf("Scaled(%v, %s, %q) = %q, want %q", c.v, c.lang, c.unit, got, c.want)
		}
	}
}

// TestNumbersKeepThousandsSeparators: the exact text (tooltip, table, English) groups digits.
func TestNumbersKeepThousandsSeparators(t *testing.T) {
	for v, want := range map[float64]string{123456: "123,456", 1234567.5: "1,234,567.5", 999: "999", -12000: "-12,000"} {
		if got := chart.FigureText(v); got != want {
			t.Errorf("FigureText(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestShortTextKeepsTheQualifier: a lower bound stays a lower bound in 万 (≥1.2万), and a value
// that is not scaled keeps its display.
func TestShortTextKeepsTheQualifier(t *testing.T) {
	p := chart.Point{Value: 12000, Text: "12,000", LowerBound: true}
	p.Display = chart.Qualified(p, "zh")
	if got := chart.ShortText(p, "zh", "人"); got != "≥1.2万" {
		t.Errorf("zh: %q", got)
	}
	if got := chart.ShortText(p, "en", "persons"); got != "≥12,000" {
		t.Errorf("en: %q", got)
	}
	if got := chart.ShortText(p, "zh", "万人"); got != "≥12,000" {
		t.Errorf("a unit in 万: %q", got)
	}
}

// TestEnglishWordingOfUnitsIn10000s: in English a figure of a unit in 10,000s or 100 millions
// reads as an English number of the unit's base, with its qualifier in front; Chinese and units
// without a multiplier keep the figure as entered (264.1万人次 is never 264.1万万人次).
func TestEnglishWordingOfUnitsIn10000s(t *testing.T) {
	for _, c := range []struct {
		p                 chart.Point
		lang, unit        string
		display, withUnit string
	}{
		{chart.Point{Text: "264.1"}, "en", "10,000 visits", "2.641 million", "2.641 million visits"},
		{chart.Point{Text: "500", LowerBound: true}, "en", "10,000 visits", "≥5 million", "≥5 million visits"},
		{chart.Point{Text: "35", Approximate: true}, "en", "10,000 m²", "~350,000", "~350,000 m²"},
		{chart.Point{Text: "12"}, "en", "100 million yuan", "1.2 billion", "1.2 billion yuan"},
		{chart.Point{Text: "-3.5"}, "en", "10,000 visits", "-35,000", "-35,000 visits"},
		{chart.Point{Text: "264.1", Approximate: true}, "zh", "万人次", "约264.1", "约264.1万人次"},
		{chart.Point{Text: "12"}, "zh", "亿元", "12", "12亿元"},
		{chart.Point{Text: "38.3"}, "en", "%", "38.3", "38.3%"},
		{chart.Point{Text: "1,200"}, "en", "lines", "1,200", "1,200 lines"},
	} {
		shown := c.p
		shown.Text = chart.Worded(c.p.Text, c.lang, c.unit)
		if got := chart.Qualified(shown, c.lang); got != c.display {
			t.Errorf("%s %q in %q shows %q, want %q", c.lang, c.p.Text, c.unit, got, c.display)
		}
		if got := chart.ValueWithUnit(chart.Qualified(shown, c.lang), chart.ShownUnit(c.unit, c.lang)); c.lang == "en" && got != c.withUnit {
			t.Errorf("%s %q in %q with its unit: %q, want %q", c.lang, c.p.Text, c.unit, got, c.withUnit)
		}
		if !c.p.LowerBound && !c.p.Approximate {
			if got := chart.FigureWithUnit(c.p.Text, c.lang, c.unit); got != c.withUnit {
				t.Errorf("FigureWithUnit(%q, %s, %q) = %q, want %q", c.p.Text, c.lang, c.unit, got, c.withUnit)
			}
		}
	}
}
