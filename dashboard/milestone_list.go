package dashboard

import (
	"slices"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

type milestonesPage struct {
	Page
	Milestones []milestoneView
	Categories []option
	Regions    []option
}

// milestoneList is the timeline of milestones, filterable by category and region.
func (s *Server) milestoneList(c echo.Context) error {
	ctx := c.Request().Context()
	lang, bad := langOf(c)
	if bad != "" {
		return &paramError{"lang", "语言须为 zh 或 en / must be zh or en"}
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	q := data.EventQuery{Category: c.QueryParam("category"), Region: c.QueryParam("region"), AsOf: asOfOf(c)}
	if q.Category != "" && !slices.ContainsFunc(cats, func(x data.Category) bool { return x.Code == q.Category }) {
		return &paramError{"category", "未知类别 " + quote(q.Category) + " / unknown category " + quote(q.Category)}
	}
	if q.Region != "" && !slices.ContainsFunc(regions, func(x data.Region) bool { return x.Code == q.Region }) {
		return &paramError{"region", "未知地区 " + quote(q.Region) + " / unknown region " + quote(q.Region) + " (use " + regionCodes(regions)[len(jointCode)+2:] + ")"}
	}
	events, err := s.store.Events(ctx, q)
	if err != nil {
		return err
	}
	p := milestonesPage{Page: s.newPage(c, lang, tr(lang, "view.milestones")), Milestones: milestoneViews(events, cats, regions, lang)}
	p.Categories = append(p.Categories, option{"", tr(lang, "view.filter.any"), q.Category == ""})
	for _, cat := range cats {
		p.Categories = append(p.Categories, option{cat.Code, pick(lang, cat.NameZh, cat.NameEn), cat.Code == q.Category})
	}
	p.Regions = append(p.Regions, option{"", tr(lang, "view.filter.any"), q.Region == ""})
	for _, r := range regions {
		p.Regions = append(p.Regions, option{r.Code, pick(lang, r.NameZh, r.NameEn), r.Code == q.Region})
	}
	return s.okPage(c, "milestones", p)
}

func quote(s string) string { return `"` + s + `"` }
