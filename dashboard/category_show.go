package dashboard

import (
	"context"
	"fmt"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

type categoryPage struct {
	Page
	Code       string
	Name       string
	Metrics    []categoryMetric
	Milestones []milestoneView
}

type categoryMetric struct {
	Code, Name, Latest, Unit, AsOf string
	Chart                          chartCard
	Card                           *figureCard // one figure: shown as a card instead of the chart
}

// categoryShow is every metric of one category, each over time, with the category's milestones.
func (s *Server) categoryShow(c echo.Context) error {
	ctx := c.Request().Context()
	lang, bad := langOf(c)
	if bad != "" {
		return &paramError{"lang", "语言须为 zh 或 en / must be zh or en"}
	}
	code := c.Param("code")
	asOf := asOfOf(c)
	p, err := cachedView(ctx, s, "category|"+code+"|"+lang+"|"+asOf, func(ctx context.Context) (categoryPage, error) {
		return s.buildCategory(ctx, code, lang, asOf)
	})
	if err != nil {
		return err
	}
	p.Page = s.newPage(c, lang, p.Name)
	return s.okPage(c, "category", p)
}

func (s *Server) buildCategory(ctx context.Context, code, lang, asOf string) (categoryPage, error) {
	var p categoryPage
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return p, err
	}
	var cat *data.Category
	for i := range cats {
		if cats[i].Code == code {
			cat = &cats[i]
		}
	}
	if cat == nil {
		return p, data.ErrNotFound
	}
	metrics, err := s.store.MetricsAsOf(ctx, asOf)
	if err != nil {
		return p, err
	}
	p.Code, p.Name = cat.Code, pick(lang, cat.NameZh, cat.NameEn)
	for _, m := range metrics {
		if m.Category != cat.Code || m.Retired {
			continue
		}
		card, err := s.chartCardOf(ctx, chart.Request{Chart: m.Code, Lang: lang, View: chart.ViewOverTime, AsOf: asOf}, "chart-"+m.Code)
		if err != nil {
			return p, err
		}
		cm := categoryMetric{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn), Unit: pick(lang, m.UnitZh, m.UnitEn),
			Chart: card, AsOf: card.AsOf()}
		if fc, ok := newFigureCard(card.Model, m, "figure-"+m.Code); ok {
			fc.Title = "" // the section's heading names the metric
			cm.Card = &fc
		}
		p.Metrics = append(p.Metrics, cm)
	}
	events, err := s.store.Events(ctx, data.EventQuery{Category: cat.Code, AsOf: asOf})
	if err != nil {
		return p, err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return p, err
	}
	p.Milestones = milestoneViews(events, cats, regions, lang)
	return p, nil
}

// eventDate is a milestone's date as written: "2016-11-03前" / "by 2016-11-03" when the report
// says only that it had happened by then.
func eventDate(e data.Event, lang string) string {
	d := data.FormatPeriod(e.Date, e.Precision)
	if e.OnOrBefore {
		return fmt.Sprintf(tr(lang, "event.on_or_before"), d)
	}
	return d
}

// milestoneViews writes milestones for a page in its language.
func milestoneViews(events []data.Event, cats []data.Category, regions []data.Region, lang string) []milestoneView {
	catName := map[string]string{}
	for _, cat := range cats {
		catName[cat.Code] = pick(lang, cat.NameZh, cat.NameEn)
	}
	out := make([]milestoneView, 0, len(events))
	for _, e := range events {
		ev := milestoneView{Date: eventDate(e, lang), Title: pick(lang, e.TitleZh, e.TitleEn),
			Category: catName[e.Category], Source: e.Source}
		if e.Region != "" {
			ev.Region = chart.RegionName(e.Region, regions, lang)
		}
		out = append(out, ev)
	}
	return out
}
