package dashboard

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/briefing"
	"pjsx/dashboard/chart"
	"pjsx/data"
)

// Briefing file formats.
const (
	formatPDF  = "pdf"
	formatDOCX = "docx"
)

var briefingTypes = map[string]string{
	formatPDF:  "application/pdf",
	formatDOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

// briefingImage is each chart of a briefing: the print view's size, PNG at scale 2 so it stays
// sharp on paper.
var briefingImage = imageSize{Width: 900, Height: 420, Scale: 2}

// shanghai is the time zone of the four places: "today" and asof days are theirs.
var shanghai = time.FixedZone("UTC+8", 8*60*60)

// exportBriefingPDF is GET /export/briefing.pdf, exportBriefingDOCX GET /export/briefing.docx:
// the charts picked on the export page (the print view's query) with their sentences, tables and
// sources, as a file to hand on.
func (s *Server) exportBriefingPDF(c echo.Context) error  { return s.sendBriefing(c, formatPDF) }
func (s *Server) exportBriefingDOCX(c echo.Context) error { return s.sendBriefing(c, formatDOCX) }

func (s *Server) sendBriefing(c echo.Context, format string) error {
	body, err := s.briefingFile(c, format, s.now())
	if errors.Is(err, errNothingPicked) {
		sel, _ := s.parseExportSelection(c, false)
		return s.formAgainIfNothingPicked(c, sel.Req.Lang, err)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pjsx-briefing.%s"`, format))
	return c.Blob(http.StatusOK, briefingTypes[format], body)
}

// Briefing writes the briefing a query asks for (the query of /export/briefing.pdf) as PDF or
// DOCX, by the route's own code: `pjsx briefing` uses it. A bad query is an error naming the
// parameter.
func (s *Server) Briefing(ctx context.Context, query url.Values, format string, now time.Time) ([]byte, error) {
	if _, ok := briefingTypes[format]; !ok {
		return nil, fmt.Errorf("format must be pdf or docx, not %q", format)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "/export/briefing."+format+"?"+query.Encode(), nil)
	if err != nil {
		return nil, err
	}
	return s.briefingFile(s.e.NewContext(req, &discardResponse{header: http.Header{}}), format, now)
}

// discardResponse takes what request parsing writes on the way (the language cookie) when
// there is no client to answer.
type discardResponse struct{ header http.Header }

func (r *discardResponse) Header() http.Header         { return r.header }
func (r *discardResponse) Write(b []byte) (int, error) { return len(b), nil }
func (r *discardResponse) WriteHeader(int)             {}

func (s *Server) briefingFile(c echo.Context, format string, now time.Time) ([]byte, error) {
	sel, err := s.parseExportSelection(c, true)
	if err != nil {
		return nil, err
	}
	// The permalink carries the day the briefing shows (the day it is made, when none was asked),
	// so following it later makes the same briefing.
	q := c.QueryParams()
	q.Set("asof", cmp.Or(sel.Req.AsOf, data.Today(now)))
	doc, err := s.briefingDoc(c, sel, s.permalink("/export?"+readableQuery(q.Encode())), now)
	if err != nil {
		return nil, err
	}
	select {
	case briefingSlots <- struct{}{}:
		defer func() { <-briefingSlots }()
	case <-c.Request().Context().Done():
		return nil, c.Request().Context().Err()
	}
	if format == formatDOCX {
		return briefing.DOCX(doc)
	}
	return briefing.PDF(doc)
}

// briefingSlots bounds the briefings written at once: fpdf allocates some 40 MB while it cuts
// the CJK font down to the glyphs used, and the server keeps a 64 MB soft memory limit.
var briefingSlots = make(chan struct{}, 2)

// briefingDoc gathers each picked chart as the pack does: its PNG, its figures and sources, and
// its summary sentences.
func (s *Server) briefingDoc(c echo.Context, sel exportSelection, permalink string, now time.Time) (briefing.Doc, error) {
	ctx := c.Request().Context()
	lang := sel.Req.Lang
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return briefing.Doc{}, err
	}
	demo, err := s.store.IsDemo(ctx)
	if err != nil {
		return briefing.Doc{}, err
	}
	doc := briefing.Doc{Title: tr(lang, "briefing.title"), Subtitle: briefingFilters(sel.Req, regions),
		Lang: lang, MadeAt: now.In(shanghai), Permalink: permalink,
		Labels: briefing.Labels{MadeAt: tr(lang, "briefing.made_at"), AsOf: tr(lang, "briefing.as_of"),
			Contents: tr(lang, "briefing.contents"), Sources: tr(lang, "briefing.sources"), Link: tr(lang, "briefing.link"),
			Page: tr(lang, "briefing.page"), Trimmed: tr(lang, "briefing.trimmed"), NoData: tr(lang, "briefing.no_data")}}
	if demo {
		doc.Watermark = tr(lang, "export.watermark")
	}
	pacingDay, err := time.ParseInLocation(time.DateOnly, cmp.Or(sel.Req.AsOf, data.Today(now)), shanghai)
	if err != nil {
		return doc, err
	}
	metric, err := s.metricLookup(ctx, sel.Req.AsOf)
	if err != nil {
		return doc, err
	}
	newest := ""
	for _, m := range sel.Metrics {
		req := sel.chartReq(m)
		model, err := s.chartModel(ctx, req)
		if errors.Is(err, data.ErrNotFound) {
			continue
		}
		if err != nil {
			return doc, err
		}
		// The image cache's copy when there is one: drawing a PNG at scale 2 is most of the cost.
		etag, err := s.imageETag(ctx, req, formatPNG, briefingImage)
		if err != nil {
			return doc, err
		}
		png, err := s.images.get(etag, func() ([]byte, error) { return s.chartImageBytes(ctx, req, formatPNG, briefingImage) })
		if err != nil {
			return doc, err
		}
		sec := briefing.Section{Title: pick(lang, m.NameZh, m.NameEn), PNG: png, Sources: model.Sources,
			Sentences: chart.Sentences(model, metric, pacingDay),
			Link:      s.permalink(viewPath(model))}
		// No 已修订 sentence here: a briefing made again from its permalink is the same briefing
		// (issue 14); its link opens the page as of that day, which says what was revised since.
		var end string
		sec.Header, sec.Rows, end = briefingTable(model, lang)
		newest = max(newest, end)
		doc.Sections = append(doc.Sections, sec)
	}
	doc.AsOf = cmp.Or(sel.Req.AsOf, newest)
	return doc, nil
}

// briefingTable is a chart's figures oldest first across its places (the briefing shows the
// newest rows), and the end of the newest period.
func briefingTable(m chart.Model, lang string) (header []string, rows [][]string, newest string) {
	type row struct {
		start string
		cells []string
	}
	var all []row
	for _, s := range m.Series {
		for _, p := range s.Figures() {
			all = append(all, row{p.Start, []string{s.Name, p.Label, chart.ValueWithUnit(p.Display, m.Unit), p.Source}})
			newest = max(newest, p.End)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].start < all[j].start })
	for _, r := range all {
		rows = append(rows, r.cells)
	}
	header = []string{tr(lang, "export.region_name"), tr(lang, "export.period"), tr(lang, "export.value"), tr(lang, "export.source")}
	return header, rows, newest
}

