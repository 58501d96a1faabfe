package dashboard_test

import (
	"strings"
	"testing"
)

// The note beside a metric page's granularity says how a coarser period is made, as the
// aggregation makes it: a count of things opened and a share of GDP take their latest value, a
// flow (visitors over a holiday) sums.
func TestMetricPageSaysHowPeriodsAggregate(t *testing.T) {
	ts, _ := newSeeded(t)
	for code, want := range map[string]string{
		"cross_border_bus_lines": "Cumulative or level figure",
		"pjsx_gdp_share_primary": "Cumulative or level figure",
		"jizhou_mayday_visitors": "Flow figure",
	} {
		body := get(t, ts, "/metrics/"+code+"?lang=en").Body
		if !strings.Contains(body, want) {
			t.Errorf("%s: the page does not say %q", code, want)
		}
	}
}
