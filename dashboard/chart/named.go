package chart

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// NamedChart is a chart of the catalog that is not one metric's: several metrics on one axis,
// each its own series, or a metric shown under its own address. The catalog is data
// (named_charts.json), not code.
type NamedChart struct {
	Name    string   `json:"name"`     // its address: /charts/{name}.png, /data/{name}.csv
	TitleZh string   `json:"title_zh"` // its title; "" takes the first metric's name
	TitleEn string   `json:"title_en"`
	Metrics []string `json:"metrics"` // in series order; a series is named "metric · region" when there are several
}

// Catalog is the named charts and the overview's headline charts.
type Catalog struct {
	Charts   []NamedChart    `json:"charts"`
	Overview []OverviewChart `json:"overview"`
}

// OverviewChart is one headline chart of the overview: a metric or a named chart, and the id its
// card has on the page. A chart whose metrics are missing is left out.
type OverviewChart struct {
	Chart string `json:"chart"`
	ID    string `json:"id"`
}

//go:embed named_charts.json
var catalogJSON []byte

// DefaultCatalog is the catalog shipped with the binary.
var DefaultCatalog = mustCatalog(catalogJSON)

func mustCatalog(b []byte) Catalog {
	var c Catalog
	if err := json.Unmarshal(b, &c); err != nil {
		panic(fmt.Sprintf("chart: named_charts.json: %v", err))
	}
	return c
}

// Named is the named chart called name, if there is one.
func (c Catalog) Named(name string) (NamedChart, bool) {
	for _, n := range c.Charts {
		if n.Name == name {
			return n, true
		}
	}
	return NamedChart{}, false
}
