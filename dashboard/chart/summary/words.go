package summary

import (
	"math"
	"strconv"
	"strings"
	"time"

	"pjsx/dashboard/chart/units"
)

// wording is one language's templates. Each part returns its clause with the punctuation that
// joins it to the one before, so Sentence only concatenates.
type wording interface {
	latest(in Input, p Point) string
	change(in Input, prev, last Point) string
	yearOnYear(in Input, ago, last Point) string
	sources(list []string) string
	target(in Input, t Target, p progress) string
}

func words(lang string) wording {
	if lang == "en" {
		return en{}
	}
	return zh{}
}

// delta is the change between two figures, or false when it cannot be told honestly: a lower
// bound on either side says nothing about how much the figure moved.
type delta struct {
	diff    float64 // last − prev, rounded to the metric's decimals
	pct     float64 // relative change in percent; valid when hasPct
	hasPct  bool
	approx  bool
	atLeast bool // the latest figure is a lower bound above an exact earlier one: the rise is at least diff
}

func deltaOf(in Input, prev, last Point) (delta, bool) {
	if prev.Qualifier == LowerBound {
		return delta{}, false
	}
	if last.Qualifier == LowerBound {
		diff := round(last.Value-prev.Value, in.Decimals)
		if prev.Qualifier != Exact || diff <= 0 {
			return delta{}, false
		}
		return delta{diff: diff, atLeast: true}, true
	}
	d := delta{diff: round(last.Value-prev.Value, in.Decimals),
		approx: prev.Qualifier == Approx || last.Qualifier == Approx}
	if prev.Value != 0 && !isPercent(in) {
		d.pct, d.hasPct = round((last.Value-prev.Value)/math.Abs(prev.Value)*100, 1), true
	}
	return d, true
}

func isPercent(in Input) bool { return in.UnitZh == "%" || in.UnitEn == "%" }

// ---- Chinese ----

type zh struct{}

func (zh) period(p string) string {
	y, rest := splitPeriod(p)
	switch {
	case rest == "":
		return y + "年"
	case strings.HasPrefix(rest, "Q"):
		return y + "年第" + []string{"一", "二", "三", "四"}[clampQuarter(rest)] + "季度"
	case len(rest) == 2:
		return y + "年" + trimZero(rest) + "月"
	case len(rest) == 5:
		return y + "年" + trimZero(rest[:2]) + "月" + trimZero(rest[3:]) + "日"
	}
	return p
}

func (z zh) value(in Input, p Point) string {
	v := valueText(p, in.Decimals) + in.UnitZh
	switch p.Qualifier {
	case LowerBound:
		return v + "以上"
	case Approx:
		return "约" + v
	}
	return v
}

func (z zh) latest(in Input, p Point) string {
	when := z.period(p.Period)
	if p.Partial {
		when += "（部分期间）"
	}
	subject := in.ScopeZh + in.NameZh
	switch in.Kind {
	case Flow:
		return when + "，" + subject + z.value(in, p)
	case Level:
		return "截至" + when + "，" + subject + "为" + z.value(in, p)
	}
	return "截至" + when + "，" + subject + "累计" + z.value(in, p)
}

func (z zh) amount(in Input, d float64, approx bool) string {
	s := formatNumber(math.Abs(d), in.Decimals)
	if isPercent(in) {
		s += "个百分点"
	} else {
		s += in.UnitZh
	}
	if approx {
		return "约" + s
	}
	return s
}

func (z zh) change(in Input, prev, last Point) string {
	d, ok := deltaOf(in, prev, last)
	if !ok {
		return ""
	}
	head := "，比" + z.period(prev.Period) + "（" + z.value(in, prev) + "）"
	switch {
	case d.atLeast:
		return head + "至少增加" + z.amount(in, d.diff, false)
	case d.diff > 0:
		s := head + "增加" + z.amount(in, d.diff, d.approx)
		if d.hasPct {
			s += "，增长" + formatNumber(d.pct, 1) + "%"
		}
		return s
	case d.diff < 0:
		s := head + "减少" + z.amount(in, d.diff, d.approx)
		if d.hasPct {
			s += "，下降" + formatNumber(-d.pct, 1) + "%"
		}
		return s
	}
	return "，与" + z.period(prev.Period) + "持平"
}

