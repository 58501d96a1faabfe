package dashboard_test

import (
	"os"
	"strings"
	"testing"
)

// TestStylesheetBlocksClose: every block of the stylesheet closes, so no rule meant for every
// screen ends up inside a phone-only media query (as a merge once left the figure cards).
func TestStylesheetBlocksClose(t *testing.T) {
	css, err := os.ReadFile("../templates/static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for i, line := range strings.Split(string(css), "\n") {
		depth += strings.Count(line, "{") - strings.Count(line, "}")
		if depth < 0 {
			t.Fatalf("app.css line %d closes a block that is not open", i+1)
		}
		if depth > 0 && strings.HasPrefix(line, "/*") {
			t.Errorf("app.css line %d: a top-level comment inside an open block: %q", i+1, line)
		}
	}
	if depth != 0 {
		t.Errorf("app.css ends with %d block(s) open", depth)
	}
}
