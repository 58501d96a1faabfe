package dashboard_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"pjsx/data"
)

// TestAuditPageSaysChangesInWords: the audit log shows when in Asia/Shanghai time to the minute
// and what changed as a reader says it (metric, place, period, value, source), not JSON.
func TestAuditPageSaysChangesInWords(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "clerk", data.RoleEditor)
	if r := ed.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"},
		"period": {"2023"}, "value": {"12"}, "source": {"三河市交通运输局"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", r.Code)
	}
	admin := loginAs(t, ts, store, "boss", data.RoleAdmin)
	body := admin.get("/admin/audit?lang=zh").Body
	contains(t, "audit", body, "<code>跨省公交线路 · 三河市 · 2023: 12 · 三河市交通运输局</code>")
	// The record as stored stays one click away, folded.
	contains(t, "audit JSON folded", body, `<details class="audit-stored"><summary>JSON</summary><code>{&#34;`)
	when := regexp.MustCompile(`<time datetime="[^"]+">(\d{4}-\d\d-\d\d \d\d:\d\d)</time>`).FindStringSubmatch(body)
	if when == nil {
		t.Fatalf("no local time to the minute in the audit page")
	}
}
