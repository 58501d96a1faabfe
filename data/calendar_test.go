package data_test

import (
	"slices"
	"testing"
	"time"

	"pjsx/data"
)

func TestDueDateAcrossMonthAndYearEnds(t *testing.T) {
	for _, c := range []struct {
		start, freq string
		days        int
		want        string
	}{
		{"2024-01-01", data.Month, 20, "2024-02-20"},
		{"2024-02-01", data.Month, 20, "2024-03-20"}, // leap February ends on the 29th
		{"2023-02-01", data.Month, 0, "2023-02-28"},
		{"2024-12-01", data.Month, 20, "2025-01-20"}, // December's figure is due in the next year
		{"2024-10-01", data.Quarter, 20, "2025-01-20"},
		{"2024-01-01", data.Quarter, 20, "2024-04-20"},
		{"2024-01-01", data.Year, 60, "2025-03-01"},
		{"2023-01-01", data.Year, 60, "2024-02-29"},
	} {
		if got := data.DueDate(c.start, c.freq, c.days); got != c.want {
			t.Errorf("DueDate(%s, %s, %d) = %s, want %s", c.start, c.freq, c.days, got, c.want)
		}
	}
}

func TestDueAcrossMonthAndYearEnds(t *testing.T) {
	for _, c := range []struct {
		name, freq string
		days       int
		last       string
		today      string
		overdue    []string
		next, due  string
	}{
		{"month on its due day is on time", data.Month, 20, "2024-11-01", "2024-12-20", nil, "2024-12-01", "2025-01-20"},
		{"month the day after its due day", data.Month, 20, "2024-10-01", "2024-12-21", []string{"2024-11-01"}, "2024-12-01", "2025-01-20"},
		{"December overdue in January", data.Month, 20, "2024-11-01", "2025-01-21", []string{"2024-12-01"}, "2025-01-01", "2025-02-20"},
		{"two months over the year end", data.Month, 20, "2024-10-01", "2025-01-21", []string{"2024-11-01", "2024-12-01"}, "2025-01-01", "2025-02-20"},
		{"reported ahead: nothing overdue, next after it", data.Month, 20, "2025-01-01", "2025-01-21", nil, "2025-02-01", "2025-03-20"},
		{"never reported counts only the newest due", data.Month, 20, "", "2025-01-21", []string{"2024-12-01"}, "2025-01-01", "2025-02-20"},
		{"quarter Q4 due in January", data.Quarter, 20, "2024-07-01", "2025-01-21", []string{"2024-10-01"}, "2025-01-01", "2025-04-20"},
		{"quarter Q4 on time on its day", data.Quarter, 20, "2024-07-01", "2025-01-20", nil, "2024-10-01", "2025-01-20"},
		{"year due in March", data.Year, 60, "2023-01-01", "2025-02-28", nil, "2024-01-01", "2025-03-01"},
		{"year overdue after its day", data.Year, 60, "2023-01-01", "2025-03-02", []string{"2024-01-01"}, "2025-01-01", "2026-03-01"},
		{"years of silence", data.Year, 60, "2020-01-01", "2025-03-02", []string{"2021-01-01", "2022-01-01", "2023-01-01", "2024-01-01"}, "2025-01-01", "2026-03-01"},
		{"a month figure read in a year metric's period", data.Year, 60, "2024-06-01", "2025-03-02", nil, "2025-01-01", "2026-03-01"},
		{"irregular has no schedule", "irregular", 0, "", "2025-03-02", nil, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := data.Due(c.freq, c.days, c.last, c.today)
			if !slices.Equal(got.Overdue, c.overdue) || got.Next != c.next || got.NextDue != c.due {
				t.Errorf("Due(%s, %d, %q, %s) = %+v, want overdue %v next %s due %s", c.freq, c.days, c.last, c.today, got, c.overdue, c.next, c.due)
			}
		})
	}
}

func TestDueCapsTheOverdueList(t *testing.T) {
	got := data.Due(data.Month, 20, "2000-01-01", "2025-01-21")
	if len(got.Overdue) != data.MaxOverdue || got.Overdue[len(got.Overdue)-1] != "2024-12-01" {
		t.Errorf("overdue = %d periods ending %v", len(got.Overdue), got.Overdue[len(got.Overdue)-1:])
	}
}

func TestTodayIsAShanghaiDay(t *testing.T) {
	// 2024-12-31 17:00 UTC is already New Year's Day in Shanghai.
	if got := data.Today(time.Date(2024, 12, 31, 17, 0, 0, 0, time.UTC)); got != "2025-01-01" {
		t.Errorf("Today = %s", got)
	}
	if got := data.Today(time.Date(2024, 12, 31, 15, 59, 0, 0, time.UTC)); got != "2024-12-31" {
		t.Errorf("Today = %s", got)
	}
}
