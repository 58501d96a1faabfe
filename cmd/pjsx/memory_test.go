package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// peakRSS is the most memory (VmHWM) a process has held, in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc on this system: %v", err)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status)
	if m == nil {
		t.Fatalf("no VmHWM in /proc/%d/status", pid)
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return kb << 10
}

// endless is a request body of n bytes that is never held in memory.
type endless struct{ left int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), e.left)
	for i := range p[:n] {
		p[i] = 'a'
	}
	e.left -= n
	return int(n), nil
}

// TestManyLargeAnonymousRequestsKeepTheServerSmall: junk queries of 60 KB each, 8 MB posts to the
// login form and to the import, many at once, leave the real server under 150 MB of memory.
func TestManyLargeAnonymousRequestsKeepTheServerSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real server")
	}
	srv := startServer(t, filepath.Join(t.TempDir(), "mem.db"))
	junk := strings.Repeat("j", 60<<10)
	client := &http.Client{}
	request := func(i int) {
		var req *http.Request
		switch i % 4 {
		case 0:
			req, _ = http.NewRequest(http.MethodGet, fmt.Sprintf("%s/metrics/cross_border_bus_lines?junk%d=%s", srv.url, i, junk), nil)
		case 1:
			req, _ = http.NewRequest(http.MethodGet, fmt.Sprintf("%s/?from=singlemessage&isappinstalled=0&x%d=%s", srv.url, i, junk), nil)
		case 2:
			req, _ = http.NewRequest(http.MethodPost, srv.url+"/login", &endless{8 << 20})
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		case 3:
			req, _ = http.NewRequest(http.MethodPost, srv.url+"/edit/import", io.MultiReader(
				bytes.NewReader([]byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\n")), &endless{8 << 20}))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
		}
		res, err := client.Do(req)
		if err != nil {
			return // the server may close a connection whose body it refused
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("request %d = %d", i, res.StatusCode)
		}
	}
	var wg sync.WaitGroup
	const workers, each = 16, 25
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				request(w*each + i)
			}
		}()
	}
	wg.Wait()
	peak := peakRSS(t, srv.cmd.Process.Pid)
	t.Logf("%d large anonymous requests: peak RSS %.1f MB", workers*each, float64(peak)/(1<<20))
	if peak > 150<<20 {
		t.Errorf("peak RSS %.1f MB, want under 150 MB", float64(peak)/(1<<20))
	}
}
