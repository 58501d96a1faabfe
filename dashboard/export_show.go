package dashboard

import (
	"slices"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// exportPage is the briefing-pack form: charts to pick, the filters and the image size.
type exportPage struct {
	Page
	Metrics       []exportMetricOption
	Regions       []regionOption
	Grans         []option
	From, To      string
	Width, Height int
	Scale         int
	Scales        []int
}

type exportMetricOption struct {
	Code, Name, Category string
	Checked              bool
}

// exportShow is GET /export. It works without JavaScript: one GET form whose two buttons go to
// the ZIP and to the print view. ?metrics= preselects charts, as the links beside each chart do.
func (s *Server) exportShow(c echo.Context) error {
	ctx := c.Request().Context()
	sel, err := s.parseExportSelection(c, false)
	if err != nil {
		return err
	}
	lang := sel.Req.Lang
	metrics, err := s.store.Metrics(ctx)
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return err
	}
	catName := map[string]string{}
	for _, cat := range cats {
		catName[cat.Code] = pick(lang, cat.NameZh, cat.NameEn)
	}
	p := exportPage{Page: s.newPage(c, lang, tr(lang, "export.title")),
		From: c.QueryParam("from"), To: c.QueryParam("to"),
		Width: sel.Size.Width, Height: sel.Size.Height, Scale: sel.Size.Scale, Scales: []int{1, 2, 3}}
	for _, m := range metrics {
		if m.Retired {
			continue
		}
		p.Metrics = append(p.Metrics, exportMetricOption{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn),
			Category: catName[m.Category],
			Checked:  slices.ContainsFunc(sel.Metrics, func(x data.Metric) bool { return x.Code == m.Code })})
	}
	p.Regions = regionChoices(regions, sel.Req.Regions, lang)
	p.Grans = granularityChoices(sel.Req.Granularity, lang)
	return s.okPage(c, "export", p)
}