// briefingFilters says in words which places and period a briefing covers; "" for all of them.
func briefingFilters(req chart.Request, regions []data.Region) string {
	var parts []string
	colon := pick(req.Lang, "：", ": ")
	if req.Regions != nil {
		names := make([]string, len(req.Regions))
		for i, code := range req.Regions {
			names[i] = chart.RegionName(code, regions, req.Lang)
		}
		parts = append(parts, tr(req.Lang, "briefing.regions")+colon+strings.Join(names, pick(req.Lang, "、", ", ")))
	}
	if req.From != "" || req.To != "" {
		parts = append(parts, tr(req.Lang, "briefing.period")+colon+req.From+" — "+req.To)
	}
	return strings.Join(parts, "  ·  ")
}

// metricLookup finds a catalog entry by code, for the summary sentences.
func (s *Server) metricLookup(ctx context.Context, asOf string) (func(string) (data.Metric, bool), error) {
	all, err := s.catalogMetrics(ctx, asOf)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]data.Metric, len(all))
	for _, m := range all {
		byCode[m.Code] = m
	}
	return func(code string) (data.Metric, bool) { m, ok := byCode[code]; return m, ok }, nil
}

// readableQuery leaves the commas of a printed link as commas (metrics=a,b): they need no
// escaping in a query, and a reader may type the link from paper.
func readableQuery(q string) string { return strings.ReplaceAll(q, "%2C", ",") }
