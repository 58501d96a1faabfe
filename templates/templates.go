// Package templates carries the HTML templates and the browser assets, embedded in the binary so
// the dashboard runs with no internet and no files beside it.
package templates

import "embed"

// FS holds *.html and static/. static/dist is built by `npm run build` (make does it).
//
//go:embed *.html static
var FS embed.FS
