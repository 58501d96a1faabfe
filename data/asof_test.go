package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pjsx/data"
	"pjsx/data/datatest"
)

// at is an instant written as stored times are (UTC).
func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAsOfCutoffIsShanghaiMidnightInUTC(t *testing.T) {
	for day, want := range map[string]string{
		"2026-11-29": "2026-11-29T16:00:00",
		"2024-12-31": "2024-12-31T16:00:00",
		"2024-02-29": "2024-02-29T16:00:00",
	} {
		if got, err := data.AsOfCutoff(day); err != nil || got != want {
			t.Errorf("AsOfCutoff(%s) = %q, %v; want %q", day, got, err, want)
		}
	}
	for _, bad := range []string{"", "2024-02-30", "2024/01/01", "20240101", "yesterday"} {
		if _, err := data.AsOfCutoff(bad); err == nil {
			t.Errorf("AsOfCutoff(%q) accepted", bad)
		}
	}
}

// TestAsOfReadsWhatWasPublishedByShanghaiMidnight places revisions either side of the end of a
// Shanghai day (16:00 UTC) and reads every as-of read at both days.
func TestAsOfReadsWhatWasPublishedByShanghaiMidnight(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	fig := func(period string, v float64) data.FigureInput {
		return data.FigureInput{Metric: "joint_meetings", Region: "xinglong", Period: period, Value: v, Source: "test", By: "t"}
	}
	// Day 1 (2099-03-01 in Shanghai): the 2098-12 figure is 5, the 2098-11 figure is 3.
	for _, w := range []struct {
		in data.FigureInput
		at string
	}{
		{fig("2098-11", 3), "2099-02-28T20:00:00Z"},
		{fig("2098-12", 5), "2099-03-01T15:59:59.9Z"}, // 23:59:59.9 in Shanghai: still day 1
		{fig("2098-12", 7), "2099-03-01T16:00:00.1Z"}, // 00:00:00.1 on day 2
		{fig("2098-11", 4), "2099-03-01T16:00:00Z"},   // exactly midnight: day 2
	} {
		if _, err := datatest.SaveFigureAt(ctx, s, w.in, at(t, w.at)); err != nil {
			t.Fatal(err)
		}
	}
	value := func(asOf, period string) (float64, bool) {
		obs, err := s.Series(ctx, data.SeriesQuery{Metric: "joint_meetings", Regions: []string{"xinglong"}, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range obs {
			if o.Period == period+"-01" && o.Granularity == data.Month {
				return o.Value, true
			}
		}
		return 0, false
	}
	for _, c := range []struct {
		asOf, period string
		want         float64
		ok           bool
	}{
		{"2099-02-28", "2098-12", 0, false}, // not public yet
		{"2099-02-28", "2098-11", 0, false},
		{"2099-03-01", "2098-11", 3, true},
		{"2099-03-01", "2098-12", 5, true},
		{"2099-03-02", "2098-11", 4, true},
		{"2099-03-02", "2098-12", 7, true},
		{"", "2098-12", 7, true}, // today
	} {
		if got, ok := value(c.asOf, c.period); got != c.want || ok != c.ok {
			t.Errorf("asof %q, %s = %v (%v), want %v (%v)", c.asOf, c.period, got, ok, c.want, c.ok)
		}
	}

	// The newest figure and the one before it, as of each day.
	latest, err := s.LatestFigures(ctx, []string{"joint_meetings"}, "2099-03-01")
	if err != nil {
		t.Fatal(err)
	}
	if o := latest["joint_meetings"]; o.Period != "2098-12-01" || o.Value != 5 {
		t.Errorf("LatestFigures as of day 1 = %+v, want 2098-12 = 5", o)
	}
	prev, err := s.PreviousFigure(ctx, latest["joint_meetings"], "2099-03-01")
	if err != nil || prev.Value != 3 {
		t.Errorf("PreviousFigure as of day 1 = %+v, %v; want 3", prev, err)
	}
	prev, err = s.PreviousFigure(ctx, latest["joint_meetings"], "")
	if err != nil || prev.Value != 4 {
		t.Errorf("PreviousFigure today = %+v, %v; want 4", prev, err)
	}

	// A tombstone hides the figure from its day on, not before.
	if err := datatest.DeleteFigureAt(ctx, s, "joint_meetings", "xinglong", "2098-12", "wrong", "t", at(t, "2099-03-05T01:00:00Z")); err != nil {
		t.Fatal(err)
	}
	if got, ok := value("2099-03-04", "2098-12"); !ok || got != 7 {
		t.Errorf("before the delete: %v (%v), want 7", got, ok)
	}
	if _, ok := value("2099-03-05", "2098-12"); ok {
		t.Error("as of the delete's day the deleted figure is still shown")
	}

	if _, err := s.Series(ctx, data.SeriesQuery{Metric: "joint_meetings", AsOf: "2099-02-30"}); err == nil {
		t.Error("a bad asof day was read")
	} else if verr := (*data.ValidationError)(nil); !errors.As(err, &verr) || verr.Fields["asof"] == "" {
		t.Errorf("a bad asof day: %v, want a message on asof", err)
	}
}

// TestEventsAsOfADay: a milestone counts from the day it was entered.
func TestEventsAsOfADay(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	id, err := s.AddEvent(ctx, data.Actor{Name: "t"}, data.EventInput{Date: "2024-05", TitleZh: "新里程碑", TitleEn: "A new milestone",
		Category: "transport", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	has := func(asOf string) bool {
		events, err := s.Events(ctx, data.EventQuery{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.EventID == id {
				return true
			}
		}
		return false
	}
	if has(data.Today(now.AddDate(0, 0, -1))) {
		t.Error("a milestone entered today is listed as of yesterday")
	}
	if !has(data.Today(now)) || !has("") {
		t.Error("a milestone entered today is missing as of today")
	}
}

// TestAsOfCountsFromTheApproval: a revision saved for review is public from its approval, not
// from its save: as of a day between the two it is not shown.
func TestAsOfCountsFromTheApproval(t *testing.T) {
	ctx := context.Background()
	s, u := reviewWorld(t)
	old, err := datatest.SaveFigureAt(ctx, s, data.FigureInput{Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2021",
		Value: 2, Source: "三河市交通局", By: "t"}, at(t, "2001-01-01T02:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	pending, err := s.ReviseFigure(ctx, as(u["author"]), old.ID, data.FigureEdit{Value: 3, Source: "三河市交通局"})
	if err != nil {
		t.Fatal(err)
	}
	value := func(asOf string) float64 {
		obs, err := s.Series(ctx, data.SeriesQuery{Metric: "cross_border_bus_lines", Regions: []string{"sanhe"}, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range obs {
			if o.Key() == old.Key() {
				return o.Value
			}
		}
		return -1
	}
	if v := value("2099-03-01"); v != 2 {
		t.Errorf("a waiting revision shows as of a later day: %v, want 2", v)
	}
	if err := datatest.PublishAt(ctx, s, pending.ID, "sanhe-reviewer", at(t, "2099-03-02T03:00:00Z")); err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]float64{"2000-12-31": -1, "2099-03-01": 2, "2099-03-02": 3, "": 3} {
		if v := value(day); v != want {
			t.Errorf("as of %q: %v, want %v", day, v, want)
		}
	}
}
