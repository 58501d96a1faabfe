package dashboard

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"pjsx/data"
)

// jointCode names the four places together in the regions parameter.
const jointCode = "joint"

// chartFilter is a chart request's filters, as the URL carries them.
type chartFilter struct {
	Regions     []string // region codes, "" for the joint figure; nil for all
	From, To    string   // YYYY-MM-DD, "" when open
	Granularity string   // "" (as entered), year, quarter, month
}

// paramError is a query parameter refused with the reason; handlers answer 400 with it.
type paramError struct {
	Param, Reason string
}

func (e *paramError) Error() string { return e.Param + ": " + e.Reason }

// parseChartFilter reads regions, from, to and granularity. known is the list of region codes.
func parseChartFilter(q url.Values, known []data.Region) (chartFilter, error) {
	var f chartFilter
	if raw, ok := q["regions"]; ok {
		f.Regions = []string{}
		for _, part := range strings.Split(strings.Join(raw, ","), ",") {
			code := strings.TrimSpace(part)
			if code == "" {
				continue
			}
			if code == jointCode {
				code = ""
			} else if !slices.ContainsFunc(known, func(r data.Region) bool { return r.Code == code }) {
				return f, &paramError{"regions", fmt.Sprintf("未知地区 %q(可用 %s)/ unknown region %q (use %s)", code, regionCodes(known), code, regionCodes(known))}
			}
			if !slices.Contains(f.Regions, code) {
				f.Regions = append(f.Regions, code)
			}
		}
		if len(f.Regions) == 0 {
			f.Regions = nil
		}
	}
	var err error
	if f.From, err = parseBound(q.Get("from"), "from", false); err != nil {
		return f, err
	}
	if f.To, err = parseBound(q.Get("to"), "to", true); err != nil {
		return f, err
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return f, &paramError{"from", "起始时间晚于截止时间 / from is after to"}
	}
	switch g := q.Get("granularity"); g {
	case "", data.Year, data.Quarter, data.Month:
		f.Granularity = g
	default:
		return f, &paramError{"granularity", "时间粒度须为 year、quarter 或 month / must be year, quarter or month"}
	}
	return f, nil
}

// parseBound reads a from/to bound in any period form; a to bound means the end of its period.
func parseBound(s, name string, end bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	day, gran, err := data.ParsePeriod(s)
	if err != nil {
		return "", &paramError{name, fmt.Sprintf("日期 %q 有误,应为 YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM-DD / bad date %q: %s", s, s, err.Error())}
	}
	if end {
		return data.PeriodEnd(day, gran), nil
	}
	return day, nil
}

func regionCodes(rs []data.Region) string {
	codes := []string{jointCode}
	for _, r := range rs {
		codes = append(codes, r.Code)
	}
	return strings.Join(codes, ", ")
}
