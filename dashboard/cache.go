package dashboard

import (
	"context"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"pjsx/data"
)

// viewCache keeps built chart models, cards and page data by key, each with what it shows
// (data.Shows) and the data version seen before it was built. An entry is current while nothing
// it shows changed after that version (issue 16): a save of one metric leaves the views of every
// other metric cached, and a view of several metrics is rebuilt from the cached views of its
// unchanged parts. A cached view can never show an old figure.
type viewCache struct {
	mu      sync.Mutex
	entries map[string]cachedEntry
	group   singleflight.Group
	builds  atomic.Int64 // views built, for tests
}

type cachedEntry struct {
	value any
	at    int64 // the data version seen before the build
	shows data.Shows
}

// maxCachedViews bounds the cache: past it, it starts again empty (views are cheap to rebuild;
// memory on an old intranet server is not).
const maxCachedViews = 512

func newViewCache() *viewCache { return &viewCache{entries: map[string]cachedEntry{}} }

// cachedView returns the value built for key while what it shows is unchanged, building it once
// (concurrent requests for the same key wait for one build). build gets a context in which every
// view it reads, and every metric it notes with noteShown, adds to what the built value shows;
// what it shows adds in turn to the view (or page) that asked for it through ctx.
func cachedView[T any](ctx context.Context, s *Server, key string, build func(ctx context.Context) (T, error)) (T, error) {
	var zero T
	c := s.cache
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		v, err := s.store.VersionOf(ctx, e.shows)
		if err != nil {
			return zero, err
		}
		if v <= e.at {
			noteShown(ctx, e.shows)
			return e.value.(T), nil
		}
	}
	at, err := s.store.Version(ctx)
	if err != nil {
		return zero, err
	}
	x, err, _ := c.group.Do(key+"\x00"+strconv.FormatInt(at, 10), func() (any, error) {
		bctx, col := withShown(ctx)
		built, err := build(bctx)
		if err != nil {
			return nil, err
		}
		c.builds.Add(1)
		e := cachedEntry{value: built, at: at, shows: col.shows()}
		c.mu.Lock()
		defer c.mu.Unlock()
		if old, ok := c.entries[key]; !ok || old.at <= at {
			if len(c.entries) >= maxCachedViews {
				c.entries = map[string]cachedEntry{}
			}
			c.entries[key] = e
		}
		return e, nil
	})
	if err != nil {
		return zero, err
	}
	built := x.(cachedEntry)
	noteShown(ctx, built.shows)
	return built.value.(T), nil
}

// shown collects what a view (or a page) being built shows.
type shown struct {
	mu         sync.Mutex
	everything bool
	metrics    map[string]bool
}

type shownKey struct{}

// withShown starts collecting what is built under the returned context shows.
func withShown(ctx context.Context) (context.Context, *shown) {
	col := &shown{metrics: map[string]bool{}}
	return context.WithValue(ctx, shownKey{}, col), col
}

// noteShown records, for the view or page being built under ctx, that it shows sh.
func noteShown(ctx context.Context, sh data.Shows) {
	col, _ := ctx.Value(shownKey{}).(*shown)
	if col == nil {
		return
	}
	col.mu.Lock()
	defer col.mu.Unlock()
	col.everything = col.everything || sh.Everything
	for _, m := range sh.Metrics {
		col.metrics[m] = true
	}
}

// noteMetrics records that the view being built under ctx shows the figures of these metrics.
func noteMetrics(ctx context.Context, metrics ...string) {
	noteShown(ctx, data.Shows{Metrics: metrics})
}

func (col *shown) shows() data.Shows {
	col.mu.Lock()
	defer col.mu.Unlock()
	sh := data.Shows{Everything: col.everything}
	for m := range col.metrics {
		sh.Metrics = append(sh.Metrics, m)
	}
	sort.Strings(sh.Metrics)
	return sh
}

// imageCache keeps rendered chart images by ETag (request and data version), up to a byte budget.
type imageCache struct {
	rendered atomic.Int64 // images drawn, for tests
	mu       sync.Mutex
	bytes    int
	items    map[string][]byte
	group    singleflight.Group
}

// imageCacheBudget bounds the memory rendered images may hold.
const imageCacheBudget = 24 << 20

func newImageCache() *imageCache { return &imageCache{items: map[string][]byte{}} }

// get returns the image for etag, rendering it once when it is not held.
func (c *imageCache) get(etag string, render func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if b, ok := c.items[etag]; ok {
		c.mu.Unlock()
		return b, nil
	}
	c.mu.Unlock()
	x, err, _ := c.group.Do(etag, func() (any, error) {
		b, err := render()
		if err != nil {
			return nil, err
		}
		c.rendered.Add(1)
		c.mu.Lock()
		defer c.mu.Unlock()
		if len(b) <= imageCacheBudget/8 {
			if c.bytes+len(b) > imageCacheBudget {
				c.items, c.bytes = map[string][]byte{}, 0
			}
			c.items[etag] = b
			c.bytes += len(b)
		}
		return b, nil
	})
	if err != nil {
		return nil, err
	}
	return x.([]byte), nil
}
