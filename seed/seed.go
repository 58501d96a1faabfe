// Package seed carries the reference figures of Ping-Ji-San-Xing with their sources and loads
// them into a database. Each file is one release: figures.json the 2024 ten-year article's
// catalog and figures (release 1), history.json the dated history of news reports (release 2:
// HISTORY.md's usable rows, milestones, targets, breaks, other reports, plans of dates and
// every metric's definition). A database records the newest release it holds; loading adds
// only the newer ones and never touches what staff entered.
package seed

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"pjsx/data"
)

var (
	//go:embed figures.json
	figuresJSON []byte
	//go:embed history.json
	historyJSON []byte
)

// By is who the reference figures are entered by in their history.
const By = data.SeedBy

// figure is a figure row of a seed file; cite names its citation.
type figure struct {
	Metric    string  `json:"metric"`
	Region    string  `json:"region"`
	Period    string  `json:"period"`
	Value     float64 `json:"value"`
	Qualifier string  `json:"qualifier"`
	Cite      string  `json:"cite"`
	Source    string  `json:"source"` // release 1: the quoted text; later releases build it from the citation
	Note      string  `json:"note"`
}

type event struct {
	Date       string `json:"date"`
	TitleZh    string `json:"title_zh"`
	TitleEn    string `json:"title_en"`
	Category   string `json:"category"`
	Region     string `json:"region"`
	Cite       string `json:"cite"`
	Source     string `json:"source"`
	OnOrBefore bool   `json:"on_or_before"`
}

type file struct {
	Version      int                        `json:"version"`
	Sources      json.RawMessage            `json:"sources"`
	Citations    map[string]data.Citation   `json:"citations"`
	Regions      []data.Region              `json:"regions"`
	Categories   []data.Category            `json:"categories"`
	Metrics      []data.Metric              `json:"metrics"`
	MetricInfo   map[string]data.MetricInfo `json:"metric_info"`
	Figures      []figure                   `json:"figures"`
	Events       []event                    `json:"events"`
	Alternatives []struct {
		figure
		Reported string `json:"reported"`
	} `json:"alternatives"`
	Targets []figure           `json:"targets"`
	Breaks  []data.SeriesBreak `json:"breaks"`
	Plans   []struct {
		data.DatePlan
		Reports []struct {
			Region   string `json:"region"`
			Reported string `json:"reported"`
			Planned  string `json:"planned"`
			Cite     string `json:"cite"`
			Note     string `json:"note"`
		} `json:"reports"`
	} `json:"date_plans"`
}

// Set parses the embedded reference data, one SeedSet a release, oldest first.
func Set() ([]data.SeedSet, error) {
	first, err := release1()
	if err != nil {
		return nil, err
	}
	second, err := release2(first)
	if err != nil {
		return nil, err
	}
	return []data.SeedSet{first, second}, nil
}

// release1 is figures.json: the source texts as they were first seeded (so an upgrade can tell
// an untouched seeded figure), with their citations.
func release1() (data.SeedSet, error) {
	var f file
	if err := json.Unmarshal(figuresJSON, &f); err != nil {
		return data.SeedSet{}, fmt.Errorf("seed: figures.json: %w", err)
	}
	var texts map[string]string
	if err := json.Unmarshal(f.Sources, &texts); err != nil {
		return data.SeedSet{}, fmt.Errorf("seed: figures.json sources: %w", err)
	}
	expand := func(s string) string {
		for k, v := range texts {
			s = strings.ReplaceAll(s, "{"+k+"}", v)
		}
		return s
	}
	cite := citer(f.Citations, "figures.json")
	set := data.SeedSet{Version: f.Version, Regions: f.Regions, Categories: f.Categories, Metrics: f.Metrics}
	for _, x := range f.Figures {
		c, err := cite(x.Cite)
		if err != nil {
			return set, err
		}
		set.Figures = append(set.Figures, data.FigureInput{Metric: x.Metric, Region: x.Region, Period: x.Period,
			Value: x.Value, Qualifier: x.Qualifier, Source: expand(x.Source), Citation: c, Note: x.Note, By: By})
	}
	for _, e := range f.Events {
		c, err := cite(e.Cite)
		if err != nil {
			return set, err
		}
		set.Events = append(set.Events, data.EventInput{Date: e.Date, TitleZh: e.TitleZh, TitleEn: e.TitleEn,
			Category: e.Category, Region: e.Region, Source: expand(e.Source), Citation: c, By: By})
	}
	return set, nil
}

