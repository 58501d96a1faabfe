package dashboard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/chart/image"
)

// Image formats the server draws.
const (
	formatPNG = image.PNG
	formatSVG = image.SVG
)

// Image size bounds. A PNG is at most 3000×3 by 2000×3 pixels minus what maxImagePixels refuses,
// so no request can make the server allocate more than ~64 MB for one image.
const (
	defaultImageWidth, defaultImageHeight = 960, 540
	minImageWidth, maxImageWidth          = 200, 3000
	minImageHeight, maxImageHeight        = 150, 2000
	maxImageScale                         = 3
	maxImagePixels                        = 16_000_000
)

// renderSlots bounds how many images are drawn at once: rendering is CPU and memory bound.
var renderSlots = make(chan struct{}, max(2, runtime.NumCPU()))

// imageSize is the size part of an image request, and whether the picture leaves its footer to
// the page (footer=none: a page's first view, whose caption lists the sources under it).
type imageSize struct {
	Width, Height, Scale int
	NoFooter             bool
}

// parseImageSize reads width, height and scale; anything out of bounds or not a whole number is a
// *paramError naming the parameter.
func parseImageSize(q url.Values) (imageSize, error) {
	sz := imageSize{Width: defaultImageWidth, Height: defaultImageHeight, Scale: 1}
	var err error
	switch q.Get("footer") {
	case "":
	case "none":
		sz.NoFooter = true
	default:
		return sz, &paramError{"footer", `must be "none" or left out`}
	}
	if sz.Width, err = boundedInt(q, "width", defaultImageWidth, minImageWidth, maxImageWidth); err != nil {
		return sz, err
	}
	if sz.Height, err = boundedInt(q, "height", defaultImageHeight, minImageHeight, maxImageHeight); err != nil {
		return sz, err
	}
	if sz.Scale, err = boundedInt(q, "scale", 1, 1, maxImageScale); err != nil {
		return sz, err
	}
	if sz.Width*sz.Scale*sz.Height*sz.Scale > maxImagePixels {
		return sz, &paramError{"scale", fmt.Sprintf("width×height×scale² must stay under %d pixels", maxImagePixels)}
	}
	return sz, nil
}

func boundedInt(q url.Values, name string, def, lo, hi int) (int, error) {
	raw := strings.TrimSpace(q.Get(name))
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || len(raw) > 6 {
		return 0, &paramError{name, fmt.Sprintf("must be a whole number from %d to %d", lo, hi)}
	}
	if n < lo || n > hi {
		return 0, &paramError{name, fmt.Sprintf("must be from %d to %d, got %d", lo, hi, n)}
	}
	return n, nil
}

// parseFileRequest reads /charts/:file or /data/:file: the chart's name and format, and the
// page's filters.
func (s *Server) parseFileRequest(c echo.Context, formats ...string) (chart.Request, string, error) {
	name, format, err := splitFile(c.Param("file"), formats...)
	if err != nil {
		return chart.Request{}, "", err
	}
	req, err := s.parseRequest(c, name)
	return req, format, err
}

// splitFile reads "code.ext" of /charts/:file and /data/:file; ext must be one of formats.
func splitFile(file string, formats ...string) (code, format string, err error) {
	dot := strings.LastIndexByte(file, '.')
	if dot <= 0 {
		return "", "", &paramError{"format", "add ." + strings.Join(formats, " or .") + " to the chart code"}
	}
	code, format = file[:dot], strings.ToLower(file[dot+1:])
	for _, f := range formats {
		if f == format {
			return code, format, nil
		}
	}
	return "", "", &paramError{"format", fmt.Sprintf("unknown format %q (use %s)", format, strings.Join(formats, ", "))}
}

// chartImage is GET /charts/{name}.png|.svg: a chart of the pages (a view of one metric, or a
// named chart such as rail22_progress), with the page's filters, drawn on the server.
func (s *Server) chartImage(c echo.Context) error {
	req, format, err := s.parseFileRequest(c, formatPNG, formatSVG)
	if err != nil {
		return err
	}
	size, err := parseImageSize(c.QueryParams())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	etag, err := s.imageETag(ctx, req, format, size)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Language, Cookie")
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	body, err := s.images.get(etag, func() ([]byte, error) { return s.chartImageBytes(ctx, req, format, size) })
	if err != nil {
		return err
	}
	h.Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.%s"`, safeFileName(req.Chart), format))
	ctype := "image/png"
	if format == formatSVG {
		ctype = "image/svg+xml"
		// An SVG opened on its own must not run anything, whatever a name in it says.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	}
	return c.Blob(http.StatusOK, ctype, body)
}

// chartImageBytes draws a request's model.
func (s *Server) chartImageBytes(ctx context.Context, req chart.Request, format string, size imageSize) ([]byte, error) {
	m, err := s.chartModel(ctx, req)
	if err != nil {
		return nil, err
	}
	demo, err := s.store.IsDemo(ctx)
	if err != nil {
		return nil, err
	}
	d, err := chartDrawer()
	if err != nil {
		return nil, err
	}
	select {
	case renderSlots <- struct{}{}:
		defer func() { <-renderSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return d.Draw(m, image.Options{Format: format, Width: size.Width, Height: size.Height, Scale: size.Scale, Demo: demo,
		Provenance: s.imageProvenance(m), NoFooter: size.NoFooter})
}

// imageProvenance is what an image's footer says of where it comes from: the dashboard, the
// view's permalink and, with a public URL, a QR code of it.
func (s *Server) imageProvenance(m chart.Model) image.Provenance {
	return image.Provenance{Dashboard: tr(m.Lang, "app.name"), Permalink: s.permalink(viewPath(m)), QR: s.publicURL != ""}
}

// imageETag names an image by what it depends on: the request, the version of what its model
// shows (a save of another metric keeps it) and the public URL its footer names.
func (s *Server) imageETag(ctx context.Context, req chart.Request, format string, size imageSize) (string, error) {
	mctx, col := withShown(ctx)
	if _, err := s.chartModel(mctx, req); err != nil {
		return "", err
	}
	v, err := s.store.VersionOf(ctx, col.shows())
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d|%s|%s|%d|%d|%d|%t|%s", v, format, req.Key(), size.Width, size.Height, size.Scale, size.NoFooter, s.publicURL)))
	return `"` + hex.EncodeToString(sum[:12]) + `"`, nil
}

// safeFileName keeps a metric code usable as a file name in a header and in a ZIP.
func safeFileName(code string) string {
	var b strings.Builder
	for _, r := range code {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}
