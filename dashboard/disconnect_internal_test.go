package dashboard

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"pjsx/data/datatest"
	"pjsx/seed"
)

// A reader who leaves before the page is drawn does not fail it for the readers waiting on the
// same build, and is not logged as a server error.
func TestAClientThatLeavesIsNoServerError(t *testing.T) {
	store := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	s, err := New(Config{Store: store, Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for _, target := range []string{"/metrics/cross_border_bus_lines", "/", "/charts/cross_border_bus_lines.png", "/api/v1/metrics/cross_border_bus_lines/series"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil).WithContext(gone))
		if rec.Code >= 500 {
			t.Errorf("GET %s by a client already gone = %d", target, rec.Code)
		}
	}
	if n, _ := s.pageCache.held(); n != 2 {
		t.Errorf("the pages drawn for clients that left are not kept for the next reader: %d held", n)
	}
	if strings.Contains(log.String(), "level=ERROR") {
		t.Errorf("a client leaving is logged as an error:\n%s", log.String())
	}
}

// Work past its deadline answers 504 with a page, not a 500.
func TestWorkPastItsDeadlineIs504(t *testing.T) {
	s := seededServer(t)
	s.e.GET("/test-deadline", func(c echo.Context) error { return context.DeadlineExceeded })
	rec := serveOnce(s, http.MethodGet, "/test-deadline?lang=en")
	if rec.Code != http.StatusGatewayTimeout || !strings.Contains(rec.Body.String(), "took too long") {
		t.Errorf("deadline = %d", rec.Code)
	}
}
