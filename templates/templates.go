// Package templates carries the HTML templates and the browser assets, embedded in the binary so
// the dashboard runs with no internet and no files beside it.
package templates

import "embed"

// FS holds *.html and static/. static/dist is built by `npm run build` (make does it).
//
//go:embed *.html static
var FS embed.FS

// FontPath is the CJK font (Noto Sans SC) inside FS that `npm run build` copies from npm: server
// images and briefings draw Chinese with it, so no system font is needed.
const FontPath = "static/dist/fonts/NotoSansSC-Regular.ttf"
