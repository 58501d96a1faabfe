// Package templates carries the HTML templates and the browser assets, embedded in the binary so
// the dashboard runs with no internet and no files beside it.
package templates

import "embed"

// FS holds *.html and static/. static/dist is built by `npm run build` (make does it).
//
//go:embed *.html static
var FS embed.FS

// Font is the CJK font (Noto Sans SC) that `npm run build` copies from npm: server images and
// briefings draw Chinese with it, so no system font is needed. Its 10 MB are read where the
// binary holds them (embed.FS's ReadFile would copy them onto the heap, and the garbage collector
// would let the heap grow twice that before collecting). Nothing writes to it.
//
//go:embed static/dist/fonts/NotoSansSC-Regular.ttf
var Font []byte
