package dashboard

import (
	"fmt"
	"io/fs"
	"sync"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"

	"pjsx/templates"
)

// chartFontFamily is the name under which the CJK font is installed into go-analyze/charts.
const chartFontFamily = "noto sans sc"

// chartFontPath is where `npm run build` copies Noto Sans SC (see templates/static/src/build.mjs).
const chartFontPath = "static/dist/fonts/NotoSansSC-Regular.ttf"

var (
	chartFontOnce sync.Once
	chartFont     *truetype.Font
	chartFontErr  error
)

// loadChartFont parses the embedded CJK font once and makes it go-analyze/charts' default, so
// every label of a server-rendered image, Chinese or not, is drawn with glyphs that exist: no
// system font is needed and nothing falls back to boxes.
func loadChartFont() (*truetype.Font, error) {
	chartFontOnce.Do(func() {
		body, err := fs.ReadFile(templates.FS, chartFontPath)
		if err != nil {
			chartFontErr = fmt.Errorf("dashboard: chart font %s is missing: run `make assets` (npm ci && npm run build): %w",
				chartFontPath, err)
			return
		}
		if err := charts.InstallFont(chartFontFamily, body); err != nil {
			chartFontErr = fmt.Errorf("dashboard: chart font: %w", err)
			return
		}
		if err := charts.SetDefaultFont(chartFontFamily); err != nil {
			chartFontErr = fmt.Errorf("dashboard: chart font: %w", err)
			return
		}
		chartFont = charts.GetFont(chartFontFamily)
	})
	return chartFont, chartFontErr
}
