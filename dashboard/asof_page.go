package dashboard

import (
	"context"
	"fmt"
	"html/template"
	"net/url"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// Pages as of a date (issue 14): asof=YYYY-MM-DD on a public page shows what was public at the
// end of that Shanghai day, under a banner naming the day with a link to today's view; every
// link of the page keeps the day.

// asOfKey is where publicPage leaves the checked asof day of a request.
const asOfKey = "pjsx.asof"

// checkAsOf reads and checks a request's asof (a real day, not after today) and keeps it for
// the handler and newPage: publicPage calls it for every page, the API handlers for theirs. A
// bad one is a 400 naming asof.
func (s *Server) checkAsOf(c echo.Context) error {
	raw, ok := c.QueryParams()["asof"]
	if !ok {
		return nil
	}
	day, ferr := chart.ParseAsOf(raw[0])
	if ferr == nil && day != "" {
		ferr = chart.CheckAsOf(day, s.today())
	}
	if ferr != nil {
		return paramErrorOf(ferr)
	}
	c.Set(asOfKey, day)
	return nil
}

// asOfOf is the request's checked asof day, "" for today.
func asOfOf(c echo.Context) string {
	day, _ := c.Get(asOfKey).(string)
	return day
}

// Q is the query every link of the page starts with: its language and, as of a day, the day.
func (p Page) Q() template.URL {
	v := url.Values{"lang": {p.Lang}}
	if p.AsOf != "" {
		v.Set("asof", p.AsOf)
	}
	return template.URL(v.Encode())
}

// AsOfBanner is the line over a page shown as of a day.
func (p Page) AsOfBanner() string { return fmt.Sprintf(p.T("asof.banner"), p.AsOf) }

// todayURL is the page at path with query q, less its asof.
func todayURL(path string, q url.Values) string {
	q = cloneValues(q)
	q.Del("asof")
	return (&url.URL{Path: path, RawQuery: q.Encode()}).String()
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// revisedSince are the 已修订 / revised since sentences of a model asked as of a day: every
// figure then public whose value today differs, with both values; nil for today's model.
func (s *Server) revisedSince(ctx context.Context, then chart.Model, req chart.Request) ([]string, error) {
	if req.AsOf == "" {
		return nil, nil
	}
	req.AsOf = ""
	req.View = then.View
	now, err := s.chartModel(ctx, req)
	if err != nil {
		return nil, err
	}
	return chart.RevisedSentences(then, chart.RevisedSince(then, now)), nil
}

// revisedFigure says what a figure public as of a day is today when that differs: "已修订 · 今日
// 7 次" / "revised since: 7 lines today"; "" when it is unchanged. unit is the stored values'.
func (s *Server) revisedFigure(ctx context.Context, o data.Observation, lang, unit string) (string, error) {
	obs, err := s.store.Series(ctx, data.SeriesQuery{Metric: o.Metric, Regions: []string{o.Region},
		From: o.Period, To: data.PeriodEnd(o.Period, o.Granularity)})
	if err != nil {
		return "", err
	}
	now := tr(lang, "asof.gone")
	for _, n := range obs {
		if n.Key() != o.Key() {
			continue
		}
		if n.Value == o.Value && n.Qualifier == o.Qualifier {
			return "", nil
		}
		now = chart.ValueWithUnit(figurePoint(n, lang, unit).Display, chart.ShownUnit(unit, lang))
	}
	return fmt.Sprintf(tr(lang, "asof.revised_card"), now), nil
}
