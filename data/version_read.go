package data

import (
	"context"
	"sync"
	"time"
)

// sharedRead lets the requests of one server share reads of the data version on PostgreSQL,
// where, while the listener is down or once it announced a write (version_listen.go), each request
// needs a read of the database that started after it arrived (another server may have written).
// A request waits for a read that starts after it arrived, so it never sees a version older than
// the newest committed before it came; requests that arrive while a read is in flight all wait for
// the next one, which starts when that read ends. Under load the database answers one version
// read at a time, not one per request.
type sharedRead struct {
	mu      sync.Mutex
	pending *versionRead // the read requests join until it starts
	running bool         // a goroutine is reading
}

type versionRead struct {
	done    chan struct{}
	n       int64
	err     error
	waiters int
}

// get returns the result of a call of read that started after get was called.
func (r *sharedRead) get(ctx context.Context, read func(context.Context) (int64, error)) (int64, error) {
	r.mu.Lock()
	rd := r.pending
	if rd == nil {
		rd = &versionRead{done: make(chan struct{})}
		r.pending = rd
	}
	rd.waiters++
	if !r.running {
		r.running = true
		go r.loop(read)
	}
	r.mu.Unlock()
	select {
	case <-rd.done:
		return rd.n, rd.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// loop reads for the pending requests until none are waiting.
func (r *sharedRead) loop(read func(context.Context) (int64, error)) {
	for {
		r.mu.Lock()
		rd := r.pending
		r.pending = nil
		if rd == nil {
			r.running = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		// Every request waiting on rd arrived before this read starts.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		rd.n, rd.err = read(ctx)
		cancel()
		close(rd.done)
	}
}

// waiting is how many requests wait for the read that has not started (for tests).
func (r *sharedRead) waiting() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending == nil {
		return 0
	}
	return r.pending.waiters
}
