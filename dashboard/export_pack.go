package dashboard

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// maxPackMetrics bounds one briefing pack: every chart costs two renders.
const maxPackMetrics = 40

// exportSelection is what a writer picked on the export page: charts (metrics), the filters they
// share and the image size.
type exportSelection struct {
	Metrics []data.Metric
	Views   map[string]string // a metric's chosen view (view.CODE=…); over time when not chosen
	Req     chart.Request     // filters and language; Chart and View are set per chart
	Size    imageSize
}

// View is the view a metric's chart is packed in.
func (sel exportSelection) View(code string) string {
	if v, ok := sel.Views[code]; ok {
		return v
	}
	return chart.ViewOverTime
}

// parseExportSelection reads metrics (repeated or comma-separated), the chart filters and the
// image size. An unknown metric or an empty pick (when required) is a *paramError.
func (s *Server) parseExportSelection(c echo.Context, required bool) (exportSelection, error) {
	var sel exportSelection
	var err error
	if sel.Size, err = parseImageSize(c.QueryParams()); err != nil {
		return sel, err
	}
	if sel.Req, err = s.parseRequest(c, ""); err != nil {
		return sel, err
	}
	c.Set(asOfKey, sel.Req.AsOf)      // the export page and the print view name the day they show
	sel.Req.View = chart.ViewOverTime // the pack holds each metric's over-time chart
	all, err := s.store.MetricsAsOf(c.Request().Context(), sel.Req.AsOf)
	if err != nil {
		return sel, err
	}
	var codes []string
	for _, part := range strings.Split(strings.Join(c.QueryParams()["metrics"], ","), ",") {
		if code := strings.TrimSpace(part); code != "" && !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	if len(codes) > maxPackMetrics {
		return sel, &paramError{"metrics", fmt.Sprintf("at most %d metrics at once", maxPackMetrics)}
	}
	for _, code := range codes {
		i := slices.IndexFunc(all, func(m data.Metric) bool { return m.Code == code })
		if i >= 0 {
			sel.Metrics = append(sel.Metrics, all[i])
			continue
		}
		named, err := s.namedChartAsMetric(c.Request().Context(), code, all)
		if errors.Is(err, data.ErrNotFound) {
			return sel, &paramError{"metrics", fmt.Sprintf("unknown metric %q", code)}
		}
		if err != nil {
			return sel, err
		}
		sel.Metrics = append(sel.Metrics, named)
	}
	sel.Views = map[string]string{}
	for _, m := range all {
		v := strings.TrimSpace(c.QueryParam("view." + m.Code))
		switch {
		case v == "" || v == chart.ViewOverTime:
		case v == chart.ViewCompare || v == chart.ViewLatest || v == chart.ViewProgress && chart.HasProgress(m):
			sel.Views[m.Code] = v
		default:
			return sel, &paramError{"view." + m.Code, fmt.Sprintf("%q is not a view of this chart (over_time, compare, latest or, with a target, progress)", v)}
		}
	}
	if required && len(sel.Metrics) == 0 {
		return sel, errNothingPicked
	}
	return sel, nil
}

// namedChartAsMetric is a named chart (Line 22's progress) as the pack lists it: its name as the
// code, its title as the name, and its first measure's category, unit and kind. The pack draws
// it and tables its data through the chart model like any metric's chart; over time only.
func (s *Server) namedChartAsMetric(ctx context.Context, name string, all []data.Metric) (data.Metric, error) {
	nc, err := s.store.NamedChart(ctx, name)
	if err != nil {
		return data.Metric{}, err
	}
	m := data.Metric{Code: nc.Name, NameZh: nc.TitleZh, NameEn: nc.TitleEn}
	if len(nc.Metrics) > 0 {
		if i := slices.IndexFunc(all, func(x data.Metric) bool { return x.Code == nc.Metrics[0] }); i >= 0 {
			first := all[i]
			m.Category, m.UnitZh, m.UnitEn, m.Kind, m.Decimals = first.Category, first.UnitZh, first.UnitEn, first.Kind, first.Decimals
		}
	}
	return m, nil
}

// chartReq is the selection's request for one metric's chart.
func (sel exportSelection) chartReq(m data.Metric) chart.Request {
	r := sel.Req
	r.Chart = m.Code
	r.View = sel.View(m.Code)
	return r
}

// exportPack is GET /export/pack.zip: a PNG and an SVG of every picked chart and one XLSX of their
// data, built in memory first so a failure is a clean error, never half a ZIP.
func (s *Server) exportPack(c echo.Context) error {
	sel, err := s.parseExportSelection(c, true)
	if err != nil {
		return s.formAgainIfNothingPicked(c, sel.Req.Lang, err)
	}
	ctx := c.Request().Context()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	table := dataTable(sel.Req.Lang)
	demo, err := s.store.IsDemo(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	var models []chart.Model
	for _, m := range sel.Metrics {
		req := sel.chartReq(m)
		for _, format := range []string{formatPNG, formatSVG} {
			img, err := s.chartImageBytes(ctx, req, format, sel.Size)
			if err != nil {
				return err
			}
			if err := addZipFile(zw, safeFileName(m.Code)+"."+format, img, now); err != nil {
				return err
			}
		}
		model, err := s.chartModel(ctx, req)
		if err != nil {
			return err
		}
		appendChartRows(&table, model, demo)
		models = append(models, model)
	}
	metric, err := s.metricLookup(ctx, sel.Req.AsOf)
	if err != nil {
		return err
	}
	var xlsx bytes.Buffer
	if err := data.WriteXLSX(&xlsx, table, s.provenanceSheet(sel.Req.Lang, models, metric)); err != nil {
		return err
	}
	if err := addZipFile(zw, "data.xlsx", xlsx.Bytes(), now); err != nil {
		return err
	}
	readme, err := s.packReadme(ctx, sel, now)
	if err != nil {
		return err
	}
	if err := addZipFile(zw, "README.txt", readme, now); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="pjsx-briefing.zip"`)
	return c.Blob(http.StatusOK, "application/zip", buf.Bytes())
}

func addZipFile(zw *zip.Writer, name string, body []byte, mod time.Time) error {
	method := zip.Deflate
	if strings.HasSuffix(name, ".png") || strings.HasSuffix(name, ".xlsx") {
		method = zip.Store // already compressed
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: mod})
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// exportPrintPage is the print view: every picked chart with its table, two to an A4 page.
type exportPrintPage struct {
	Page
	Charts    []printChart
	BackURL   string
	Generated string
}

type printChart struct {
	Card     chartCard
	ImageURL string
	Rows     []tableRow // the table trimmed to its newest printRows figures, newest first
	More     int        // figures left out of Rows (the ZIP's Excel holds them all)
}

// printRows is how many figures a chart's table keeps in the print view, so two charts with
// their tables fit an A4 page.
const printRows = 6

// trimmedRows are a table's newest n rows, newest first, and how many were left out.
func trimmedRows(rows []tableRow, n int) ([]tableRow, int) {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b tableRow) int { return strings.Compare(b.Period, a.Period) })
	if len(out) <= n {
		return out, 0
	}
	return out[:n], len(out) - n
}

// exportPrint is GET /export/print: the same selection as the pack, laid out for the browser's
// "save as PDF". Images are the server's PNGs at scale 2 (about 250 dpi on the page): an SVG's
// text is laid out by the browser in whatever font it has, which can push a legend entry or a
// source line over its neighbour; a PNG is drawn with the dashboard's own font.
func (s *Server) exportPrint(c echo.Context) error {
	sel, err := s.parseExportSelection(c, true)
	if err != nil {
		return s.formAgainIfNothingPicked(c, sel.Req.Lang, err)
	}
	ctx := c.Request().Context()
	lang := sel.Req.Lang
	p := exportPrintPage{Page: s.newPage(c, lang, tr(lang, "export.print_title")),
		BackURL: "/export?" + c.QueryString(), Generated: time.Now().In(shanghai).Format("2006-01-02")}
	for _, m := range sel.Metrics {
		card, err := s.chartCardOf(ctx, sel.chartReq(m), "chart-"+safeFileName(m.Code))
		if errors.Is(err, data.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		pc := printChart{Card: card, ImageURL: card.Download(formatPNG) + "&width=900&height=420&scale=2"}
		pc.Rows, pc.More = trimmedRows(card.Table, printRows)
		p.Charts = append(p.Charts, pc)
	}
	return s.okPage(c, "export_print", p)
}
