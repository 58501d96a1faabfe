package dashboard

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
)

// TestASaveRebuildsOnlyWhatShowsItsMetric (issue 16): a save of metric A leaves metric B's
// cached page, model and image served from the cache, and A's next page, the overview and A's
// image show the new figure, after a form save, a restore, an import and another process's write.
func TestASaveRebuildsOnlyWhatShowsItsMetric(t *testing.T) {
	ctx := context.Background()
	s := seededServer(t)
	const a, b = "cross_border_bus_lines", "tourism_routes"
	page := func(path string) *http.Response {
		t.Helper()
		rec := serveOnce(s, http.MethodGet, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s = %d", path, rec.Code)
		}
		return rec.Result()
	}
	body := func(path string) string {
		t.Helper()
		return serveOnce(s, http.MethodGet, path).Body.String()
	}
	bPage, bImage, aPage := "/metrics/"+b+"?lang=zh", "/charts/"+b+".png", "/metrics/"+a+"?lang=zh"
	bETag, bImageETag := page(bPage).Header.Get("ETag"), page(bImage).Header.Get("ETag")
	page(aPage)
	page("/?lang=zh")
	page("/charts/" + a + ".png")

	saves := []struct {
		name, text string
		save       func() error
	}{
		{"form save", "一次保存", func() error {
			_, err := s.store.AddFigure(ctx, data.Actor{Name: "t"}, data.FigureInput{Metric: a, Region: "pinggu", Period: "2019",
				Value: 7, Source: "一次保存", By: "t"})
			return err
		}},
		{"import", "一次导入", func() error {
			_, err := s.store.ImportFigures(ctx, data.Actor{Name: "t"}, []data.ImportRow{{Line: 2, Metric: a, Region: "jizhou",
				Period: "2019", Value: "8", Source: "一次导入"}}, func(string) bool { return true }, true)
			return err
		}},
		{"another process", "另一进程", func() error {
			_, err := datatest.SaveFigure(ctx, s.store, data.FigureInput{Metric: a, Region: "xinglong", Period: "2019",
				Value: 9, Source: "另一进程", By: "t"})
			return err
		}},
	}
	for _, sv := range saves {
		drawn, built, rendered := s.pageCache.drawn.Load(), s.cache.builds.Load(), s.images.rendered.Load()
		if err := sv.save(); err != nil {
			t.Fatalf("%s: %v", sv.name, err)
		}
		if r := page(bPage); r.Header.Get("ETag") != bETag {
			t.Errorf("%s of %s changed %s's page", sv.name, a, b)
		}
		if r := page(bImage); r.Header.Get("ETag") != bImageETag {
			t.Errorf("%s of %s changed %s's image", sv.name, a, b)
		}
		if d, v, i := s.pageCache.drawn.Load()-drawn, s.cache.builds.Load()-built, s.images.rendered.Load()-rendered; d+v+i != 0 {
			t.Errorf("%s of %s: %s's page and image drew %d pages, built %d views, drew %d images; want all from the cache",
				sv.name, a, b, d, v, i)
		}
		if !strings.Contains(body(aPage), sv.text) {
			t.Errorf("after the %s, %s's page does not show the new figure", sv.name, a)
		}
		if s.pageCache.drawn.Load() == drawn {
			t.Errorf("after the %s, %s's page was not drawn anew", sv.name, a)
		}
		if rendered := s.images.rendered.Load(); page("/charts/"+a+".png") == nil || s.images.rendered.Load() != rendered+1 {
			t.Errorf("after the %s, %s's image was not drawn anew", sv.name, a)
		}
	}
	// A restore writes an earlier revision anew: the page shows the figure it restores.
	cur, err := s.store.CurrentFigure(ctx, a, "pinggu", "2019")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.ReviseFigure(ctx, data.Actor{Name: "t"}, cur.ID, data.FigureEdit{Value: 70, Source: "一次修改"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body(aPage), "一次修改") {
		t.Error("after an edit the page does not show it")
	}
	if _, err := s.store.RestoreRevision(ctx, data.Actor{Name: "t"}, cur.ID); err != nil {
		t.Fatal(err)
	}
	if got := body(aPage); !strings.Contains(got, "一次保存") || strings.Contains(got, "一次修改") {
		t.Error("after a restore the page does not show the restored figure alone")
	}
	// Anything that is not a figure (an event) changes every page.
	if _, err := s.store.AddEvent(ctx, data.Actor{Name: "t"}, data.EventInput{Date: "2024-05", TitleZh: "新的里程碑", Source: "s"}); err != nil {
		t.Fatal(err)
	}
	drawn := s.pageCache.drawn.Load()
	if page(bPage); s.pageCache.drawn.Load() != drawn+1 {
		t.Error("after an event a metric page was served from the cache")
	}
	if !strings.Contains(body("/?lang=zh"), "新的里程碑") {
		t.Error("an event is missing from the overview")
	}
}
