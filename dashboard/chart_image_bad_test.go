package dashboard_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestExportsRefuseBadInput(t *testing.T) {
	ts, _ := newSeeded(t)
	for _, tc := range []struct {
		path     string
		wantCode int
		wantBody string
	}{
		{"/charts/no_such_metric.png", http.StatusNotFound, ""},
		{"/data/no_such_metric.csv", http.StatusNotFound, ""},
		{"/charts/cross_border_bus_lines.gif", http.StatusBadRequest, "format"},
		{"/charts/cross_border_bus_lines", http.StatusBadRequest, "format"},
		{"/data/cross_border_bus_lines.json", http.StatusBadRequest, "format"},
		{"/charts/cross_border_bus_lines.png" + q("width", "100000000"), http.StatusBadRequest, "width"},
		{"/charts/cross_border_bus_lines.png" + q("width", "199"), http.StatusBadRequest, "width"},
		{"/charts/cross_border_bus_lines.png" + q("width", "abc"), http.StatusBadRequest, "width"},
		{"/charts/cross_border_bus_lines.png" + q("width", "-5"), http.StatusBadRequest, "width"},
		{"/charts/cross_border_bus_lines.png" + q("height", "2001"), http.StatusBadRequest, "height"},
		{"/charts/cross_border_bus_lines.png" + q("height", "1e9"), http.StatusBadRequest, "height"},
		{"/charts/cross_border_bus_lines.svg" + q("scale", "4"), http.StatusBadRequest, "scale"},
		{"/charts/cross_border_bus_lines.png" + q("scale", "1.5"), http.StatusBadRequest, "scale"},
		{"/charts/cross_border_bus_lines.png" + q("width", "3000", "height", "2000", "scale", "3"), http.StatusBadRequest, "scale"},
		{"/charts/cross_border_bus_lines.png" + q("regions", "beijing"), http.StatusBadRequest, "regions"},
		{"/charts/cross_border_bus_lines.png" + q("from", "2024-13"), http.StatusBadRequest, "from"},
		{"/data/cross_border_bus_lines.xlsx" + q("to", "yesterday"), http.StatusBadRequest, "to"},
		{"/data/cross_border_bus_lines.csv" + q("granularity", "week"), http.StatusBadRequest, "granularity"},
		{"/charts/cross_border_bus_lines.svg" + q("lang", "fr"), http.StatusBadRequest, "lang"},
		{"/export/pack.zip", http.StatusBadRequest, ""}, // the form again (TestExportFormShownAgainWhenNothingPicked)
		{"/export/pack.zip" + q("metrics", "cross_border_bus_lines", "view.cross_border_bus_lines", "pie"), http.StatusBadRequest, "view.cross_border_bus_lines"},
		{"/export/print" + q("metrics", "cross_border_bus_lines", "view.cross_border_bus_lines", "progress"), http.StatusBadRequest, "view.cross_border_bus_lines"},
		{"/export/pack.zip" + q("metrics", "cross_border_bus_lines,nope"), http.StatusBadRequest, "metrics"},
		{"/export/print" + q("metrics", "nope"), http.StatusBadRequest, "metrics"},
		{"/export/pack.zip" + q("metrics", "cross_border_bus_lines", "width", "x"), http.StatusBadRequest, "width"},
		{"/export" + q("from", "soon"), http.StatusBadRequest, "from"},
	} {
		r := get(t, ts, tc.path)
		if r.Code != tc.wantCode {
			t.Errorf("%s = %d, want %d", tc.path, r.Code, tc.wantCode)
			continue
		}
		if tc.wantBody != "" && !strings.Contains(r.Body, tc.wantBody+":") {
			t.Errorf("%s: the message does not name %q", tc.path, tc.wantBody)
		}
	}
}
