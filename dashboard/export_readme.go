package dashboard

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/summary"
	"pjsx/data"
)

// packReadme is the README.txt of a briefing pack: for each chart its metric, definition, unit,
// as-of date, sources, summary sentences and a citation line, so a file that leaves the pack
// still says where its numbers come from. Links start with --public-url, or are paths without it.
func (s *Server) packReadme(ctx context.Context, sel exportSelection, now time.Time) ([]byte, error) {
	lang := sel.Req.Lang
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	today := now.In(shanghai)
	day := today // what the sentences speak of: the asof day, else today
	if sel.Req.AsOf != "" {
		day, _ = time.ParseInLocation(time.DateOnly, sel.Req.AsOf, shanghai) // checked by parseRequest
	}
	metric, err := s.metricLookup(ctx, sel.Req.AsOf)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n", tr(lang, "briefing.title"), tr(lang, "briefing.readme_intro"))
	if f := briefingFilters(sel.Req, regions); f != "" {
		fmt.Fprintf(&b, "%s\n", f)
	}
	for i, m := range sel.Metrics {
		req := sel.chartReq(m)
		model, err := s.chartModel(ctx, req)
		if errors.Is(err, data.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		link := s.permalink(viewPath(model))
		fmt.Fprintf(&b, "\n%d. %s (%s)\n", i+1, pick(lang, m.NameZh, m.NameEn), m.Code)
		line := func(key, value string) {
			if value != "" {
				fmt.Fprintf(&b, "   %s%s%s\n", tr(lang, key), pick(lang, "：", ": "), value)
			}
		}
		line("briefing.definition", pick(lang, m.DescriptionZh, m.DescriptionEn))
		line("export.unit", pick(lang, m.UnitZh, m.UnitEn))
		line("briefing.as_of", strings.TrimPrefix(model.AsOf+chart.PublishedSuffix(model), " · "))
		line("briefing.files", safeFileName(m.Code)+".png, "+safeFileName(m.Code)+".svg, data.xlsx")
		for _, src := range model.Sources {
			line("briefing.sources", src)
		}
		revised, err := s.revisedSince(ctx, model, req)
		if err != nil {
			return nil, err
		}
		for _, sentence := range append(chart.Sentences(model, metric, day), revised...) {
			fmt.Fprintf(&b, "   %s\n", sentence)
		}
		asOf, _ := time.Parse("2006-01-02", newestEnd(model))
		line("briefing.cite", summary.Citation(summary.Cite{MetricZh: m.NameZh, MetricEn: m.NameEn, AsOf: asOf,
			Permalink: link, Accessed: today}, lang))
	}
	return []byte(strings.ReplaceAll(b.String(), "\n", "\r\n")), nil // Notepad on an office PC
}

// newestEnd is the last day of the newest period a chart shows.
func newestEnd(m chart.Model) string {
	newest := ""
	for _, s := range m.Series {
		for _, p := range s.Figures() {
			newest = max(newest, p.End)
		}
	}
	return newest
}