func (z zh) yearOnYear(in Input, ago, last Point) string {
	d, ok := deltaOf(in, ago, last)
	if !ok {
		return ""
	}
	switch {
	case d.atLeast:
		return "，同比至少增加" + z.amount(in, d.diff, false)
	case d.diff == 0:
		return "，同比持平"
	case d.hasPct && d.diff > 0:
		return "，同比增长" + formatNumber(d.pct, 1) + "%"
	case d.hasPct:
		return "，同比下降" + formatNumber(-d.pct, 1) + "%"
	case d.diff > 0:
		return "，同比增加" + z.amount(in, d.diff, d.approx)
	}
	return "，同比减少" + z.amount(in, d.diff, d.approx)
}

func (zh) sources(list []string) string {
	if len(list) == 0 {
		return "。"
	}
	return "（来源：" + strings.Join(list, "；") + "）。"
}

func (z zh) target(in Input, t Target, p progress) string {
	when := formatDateZh(t.Date) + "前"
	switch {
	case t.Date.IsZero():
		when = ""
	case t.Date.Month() == time.December && t.Date.Day() == 31:
		when = strconv.Itoa(t.Date.Year()) + "年底"
	}
	goal := z.value(in, targetPoint(in, t))
	what := "已完成"
	if p.flowYear {
		what = strconv.Itoa(t.Date.Year()) + "年累计已完成"
	}
	s := when + "目标为" + goal + "，" + what + formatNumber(p.done, 1) + "%"
	switch {
	case p.done >= 100:
		s += "，目标已实现"
	case p.overdue:
		s += "，目标期限已过"
	case p.pacing:
		s += "，时间进度" + formatNumber(p.elapsed, 1) + "%，"
		switch p.pace() {
		case 1:
			s += "进度快于时间进度"
		case -1:
			s += "进度慢于时间进度"
		default:
			s += "与时间进度持平"
		}
		if p.pace() >= 0 && p.elapsed >= 50 {
			s += "，实现“时间过半、任务过半”"
		}
	}
	return s + "。"
}

