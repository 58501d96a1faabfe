package dashboard

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// The public pages (overview, metric, category, milestones, embed) are the same for every
// anonymous reader of one address, language and data version: they carry no per-visitor token.
// pageCache keeps each such page whole, with its gzip form, so a repeat is served like a static
// file. Logged-in staff and pages with a flash message always get a fresh render.
//
// A page is held with what it shows (data.Shows, collected while it was drawn: the metrics of its
// charts and figures) and the data version seen before it was drawn; it is served while nothing
// it shows changed since (issue 16), so a save of one metric leaves every other metric's page
// cached. A page handler behind publicPage reads figures only through chartModel, chartCardOf,
// cachedView or with noteMetrics, so that what it shows is known.
//
// A page is keyed by its path and the query parameters pages read (publicPageParams); any other
// parameter never enters a key, so junk queries cannot fill memory with copies of one page. Keys
// count in the byte budget, and the least recently used page goes first when it is full.
type pageCache struct {
	drawn  atomic.Int64 // pages drawn for the cache, for tests
	mu     sync.Mutex
	budget int // pageCacheBudget; a test sets less
	bytes  int
	items  map[string]*list.Element // of *cachedPage, most recently used at the front
	order  *list.List
	// drawing serialises the drawing of one page: when many readers ask for a page that is not
	// held (just after a save), one draws it and the others then read it from the cache, instead
	// of every one of them drawing a large page at once.
	drawing [64]sync.Mutex
}

type cachedPage struct {
	key   string
	page  *renderedPage
	at    int64 // the data version seen before the page was drawn
	shows data.Shows
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

// pageSlot is a page being drawn for the cache: its key, the data version seen before and what
// it shows, collected while it is drawn.
type pageSlot struct {
	key   string
	at    int64
	shown *shown
}

// publicPageParams are the query parameters the public pages read. The language is part of the
// key already.
var publicPageParams = []string{"regions", "from", "to", "granularity", "view", "category", "region", "asof"}

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
func pageKey(day, lang string, u *url.URL) string {
	return day + "|" + lang + "|" + cleanPath(u.Path) + "?" +
		knownPageQuery(u.Query()).Encode()
}

func newPageCache() *pageCache {
	return &pageCache{budget: pageCacheBudget, items: map[string]*list.Element{}, order: list.New()}
}

func entrySize(key string, p *renderedPage) int {
	return len(key) + len(p.body) + len(p.gz) + len(p.etag) + pageEntryOverhead
}

// get returns the page held under key, whatever its version; the caller checks it is current.
func (pc *pageCache) get(key string) *cachedPage {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el := pc.items[key]
	if el == nil {
		return nil
	}
	pc.order.MoveToFront(el)
	return el.Value.(*cachedPage)
}

// put holds a page drawn for slot, unless a newer one is held already.
func (pc *pageCache) put(slot pageSlot, shows data.Shows, p *renderedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	size := entrySize(slot.key, p)
	if size > pc.budget/8 {
		return
	}
	if el := pc.items[slot.key]; el != nil {
		if el.Value.(*cachedPage).at > slot.at {
			return
		}
		pc.removeLocked(el)
	}
	for pc.bytes+size > pc.budget && pc.order.Len() > 0 {
		pc.removeLocked(pc.order.Back())
	}
	pc.drawn.Add(1)
	pc.items[slot.key] = pc.order.PushFront(&cachedPage{key: slot.key, page: p, at: slot.at, shows: shows})
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

// newRenderedPage compresses a page once and names it by its bytes. Fastest level: the first
// reader after a save waits for it (on a 300 KB overview compress/gzip's level 1 took 1.3 ms,
// level 6 3.5 ms and level 9 9 ms, for 39, 29 and 27 KB; klauspost/compress's level 1 takes 0.6
// of compress/gzip's time for slightly fewer bytes); a page still held a while later is
// compressed again at level 9 (smallerLater), about 30 % fewer bytes for every later reader.
func newRenderedPage(body []byte) *renderedPage {
	return &renderedPage{body: body, gz: gzipped(body, gzip.BestSpeed), etag: contentETag(body)}
}

// gzipped is body compressed at level: gzip.BestSpeed or gzip.BestCompression.
func gzipped(body []byte, level int) []byte {
	pool := &gzipFast
	if level != gzip.BestSpeed {
		pool = &gzipBest
	}
	zw, _ := pool.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(nil, level) // BestSpeed or BestCompression: no error
	}
	defer pool.Put(zw)
	var buf bytes.Buffer
	zw.Reset(&buf)
	zw.Write(body)
	zw.Close()
	return buf.Bytes()
}

// gzipFast and gzipBest keep compressors of the two levels between pages: each holds a few
// hundred KB of tables, which a page drawn after every save would otherwise allocate anew.
var gzipFast, gzipBest sync.Pool

// smallerAfter is how long a page must stay held before it is compressed at the best level: a
// page replaced sooner (its metric saved again and again) is not worth it, and the work would
// only take a core from the readers.
const smallerAfter = time.Second

// smallerLater compresses a page just held under key at gzip's best level, away from the reader
// who drew it and a while later, and holds that form instead while the page is still the one
// held. Held entries are never changed in place (readers use them outside the lock): the new one
// replaces it.
func (pc *pageCache) smallerLater(key string, p *renderedPage) {
	time.AfterFunc(smallerAfter, func() {
		pc.mu.Lock()
		held := pc.items[key]
		still := held != nil && held.Value.(*cachedPage).page == p
		pc.mu.Unlock()
		if !still {
			return
		}
		best := &renderedPage{body: p.body, gz: gzipped(p.body, gzip.BestCompression), etag: p.etag}
		pc.mu.Lock()
		defer pc.mu.Unlock()
		el := pc.items[key]
		if el == nil {
			return
		}
		cp := el.Value.(*cachedPage)
		if cp.page != p || len(best.gz) >= len(p.gz) {
			return
		}
		pc.bytes += len(best.gz) - len(p.gz)
		el.Value = &cachedPage{key: key, page: best, at: cp.at, shows: cp.shows}
	})
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
		if err := s.checkAsOf(c); err != nil {
			return err
		}
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
		ctx := c.Request().Context()
		// The day is part of the key: overdue badges, ages and sentences change at midnight, not
		// only with the data.
		key := pageKey(s.today(), lang, c.Request().URL)
		if p, err := s.currentPage(ctx, key); p != nil || err != nil {
			if err != nil {
				return err
			}
			return writePage(c, http.StatusOK, p)
		}
		lock := &s.pageCache.drawing[fnv32(key)%uint32(len(s.pageCache.drawing))]
		lock.Lock()
		defer lock.Unlock()
		if p, err := s.currentPage(ctx, key); p != nil || err != nil {
			if err != nil {
				return err
			}
			return writePage(c, http.StatusOK, p)
		}
		at, err := s.store.Version(ctx)
		if err != nil {
			return err
		}
		ctx, col := withShown(ctx)
		c.SetRequest(c.Request().WithContext(ctx))
		slot := pageSlot{key: key, at: at, shown: col}
		c.Set(pageSlotKey, slot)
		return h(c)
	}
}

// currentPage is the page held under key if nothing it shows changed since it was drawn.
func (s *Server) currentPage(ctx context.Context, key string) (*renderedPage, error) {
	cp := s.pageCache.get(key)
	if cp == nil {
		return nil, nil
	}
	v, err := s.store.VersionOf(ctx, cp.shows)
	if err != nil || v > cp.at {
		return nil, err
	}
	return cp.page, nil
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
