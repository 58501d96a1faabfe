package units

import "testing"

// TestEnglish: a figure in 10,000s or 100 millions reads as an English number of the base
// unit, keeping exactly the significant figures it was entered with.
func TestEnglish(t *testing.T) {
	for _, c := range []struct{ number, unit, want string }{
		{"264.1", "10,000 visits", "2.641 million"},
		{"264", "10,000 visits", "2.64 million"},
		{"500", "10,000 visits", "5 million"},
		{"100", "10,000 visits", "1 million"}, // the lower bound of millions
		{"99.99", "10,000 visits", "999,900"}, // just under it: the whole number
		{"35", "10,000 m²", "350,000"},
		{"3.5", "10,000 m²", "35,000"},
		{"0.35", "10,000 m²", "3,500"},
		{"1.23456", "10,000 m²", "12,345.6"}, // more decimals than 10,000 takes: kept
		{"2,641.35", "10,000 visits", "26.4135 million"},
		{"627.80", "10,000 visits", "6.278 million"}, // a computed value's trailing zero adds nothing
		{"12", "100 million yuan", "1.2 billion"},
		{"9.5", "100 million yuan", "950 million"},
		{"0.5", "100 million yuan", "50 million"},
		{"81.23", "100 million yuan", "8.123 billion"},
		{"15000", "100 million yuan", "1.5 trillion"},
		{"-3.5", "10,000 visits", "-35,000"},
		{"-264.1", "10,000 visits", "-2.641 million"},
		{"+12.5", "10,000 visits", "+125,000"},
		{"0", "10,000 visits", "0"},
		{"-0", "10,000 visits", "0"},
		{"264.1", "10k trips", "2.641 million"},
		{"264.1", "visits", "264.1"},      // no multiplier: as it is
		{"38.3", "%", "38.3"},             // a percent stays a percent
		{"abc", "10,000 visits", "abc"},   // not a number: untouched
		{"≥500", "10,000 visits", "≥500"}, // a qualifier is added after, never parsed
	} {
		if got := English(c.number, c.unit); got != c.want {
			t.Errorf("English(%q, %q) = %q, want %q", c.number, c.unit, got, c.want)
		}
	}
}

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		unit, base string
		power      int
	}{
		{"10,000 visits", "visits", 4},
		{"100 million yuan", "yuan", 8},
		{"10,000 m²", "m²", 4},
		{"10k trips", "trips", 4},
		{"lines", "lines", 0},
		{"10,000 ", "10,000 ", 0}, // a multiplier with nothing after it is left alone
		{"万人次", "万人次", 0},         // Chinese units are not English multipliers
	} {
		if power, base := Split(c.unit); power != c.power || base != c.base {
			t.Errorf("Split(%q) = %d, %q; want %d, %q", c.unit, power, base, c.power, c.base)
		}
	}
}
