package dashboard

import (
	"fmt"
	"io/fs"
	"sync"

	"pjsx/dashboard/chart/image"
	"pjsx/templates"
)

// chartFontPath is where `npm run build` copies Noto Sans SC (see templates/static/src/build.mjs).
const chartFontPath = "static/dist/fonts/NotoSansSC-Regular.ttf"

// chartDrawer is the image drawer with the embedded CJK font, parsed once, so every label of a
// server-drawn image, Chinese or not, has glyphs: no system font is needed, nothing is a box.
var chartDrawer = sync.OnceValues(func() (*image.Drawer, error) {
	body, err := fs.ReadFile(templates.FS, chartFontPath)
	if err != nil {
		return nil, fmt.Errorf("dashboard: chart font %s is missing: run `make assets` (npm ci && npm run build): %w",
			chartFontPath, err)
	}
	return image.NewDrawer(body)
})
