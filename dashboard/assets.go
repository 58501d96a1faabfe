package dashboard

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// asset is one static file, held in memory with its gzip form, served from a URL that names its
// content hash so browsers may cache it for ever.
type asset struct {
	url   string
	ctype string
	body  []byte
	gz    []byte
	etag  string
}

type assets struct {
	byName map[string]*asset // "dist/app.js" → asset
	byURL  map[string]*asset
}

// requiredAssets must exist for pages to work; a binary built without `npm run build` says so.
var requiredAssets = []string{"dist/app.js", "dist/charts.js", "app.css"}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// The sources stay out, and so does the CJK font: the server draws images with it
			// but no page loads it, and hashing 10 MB at every start would cost time and memory.
			if p == "static/src" || p == "static/dist/fonts" {
				return fs.SkipDir
			}
			return nil
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:12]
		ext := path.Ext(name)
		x := &asset{
			url:   "/static/" + strings.TrimSuffix(name, ext) + "." + hash + ext,
			ctype: mime.TypeByExtension(ext),
			body:  body,
			etag:  `"` + hash + `"`,
		}
		if x.ctype == "" {
			x.ctype = "application/octet-stream"
		}
		if compressible(x.ctype) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			if buf.Len() < len(body) {
				x.gz = buf.Bytes()
			}
		}
		a.byName[name] = x
		a.byURL[x.url] = x
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard: static assets: %w", err)
	}
	for _, name := range requiredAssets {
		if a.byName[name] == nil {
			return nil, fmt.Errorf("dashboard: static asset %s is missing: run `make assets` (npm ci && npm run build) before building", name)
		}
	}
	return a, nil
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
}

// URL is the content-hashed address of a static file, for templates.
func (a *assets) URL(name string) string {
	if x := a.byName[name]; x != nil {
		return x.url
	}
	return "/static/missing/" + name
}

func (a *assets) serve(c echo.Context) error {
	x := a.byURL[c.Request().URL.Path]
	if x == nil {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", x.etag)
	h.Set("Vary", "Accept-Encoding")
	if etagMatches(c.Request().Header.Get("If-None-Match"), x.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return sendEncoded(c, http.StatusOK, x.ctype, x.body, x.gz)
}
