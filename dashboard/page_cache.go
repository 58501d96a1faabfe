package dashboard

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// The public pages (overview, metric, category, milestones, embed) are the same for every
// anonymous reader of one address, language and data version: they carry no per-visitor token.
// pageCache keeps each such page whole, with its gzip form, so a repeat is served like a static
// file. Logged-in staff and pages with a flash message always get a fresh render.
//
// A page is keyed by its path and the query parameters pages read (publicPageParams); any other
// parameter never enters a key, so junk queries cannot fill memory with copies of one page. Keys
// count in the byte budget, and the least recently used page goes first when it is full.
type pageCache struct {
	mu      sync.Mutex
	version int64
	budget  int // pageCacheBudget; a test sets less
	bytes   int
	items   map[string]*list.Element // of *cachedPage, most recently used at the front
	order   *list.List
	// drawing serialises the drawing of one page: when many readers ask for a page that is not
	// held (just after a save), one draws it and the others then read it from the cache, instead
	// of every one of them drawing a large page at once.
	drawing [64]sync.Mutex
}

type cachedPage struct {
	key  string
	page *renderedPage
}

// renderedPage is a page's bytes, compressed once, named by its content.
type renderedPage struct {
	body []byte
	gz   []byte
	etag string
}

// pageCacheBudget bounds the memory that cached pages hold (both forms and their keys).
const pageCacheBudget = 32 << 20

// pageEntryOverhead is what one held page costs beside its key and bytes (map slot, list
// element, headers of slices), so many tiny entries still count.
const pageEntryOverhead = 256

const pageSlotKey = "pjsx.pageslot"

type pageSlot struct {
	key     string
	version int64
}

// publicPageParams are the query parameters the public pages read. The language is part of the
// key already.
var publicPageParams = []string{"regions", "from", "to", "granularity", "view", "category", "region"}

// knownPageQuery keeps the parameters of publicPageParams, so links and keys built from it hold
// nothing a visitor added.
func knownPageQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, name := range publicPageParams {
		if v, ok := q[name]; ok {
			out[name] = v
		}
	}
	return out
}

// pageKey names a public page in the cache. A page speaks of today (its charts' sentences, the
// citation's access date), so yesterday's copy is not today's.
func pageKey(lang string, u *url.URL) string {
	return time.Now().In(shanghai).Format("2006-01-02") + "|" + lang + "|" + cleanPath(u.Path) + "?" +
		knownPageQuery(u.Query()).Encode()
}

func newPageCache() *pageCache {
	return &pageCache{budget: pageCacheBudget, items: map[string]*list.Element{}, order: list.New()}
}

func entrySize(key string, p *renderedPage) int {
	return len(key) + len(p.body) + len(p.gz) + len(p.etag) + pageEntryOverhead
}

func (pc *pageCache) get(key string, version int64) *renderedPage {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.version != version {
		pc.version, pc.bytes = version, 0
		pc.items, pc.order = map[string]*list.Element{}, list.New()
		return nil
	}
	el := pc.items[key]
	if el == nil {
		return nil
	}
	pc.order.MoveToFront(el)
	return el.Value.(*cachedPage).page
}

func (pc *pageCache) put(slot pageSlot, p *renderedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.version != slot.version {
		return // the data moved on while this page was drawn
	}
	size := entrySize(slot.key, p)
	if size > pc.budget/8 {
		return
	}
	if el := pc.items[slot.key]; el != nil {
		pc.removeLocked(el)
	}
	for pc.bytes+size > pc.budget && pc.order.Len() > 0 {
		pc.removeLocked(pc.order.Back())
	}
	pc.items[slot.key] = pc.order.PushFront(&cachedPage{key: slot.key, page: p})
	pc.bytes += size
}

func (pc *pageCache) removeLocked(el *list.Element) {
	cp := pc.order.Remove(el).(*cachedPage)
	delete(pc.items, cp.key)
	pc.bytes -= entrySize(cp.key, cp.page)
}

// held is the number of pages and bytes the cache holds, for tests.
func (pc *pageCache) held() (int, int) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.order.Len(), pc.bytes
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
		rememberLang(c) // a page from the cache remembers the choice as a drawn one does
		v, err := s.store.Version(c.Request().Context())
		if err != nil {
			return err
		}
		// The day is part of the key: overdue badges and the calendar change at midnight, not only
		// with the data.
		slot := pageSlot{key: pageKey(lang, c.Request().URL) + "|" + s.today(), version: v}
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

// noStoreKey marks a response that shows a secret; see noStore.
const noStoreKey = "pjsx.nostore"

// noStore keeps this response out of every cache, the browser's included.
func noStore(c echo.Context) { c.Set(noStoreKey, true) }

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
	if secret, _ := c.Get(noStoreKey).(bool); secret {
		// A page with a secret on it (a one-time password) is kept by no cache and no browser.
		h.Set("Cache-Control", "no-store")
		return sendEncoded(c, status, echo.MIMETextHTMLCharsetUTF8, p.body, p.gz)
	}
	if status == http.StatusOK {
		h.Set("ETag", p.etag)
		h.Set("Cache-Control", "no-cache")
		if etagMatches(c.Request().Header.Get("If-None-Match"), p.etag) {
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
