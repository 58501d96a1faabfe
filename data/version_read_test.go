package data

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// A request that arrives while a version read is in flight never takes that read's answer: the
// database may have moved on since it started. It waits for the next read, which it shares with
// every other request that arrived meanwhile.
func TestSharedVersionReadStartsAfterTheRequest(t *testing.T) {
	var r sharedRead
	var committed, reads atomic.Int64
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	read := func(context.Context) (int64, error) {
		n := committed.Load() // what a query starting now sees
		if reads.Add(1) == 1 {
			started <- struct{}{}
			<-release // the first read is slow
		}
		return n, nil
	}
	first := make(chan int64)
	go func() {
		n, _ := r.get(context.Background(), read)
		first <- n
	}()
	<-started
	committed.Store(1) // another server saves while the first read is in flight
	var wg sync.WaitGroup
	later := make([]int64, 8)
	for i := range later {
		wg.Add(1)
		go func() {
			defer wg.Done()
			later[i], _ = r.get(context.Background(), read)
		}()
	}
	for r.waiting() < len(later) { // the eight have joined the next read
		runtime.Gosched()
	}
	close(release)
	if n := <-first; n != 0 {
		t.Errorf("the first request saw %d; its read started before the save", n)
	}
	wg.Wait()
	for i, n := range later {
		if n != 1 {
			t.Errorf("request %d, which came after the save, saw version %d", i, n)
		}
	}
	if got := reads.Load(); got != 2 {
		t.Errorf("%d reads for nine requests; want 2 (the eight later ones share one)", got)
	}
}