// release2 is history.json; it also re-cites release 1's figures (first) in databases that hold
// them untouched.
func release2(first data.SeedSet) (data.SeedSet, error) {
	var f file
	if err := json.Unmarshal(historyJSON, &f); err != nil {
		return data.SeedSet{}, fmt.Errorf("seed: history.json: %w", err)
	}
	var cites map[string]data.Citation
	if err := json.Unmarshal(f.Sources, &cites); err != nil {
		return data.SeedSet{}, fmt.Errorf("seed: history.json sources: %w", err)
	}
	cite := citer(cites, "history.json")
	set := data.SeedSet{Version: f.Version, Metrics: f.Metrics, MetricInfo: f.MetricInfo, Breaks: f.Breaks,
		Recite: first.Figures, ReciteEvents: first.Events}
	for _, x := range f.Figures {
		c, err := cite(x.Cite)
		if err != nil {
			return set, err
		}
		set.Figures = append(set.Figures, data.FigureInput{Metric: x.Metric, Region: x.Region, Period: x.Period,
			Value: x.Value, Qualifier: x.Qualifier, Source: SourceText(c), Citation: c, Note: x.Note, By: By})
	}
	for _, x := range f.Alternatives {
		c, err := cite(x.Cite)
		if err != nil {
			return set, err
		}
		day, gran, err := data.ParsePeriod(x.Period)
		if err != nil {
			return set, fmt.Errorf("seed: history.json alternative %s %s: %w", x.Metric, x.Period, err)
		}
		set.Alternatives = append(set.Alternatives, data.AlternativeReport{Metric: x.Metric, Region: x.Region,
			Period: day, Granularity: gran, Value: x.Value, Qualifier: x.Qualifier, Reported: x.Reported,
			Source: SourceText(c), Citation: c, Note: x.Note})
	}
	for _, x := range f.Targets {
		c, err := cite(x.Cite)
		if err != nil {
			return set, err
		}
		day, gran, err := data.ParsePeriod(x.Period)
		if err != nil {
			return set, fmt.Errorf("seed: history.json target %s %s: %w", x.Metric, x.Period, err)
		}
		set.Targets = append(set.Targets, data.Target{Metric: x.Metric, Region: x.Region, Period: day, Granularity: gran,
			Value: x.Value, Source: SourceText(c), Citation: c, Note: x.Note})
	}
	for _, p := range f.Plans {
		plan := p.DatePlan
		plan.Reports = nil
		for _, r := range p.Reports {
			c, err := cite(r.Cite)
			if err != nil {
				return set, err
			}
			rd, rp, err1 := data.ParsePeriod(r.Reported)
			pd, pp, err2 := data.ParsePeriod(r.Planned)
			if err1 != nil || err2 != nil || rp == data.Quarter || pp == data.Quarter {
				return set, fmt.Errorf("seed: history.json plan %s %s → %s: bad date", plan.Code, r.Reported, r.Planned)
			}
			plan.Reports = append(plan.Reports, data.DatePlanReport{Region: r.Region, Reported: rd, ReportedPrecision: rp,
				Planned: pd, PlannedPrecision: pp, Source: SourceText(c), Citation: c, Note: r.Note})
		}
		set.DatePlans = append(set.DatePlans, plan)
	}
	for _, e := range f.Events {
		c, err := cite(e.Cite)
		if err != nil {
			return set, err
		}
		set.Events = append(set.Events, data.EventInput{Date: e.Date, TitleZh: e.TitleZh, TitleEn: e.TitleEn,
			Category: e.Category, Region: e.Region, Source: SourceText(c), Citation: c, OnOrBefore: e.OnOrBefore, By: By})
	}
	return set, nil
}

func citer(cites map[string]data.Citation, file string) func(string) (data.Citation, error) {
	return func(id string) (data.Citation, error) {
		c, ok := cites[id]
		if !ok {
			return c, fmt.Errorf("seed: %s: no citation %q", file, id)
		}
		return c, nil
	}
}

// SourceText is the source line of a seeded figure: the citation in words, and "outlet not
// named" where the report does not name it.
func SourceText(c data.Citation) string {
	if c.Outlet == "" {
		return "(未署名媒体 / outlet not named)" + c.Text()
	}
	return c.Text()
}

// Load puts the reference data into s: the releases it does not hold yet. A second call changes
// nothing.
func Load(ctx context.Context, s *data.Store) (bool, error) {
	set, err := Set()
	if err != nil {
		return false, err
	}
	return s.ApplySeed(ctx, set...)
}
