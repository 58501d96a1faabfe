package dashboard

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// The public pages (overview, metric, category, milestones, embed) are the same for every
// anonymous reader of one address, language and data version: they carry no per-visitor token.
// pageCache keeps each such page whole, with its gzip form, so a repeat is served like a static
// file. Logged-in staff and pages with a flash message always get a fresh render.
type pageCache struct {
	mu      sync.Mutex
	version int64
	bytes   int
	items   map[string]*renderedPage
	// drawing serialises the drawing of one page: when many readers ask for a page that is not
	// held (just after a save), one draws it and the others then read it from the cache, instead
	// of every one of them drawing a large page at once.
	drawing [64]sync.Mutex
}

// renderedPage is a page's bytes, compressed once, named by its content.
type renderedPage struct {
	body []byte
	gz   []byte
	etag string
}

// pageCacheBudget bounds the memory that cached pages hold (both forms).
const pageCacheBudget = 32 << 20

const pageSlotKey = "pjsx.pageslot"

type pageSlot struct {
	key     string
	version int64
}

func newPageCache() *pageCache { return &pageCache{items: map[string]*renderedPage{}} }

func (pc *pageCache) get(key string, version int64) *renderedPage {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.version != version {
		pc.version, pc.items, pc.bytes = version, map[string]*renderedPage{}, 0
		return nil
	}
	return pc.items[key]
}

func (pc *pageCache) put(slot pageSlot, p *renderedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.version != slot.version {
		return // the data moved on while this page was drawn
	}
	size := len(p.body) + len(p.gz)
	if size > pageCacheBudget/8 {
		return
	}
	if pc.bytes+size > pageCacheBudget {
		pc.items, pc.bytes = map[string]*renderedPage{}, 0
	}
	pc.items[slot.key] = p
	pc.bytes += size
}

// newRenderedPage compresses a page once and names it by its bytes.
func newRenderedPage(body []byte) *renderedPage {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	return &renderedPage{body: body, gz: buf.Bytes(), etag: contentETag(body)}
}

// contentETag names bytes by their hash.
func contentETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// sendEncoded sends body, or its gzip form when there is one and the browser takes gzip.
func sendEncoded(c echo.Context, status int, ctype string, body, gz []byte) error {
	if gz != nil && strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
		c.Response().Header().Set("Content-Encoding", "gzip")
		return c.Blob(status, ctype, gz)
	}
	return c.Blob(status, ctype, body)
}

// publicPage serves a public page from the cache when it can, and otherwise lets the handler
// draw it and render() keep it.
func (s *Server) publicPage(h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(selfCompressKey, true)
		if c.Request().Method != http.MethodGet || sessionOf(c) != nil {
			return h(c)
		}
		if ck, err := c.Cookie(flashCookie); err == nil && ck.Value != "" {
			return h(c)
		}
		lang, bad := langOf(c)
		if bad != "" {
			return h(c)
		}
		v, err := s.store.Version(c.Request().Context())
		if err != nil {
			return err
		}
		slot := pageSlot{key: lang + "|" + c.Request().URL.RequestURI(), version: v}
		if p := s.pageCache.get(slot.key, v); p != nil {
			return writePage(c, http.StatusOK, p)
		}
		lock := &s.pageCache.drawing[fnv32(slot.key)%uint32(len(s.pageCache.drawing))]
		lock.Lock()
		defer lock.Unlock()
		if p := s.pageCache.get(slot.key, v); p != nil {
			return writePage(c, http.StatusOK, p)
		}
		c.Set(pageSlotKey, slot)
		return h(c)
	}
}

const selfCompressKey = "pjsx.selfcompress"

// compressesItself says whether this request's page compresses its own body (so the gzip
// middleware must leave it alone).
func compressesItself(c echo.Context) bool {
	v, _ := c.Get(selfCompressKey).(bool)
	return v
}

// writePage sends a page with its ETag, as a 304 when the browser has it, gzipped when the
// browser takes gzip.
func writePage(c echo.Context, status int, p *renderedPage) error {
	h := c.Response().Header()
	h.Set("Vary", "Accept-Encoding, Accept-Language, Cookie")
	if status == http.StatusOK {
		h.Set("ETag", p.etag)
		h.Set("Cache-Control", "no-cache")
		if c.Request().Header.Get("If-None-Match") == p.etag {
			return c.NoContent(http.StatusNotModified)
		}
	}
	return sendEncoded(c, status, echo.MIMETextHTMLCharsetUTF8, p.body, p.gz)
}

func fnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
