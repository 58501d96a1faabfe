package echarts

import (
	"encoding/json"
	"fmt"

	"pjsx/dashboard/chart"
)

// DescribedJSON is JSON with the chart's ARIA description set to description (the chart's
// summary sentences): ECharts makes it the chart element's aria-label, so what a screen reader
// says, the caption under the chart and the image's alt text are one text. An empty description
// keeps the model's own (chart.Describe).
func DescribedJSON(m chart.Model, file, description string) ([]byte, error) {
	island := Build(m, file)
	if description != "" {
		island.Option["aria"] = aria(m, description)
	}
	b, err := json.Marshal(island)
	if err != nil {
		return nil, fmt.Errorf("echarts: %s: %w", m, err)
	}
	return b, nil
}
