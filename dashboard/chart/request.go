// Package chart turns a chart request into the one model every output renders: the page's
// ECharts option, the server images, the tables, the data downloads, the API and the briefings.
// It knows nothing of HTTP or HTML.
package chart

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"pjsx/data"
)

// JointCode names the four places together in the regions parameter and in the outputs.
const JointCode = "joint"

// Views of a chart, picked by the view parameter.
const (
	ViewOverTime = "over_time" // the default: a line per series on a time axis
	ViewCompare  = "compare"   // bars by period, grouped (levels) or stacked (flows)
	ViewLatest   = "latest"    // the newest complete figure of each series side by side
	ViewProgress = "progress"  // percent metrics with a target: each series' newest figure against it
)

// Languages of chart text.
const (
	LangZh = "zh"
	LangEn = "en"
)

// Request is everything a chart's output depends on besides the data.
type Request struct {
	Chart       string   // a metric code or the name of a named chart
	Regions     []string // region codes, "" for the joint figure; nil for all
	From, To    string   // YYYY-MM-DD (first day of from, last day of to), "" when open
	Granularity string   // "" (as entered), year, quarter, month
	View        string   // one of the View constants; "" reads as over_time
	Lang        string   // zh or en
	AsOf        string   // YYYY-MM-DD: what was public at the end of that Shanghai day; "" for now
}

// FieldError is one query parameter refused, with the reason in both languages.
type FieldError struct {
	Param  string
	Reason string
}

func (e *FieldError) Error() string { return e.Param + ": " + e.Reason }

// FieldErrors are every refused parameter of one request, in the order of the query's fields.
type FieldErrors []*FieldError

func (e FieldErrors) Error() string {
	parts := make([]string, len(e))
	for i, f := range e {
		parts[i] = f.Error()
	}
	return strings.Join(parts, "; ")
}

// ParseRequest reads a chart request from a query: regions, from, to, granularity, view, lang
// and asof. lang is the language to use when the query names none. known are the region codes.
// Every bad parameter is reported, as FieldErrors. An asof in the future is the caller's to
// refuse (CheckAsOf): the chart package has no clock.
func ParseRequest(chart string, q url.Values, known []data.Region, lang string) (Request, error) {
	r := Request{Chart: chart, Lang: lang}
	var errs FieldErrors
	bad := func(param, reason string) { errs = append(errs, &FieldError{param, reason}) }
	if raw, ok := q["regions"]; ok {
		r.Regions = []string{}
		for _, part := range strings.Split(strings.Join(raw, ","), ",") {
			code := strings.TrimSpace(part)
			switch {
			case code == "":
				continue
			case code == JointCode:
				code = ""
			case !slices.ContainsFunc(known, func(x data.Region) bool { return x.Code == code }):
				list := regionCodes(known)
				bad("regions", fmt.Sprintf("未知地区 %q(可用 %s)/ unknown region %q (use %s)", code, list, code, list))
				continue
			}
			if !slices.Contains(r.Regions, code) {
				r.Regions = append(r.Regions, code)
			}
		}
		if len(r.Regions) == 0 {
			r.Regions = nil
		}
	}
	var err *FieldError
	if r.From, err = parseBound(q.Get("from"), "from", false); err != nil {
		errs = append(errs, err)
	}
	if r.To, err = parseBound(q.Get("to"), "to", true); err != nil {
		errs = append(errs, err)
	}
	if r.From != "" && r.To != "" && r.From > r.To {
		bad("from", "起始时间晚于截止时间 / from is after to")
	}
	switch g := strings.TrimSpace(q.Get("granularity")); g {
	case "", data.Year, data.Quarter, data.Month:
		r.Granularity = g
	default:
		bad("granularity", "时间粒度须为 year、quarter 或 month / must be year, quarter or month")
	}
	switch v := strings.TrimSpace(q.Get("view")); v {
	case "", ViewOverTime:
		r.View = ViewOverTime
	case ViewCompare, ViewLatest, ViewProgress:
		r.View = v
	default:
		bad("view", "图表须为 over_time、compare、latest 或 progress / must be over_time, compare, latest or progress")
	}
	if raw, ok := q["lang"]; ok {
		switch l := strings.TrimSpace(raw[0]); l {
		case LangZh, LangEn:
			r.Lang = l
		default:
			bad("lang", "语言须为 zh 或 en / must be zh or en")
		}
	}
	if r.Lang != LangEn {
		r.Lang = LangZh
	}
	if raw, ok := q["asof"]; ok {
		var ferr *FieldError
		if r.AsOf, ferr = ParseAsOf(raw[0]); ferr != nil {
			errs = append(errs, ferr)
		}
	}
	if len(errs) > 0 {
		return r, errs
	}
	return r, nil
}

// ParseAsOf reads asof=YYYY-MM-DD, a real day; "" is now.
func ParseAsOf(raw string) (string, *FieldError) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", &FieldError{"asof", fmt.Sprintf("日期 %q 有误,应为 YYYY-MM-DD / bad date %q: use YYYY-MM-DD", raw, raw)}
	}
	return s, nil
}

// CheckAsOf refuses an asof after today (YYYY-MM-DD, a Shanghai day); today itself is fine.
func CheckAsOf(asOf, today string) *FieldError {
	if asOf > today {
		return &FieldError{"asof", fmt.Sprintf("日期 %s 在未来(今天是 %s)/ %s is in the future (today is %s)", asOf, today, asOf, today)}
	}
	return nil
}

// parseBound reads a from/to bound in any period form; a to bound means the end of its period.
func parseBound(s, name string, end bool) (string, *FieldError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	day, gran, err := data.ParsePeriod(s)
	if err != nil {
		return "", &FieldError{name, fmt.Sprintf("日期 %q 有误,应为 YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM-DD / bad date %q: %s", s, s, err.Error())}
	}
	if end {
		return data.PeriodEnd(day, gran), nil
	}
	return day, nil
}

func regionCodes(rs []data.Region) string {
	codes := []string{JointCode}
	for _, r := range rs {
		codes = append(codes, r.Code)
	}
	return strings.Join(codes, ", ")
}

// Query is the request as a canonical query string (view left out when it is over_time), to link
// the images, downloads and pages of the same chart; the chart's name is the path's job.
func (r Request) Query() string {
	v := url.Values{}
	if r.Regions != nil {
		codes := make([]string, len(r.Regions))
		for i, c := range r.Regions {
			if c == "" {
				c = JointCode
			}
			codes[i] = c
		}
		v.Set("regions", strings.Join(codes, ","))
	}
	if r.From != "" {
		v.Set("from", r.From)
	}
	if r.To != "" {
		v.Set("to", r.To)
	}
	if r.Granularity != "" {
		v.Set("granularity", r.Granularity)
	}
	v.Set("lang", r.Lang)
	if r.View != "" && r.View != ViewOverTime {
		v.Set("view", r.View)
	}
	if r.AsOf != "" {
		v.Set("asof", r.AsOf)
	}
	return v.Encode()
}

// Key is the request as a cache key: its query and its chart.
func (r Request) Key() string { return r.Chart + "?" + r.Query() }
