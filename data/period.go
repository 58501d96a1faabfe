package data

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Granularities a figure can report at, coarsest first.
const (
	Year    = "year"
	Quarter = "quarter"
	Month   = "month"
	Day     = "day"
)

// ParsePeriod reads a period as staff write it — YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, or in
// Chinese 2024年, 2024年第二季度, 2024年6月, 2024年6月5日 — and returns the first day it reports
// (YYYY-MM-DD) with its granularity. Full-width digits are read as digits; impossible dates such
// as 2024-02-30 are refused.
func ParsePeriod(s string) (day, granularity string, err error) {
	s = chinesePeriod(strings.TrimSpace(FoldWidth(s)))
	switch {
	case len(s) == 4:
		y, err := parseYear(s)
		if err != nil {
			return "", "", err
		}
		return fmt.Sprintf("%04d-01-01", y), Year, nil
	case len(s) == 7 && (s[5] == 'Q' || s[5] == 'q') && s[4] == '-':
		y, err := parseYear(s[:4])
		if err != nil {
			return "", "", err
		}
		q := s[6] - '0'
		if q < 1 || q > 4 {
			return "", "", fmt.Errorf("quarter must be Q1 to Q4")
		}
		return fmt.Sprintf("%04d-%02d-01", y, int(q-1)*3+1), Quarter, nil
	case len(s) == 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return "", "", fmt.Errorf("not a month in the form YYYY-MM")
		}
		return t.Format("2006-01-02"), Month, nil
	case len(s) == 10:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return "", "", fmt.Errorf("not a real date in the form YYYY-MM-DD")
		}
		return t.Format("2006-01-02"), Day, nil
	}
	return "", "", fmt.Errorf("use YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD")
}

// chinesePeriodRE matches 2024年, 2024年6月, 2024年6月5日, 2024年第二季度, 2024年二季度, 2024年Q2.
var chinesePeriodRE = regexp.MustCompile(`^(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?|第?\s*([一二三四1-4])\s*季度?|[Qq]([1-4]))?$`)

var chineseQuarter = map[string]string{"一": "1", "二": "2", "三": "3", "四": "4", "1": "1", "2": "2", "3": "3", "4": "4"}

// chinesePeriod writes a Chinese period the way ParsePeriod reads it; anything else stays as is.
func chinesePeriod(s string) string {
	m := chinesePeriodRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	switch {
	case m[3] != "":
		return fmt.Sprintf("%s-%02s-%02s", m[1], m[2], m[3])
	case m[2] != "":
		return fmt.Sprintf("%s-%02s", m[1], m[2])
	case m[4] != "":
		return m[1] + "-Q" + chineseQuarter[m[4]]
	case m[5] != "":
		return m[1] + "-Q" + m[5]
	}
	return m[1]
}

func parseYear(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 2200 {
		return 0, fmt.Errorf("year must be four digits between 1900 and 2200")
	}
	return y, nil
}

// FormatPeriod writes a period the way its granularity reads: 2024, 2024-Q1, 2024-03, 2024-03-05.
func FormatPeriod(day, granularity string) string {
	if len(day) < 10 {
		return day
	}
	switch granularity {
	case Year:
		return day[:4]
	case Quarter:
		m, _ := strconv.Atoi(day[5:7])
		return fmt.Sprintf("%s-Q%d", day[:4], (m-1)/3+1)
	case Month:
		return day[:7]
	}
	return day
}

// PeriodEnd is the last day a period covers, so a yearly figure of 2024 counts as "as of 2024-12-31"
// when figures of different granularities are put on one time axis.
func PeriodEnd(day, granularity string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	switch granularity {
	case Year:
		t = t.AddDate(1, 0, -1)
	case Quarter:
		t = t.AddDate(0, 3, -1)
	case Month:
		t = t.AddDate(0, 1, -1)
	}
	return t.Format("2006-01-02")
}
