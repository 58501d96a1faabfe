package dashboard

import (
	"fmt"
	"net/url"
	"strings"

	"pjsx/dashboard/chart"
)

// parsePublicURL checks --public-url: an absolute http(s) address, perhaps with a path prefix,
// without query or fragment. It returns it without its trailing slash, "" when none is given.
// Permalinks are built on it and never on a request's Host header, which any client may set.
func parsePublicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("public URL %q: must be an absolute http:// or https:// address", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("public URL %q: must have no query, fragment or user name", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// permalink is where a path of this dashboard can be found again: the public URL and the path,
// or the path alone when the server knows no public address.
func (s *Server) permalink(path string) string { return s.publicURL + path }

// viewPath is the page of a chart's view with its canonical query: a metric's page, or, for a
// named chart (not one metric's, so without a page of its own), its image.
func viewPath(m chart.Model) string {
	q := readableQuery(m.Query)
	if m.Named {
		return "/charts/" + url.PathEscape(m.Chart) + "." + formatSVG + "?" + q
	}
	return "/metrics/" + url.PathEscape(m.Chart) + "?" + q
}
