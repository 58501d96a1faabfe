package dashboard

import (
	"sync"

	"pjsx/dashboard/chart/image"
	"pjsx/templates"
)

// chartDrawer is the image drawer with the embedded CJK font, parsed once, so every label of a
// server-drawn image, Chinese or not, has glyphs: no system font is needed, nothing is a box.
var chartDrawer = sync.OnceValues(func() (*image.Drawer, error) { return image.NewDrawer(templates.Font) })
