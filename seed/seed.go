// Package seed carries the reference figures of Ping-Ji-San-Xing with their sources and loads
// them into a new database.
package seed

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"pjsx/data"
)

//go:embed figures.json
var figuresJSON []byte

// By is who the reference figures are entered by in their history.
const By = "seed"

type file struct {
	Version    int               `json:"version"`
	Sources    map[string]string `json:"sources"`
	Regions    []data.Region     `json:"regions"`
	Categories []data.Category   `json:"categories"`
	Metrics    []data.Metric     `json:"metrics"`
	Figures    []struct {
		Metric string  `json:"metric"`
		Region string  `json:"region"`
		Period string  `json:"period"`
		Value  float64 `json:"value"`
		Source string  `json:"source"`
		Note   string  `json:"note"`
	} `json:"figures"`
	Events []struct {
		Date     string `json:"date"`
		TitleZh  string `json:"title_zh"`
		TitleEn  string `json:"title_en"`
		Category string `json:"category"`
		Region   string `json:"region"`
		Source   string `json:"source"`
	} `json:"events"`
}

// Set parses the embedded reference data.
func Set() (data.SeedSet, error) {
	var f file
	if err := json.Unmarshal(figuresJSON, &f); err != nil {
		return data.SeedSet{}, fmt.Errorf("seed: figures.json: %w", err)
	}
	expand := func(s string) string {
		for k, v := range f.Sources {
			s = strings.ReplaceAll(s, "{"+k+"}", v)
		}
		return s
	}
	set := data.SeedSet{Version: f.Version, Regions: f.Regions, Categories: f.Categories, Metrics: f.Metrics}
	for _, x := range f.Figures {
		set.Figures = append(set.Figures, data.FigureInput{Metric: x.Metric, Region: x.Region, Period: x.Period,
			Value: x.Value, Source: expand(x.Source), Note: x.Note, By: By})
	}
	for _, e := range f.Events {
		set.Events = append(set.Events, data.EventInput{Date: e.Date, TitleZh: e.TitleZh, TitleEn: e.TitleEn,
			Category: e.Category, Region: e.Region, Source: expand(e.Source), By: By})
	}
	return set, nil
}

// Load puts the reference data into s once; a second call changes nothing.
func Load(ctx context.Context, s *data.Store) (bool, error) {
	set, err := Set()
	if err != nil {
		return false, err
	}
	return s.ApplySeed(ctx, set)
}
