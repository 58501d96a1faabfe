package chart

import (
	"reflect"
	"testing"

	"pjsx/data"
)

// A region's figures make one series whether the store gives them one after another (a window
// of them, not copied) or mixed with other regions' (copied), and splitting never changes the
// figures it was given.
func TestSeriesByRegionTakesFiguresInAnyOrder(t *testing.T) {
	regions := []data.Region{{Code: "pinggu", Sort: 1}, {Code: "sanhe", Sort: 3}}
	fig := func(region, period string) data.Observation {
		return data.Observation{Region: region, Period: period, Granularity: data.Year, Value: 1}
	}
	grouped := []data.Observation{fig("", "2023"), fig("pinggu", "2023"), fig("pinggu", "2024"), fig("sanhe", "2024")}
	mixed := []data.Observation{fig("pinggu", "2023"), fig("", "2023"), fig("sanhe", "2024"), fig("pinggu", "2024")}
	want := map[string][]string{JointCode: {"2023"}, "pinggu": {"2023", "2024"}, "sanhe": {"2024"}}
	for name, obs := range map[string][]data.Observation{"grouped": grouped, "mixed": mixed} {
		before := append([]data.Observation(nil), obs...)
		split := seriesByRegion(obs, regions, LangZh)
		got := map[string][]string{}
		var order []string
		for _, s := range split {
			order = append(order, s.Region)
			for _, o := range s.obs {
				if o.Region != s.obs[0].Region {
					t.Errorf("%s: %s holds a figure of %q", name, s.Region, o.Region)
				}
				got[s.Region] = append(got[s.Region], o.Period)
			}
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(order, []string{"pinggu", "sanhe", JointCode}) {
			t.Errorf("%s: series %v in order %v, want %v", name, got, order, want)
		}
		if !reflect.DeepEqual(obs, before) {
			t.Errorf("%s: splitting changed the figures it was given: %v", name, obs)
		}
	}
}