func formatDateZh(t time.Time) string {
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// ---- English ----

type en struct{}

func (en) period(p string) string {
	y, rest := splitPeriod(p)
	switch {
	case rest == "":
		return y
	case strings.HasPrefix(rest, "Q"):
		return "Q" + strconv.Itoa(clampQuarter(rest)+1) + " " + y
	case len(rest) == 2:
		m, _ := strconv.Atoi(rest)
		if m >= 1 && m <= 12 {
			return time.Month(m).String() + " " + y
		}
	case len(rest) == 5:
		t, err := time.Parse("2006-01-02", p)
		if err == nil {
			return formatDateEn(t)
		}
	}
	return p
}

func (en) value(in Input, p Point) string {
	v := units.English(valueText(p, in.Decimals), in.UnitEn) // 2.641 million visits, not 264.1 10,000 visits
	_, unit := units.Split(in.UnitEn)
	if unit == "%" {
		v += "%"
	} else if unit != "" {
		v += " " + unit
	}
	switch p.Qualifier {
	case LowerBound:
		return "at least " + v
	case Approx:
		return "about " + v
	}
	return v
}

func (e en) latest(in Input, p Point) string {
	when := e.period(p.Period)
	if p.Partial {
		when += " (part of the period)"
	}
	subject := lowerFirst(in.NameEn)
	if in.ScopeEn != "" {
		subject += " in " + in.ScopeEn
	}
	switch in.Kind {
	case Flow:
		prep := "In "
		if len(p.Period) == len("2006-01-02") { // a day, not a stretch of time
			prep = "On "
		}
		return prep + when + ", " + subject + " came to " + e.value(in, p)
	case Level:
		return "As of " + when + ", " + subject + " stood at " + e.value(in, p)
	}
	return "As of " + when + ", " + subject + " totalled " + e.value(in, p)
}

func (en) amount(in Input, d float64, approx bool) string {
	s := units.English(formatNumber(math.Abs(d), in.Decimals), in.UnitEn)
	_, unit := units.Split(in.UnitEn)
	switch {
	case isPercent(in):
		s += " percentage points"
	case unit != "":
		s += " " + unit
	}
	if approx {
		return "about " + s
	}
	return s
}

func (e en) change(in Input, prev, last Point) string {
	d, ok := deltaOf(in, prev, last)
	if !ok {
		return ""
	}
	from := " from " + e.value(in, prev) + " in " + e.period(prev.Period)
	switch {
	case d.atLeast:
		return ", up at least " + e.amount(in, d.diff, false) + from
	case d.diff > 0:
		s := ", up " + e.amount(in, d.diff, d.approx)
		if d.hasPct {
			s += " or " + formatNumber(d.pct, 1) + "%"
		}
		return s + from
	case d.diff < 0:
		s := ", down " + e.amount(in, d.diff, d.approx)
		if d.hasPct {
			s += " or " + formatNumber(-d.pct, 1) + "%"
		}
		return s + from
	}
	return ", unchanged from " + e.period(prev.Period)
}

func (e en) yearOnYear(in Input, ago, last Point) string {
	d, ok := deltaOf(in, ago, last)
	if !ok {
		return ""
	}
	switch {
	case d.atLeast:
		return "; up at least " + e.amount(in, d.diff, false) + " year on year"
	case d.diff == 0:
		return "; unchanged year on year"
	case d.hasPct && d.diff > 0:
		return "; up " + formatNumber(d.pct, 1) + "% year on year"
	case d.hasPct:
		return "; down " + formatNumber(-d.pct, 1) + "% year on year"
	case d.diff > 0:
		return "; up " + e.amount(in, d.diff, d.approx) + " year on year"
	}
	return "; down " + e.amount(in, d.diff, d.approx) + " year on year"
}

func (en) sources(list []string) string {
	switch len(list) {
	case 0:
		return "."
	case 1:
		return " (source: " + list[0] + ")."
	}
	return " (sources: " + strings.Join(list, "; ") + ")."
}

func (e en) target(in Input, t Target, p progress) string {
	when := formatDateEn(t.Date)
	switch {
	case t.Date.IsZero():
		when = ""
	case t.Date.Month() == time.December && t.Date.Day() == 31:
		when = " by the end of " + strconv.Itoa(t.Date.Year())
	default:
		when = " by " + when
	}
	s := " The target is " + e.value(in, targetPoint(in, t)) + when + "; " + formatNumber(p.done, 1) + "% "
	if p.flowYear {
		s += "of it reached in " + strconv.Itoa(t.Date.Year())
	} else {
		s += "reached"
	}
	switch {
	case p.done >= 100:
		s += ": target met"
	case p.overdue:
		s += ", and the target date has passed"
	case p.pacing:
		s += ", with " + formatNumber(p.elapsed, 1) + "% of the year gone: "
		switch p.pace() {
		case 1:
			s += "ahead of pace"
		case -1:
			s += "behind pace"
		default:
			s += "on pace"
		}
	}
	return s + "."
}

func formatDateEn(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + t.Month().String() + " " + strconv.Itoa(t.Year())
}

// lowerFirst lowers a name's first letter for use inside a sentence ("cross-province bus lines"),
// but keeps acronyms ("GDP"), proper names whose next word is a number or a name ("Line 22") and
// names that begin with a place ("Jizhou annual visitors", "Tianjin Port–Mafang sea-rail trains").
func lowerFirst(s string) string {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' || (s[1] >= 'A' && s[1] <= 'Z') {
		return s
	}
	if f := strings.Fields(s); len(f) > 1 && (f[1][0] >= '0' && f[1][0] <= '9' || f[1][0] >= 'A' && f[1][0] <= 'Z') {
		return s
	}
	for _, place := range placeNames {
		if strings.HasPrefix(s, place) && !startsLetter(s[len(place):]) {
			return s
		}
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// placeNames begin metric names as proper nouns, which keep their capital inside a sentence.
var placeNames = []string{"Pinggu", "Jizhou", "Sanhe", "Xinglong", "Beijing", "Tianjin", "Hebei", "Chengping", "Mafang", "Yanjiao"}

// startsLetter says whether s begins with an ASCII letter (so "Sanhe" is not read in "Sanheyuan").
func startsLetter(s string) bool {
	return s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z')
}

// ---- numbers and periods ----

// targetPoint is a target written as a figure: 100, not 100.0.
func targetPoint(in Input, t Target) Point {
	text := formatNumber(t.Value, in.Decimals)
	if strings.Contains(text, ".") {
		text = strings.TrimRight(strings.TrimRight(text, "0"), ".")
	}
	return Point{Value: t.Value, Text: text}
}

// valueText is a figure as it was entered, else its value with the metric's decimals.
func valueText(p Point, decimals int) string {
	if p.Text != "" {
		return p.Text
	}
	return formatNumber(p.Value, decimals)
}

// formatNumber writes v with the given decimals and thousands separators: 12,345.6.
func formatNumber(v float64, decimals int) string {
	if decimals < 0 {
		decimals = 0
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// splitPeriod splits 2024-Q2 into 2024 and Q2, 2024-06 into 2024 and 06.
func splitPeriod(p string) (year, rest string) {
	year, rest, _ = strings.Cut(p, "-")
	return year, rest
}

func clampQuarter(q string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(q, "Q"))
	if err != nil || n < 1 || n > 4 {
		return 0
	}
	return n - 1
}

func trimZero(s string) string {
	if len(s) > 1 && s[0] == '0' {
		return s[1:]
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
