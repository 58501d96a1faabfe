package dashboard

import (
	"context"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// viewCache keeps built chart options and page data by request for one data version. A write
// bumps the version (data.Store.Tx), and the first request that sees the new version empties the
// cache, so a cached view can never show an old figure.
type viewCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]any
	group   singleflight.Group
}

// maxCachedViews bounds the cache: past it, it starts again empty (views are cheap to rebuild;
// memory on an old intranet server is not).
const maxCachedViews = 512

func newViewCache() *viewCache { return &viewCache{entries: map[string]any{}} }

// cachedView returns the value built for key at the current data version, building it once
// (concurrent requests for the same key wait for one build).
func cachedView[T any](ctx context.Context, s *Server, key string, build func() (T, error)) (T, error) {
	var zero T
	v, err := s.store.Version(ctx)
	if err != nil {
		return zero, err
	}
	c := s.cache
	c.mu.Lock()
	if c.version != v {
		c.version, c.entries = v, map[string]any{}
	}
	if x, ok := c.entries[key]; ok {
		c.mu.Unlock()
		return x.(T), nil
	}
	c.mu.Unlock()
	x, err, _ := c.group.Do(key+"\x00"+strconv.FormatInt(v, 10), func() (any, error) {
		built, err := build()
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.version == v {
			if len(c.entries) >= maxCachedViews {
				c.entries = map[string]any{}
			}
			c.entries[key] = built
		}
		return built, nil
	})
	if err != nil {
		return zero, err
	}
	return x.(T), nil
}

// imageCache keeps rendered chart images by ETag (request and data version), up to a byte budget.
type imageCache struct {
	mu    sync.Mutex
	bytes int
	items map[string][]byte
	group singleflight.Group
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
