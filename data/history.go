package data

import (
	"context"
	"database/sql"
	"fmt"
)

// What the chart model draws beside a metric's figures (issue 12): targets, series breaks,
// alternative reports, and the separate kind of series that plans dates. Each read function
// returns rows in date order; none of them is ever a point of the metric's series.

// Target is a planned value of a metric for one place by a date: the year-end plan of a year
// is Period = that year's first day with Granularity year. Region "" is the joint figure.
type Target struct {
	ID          int64    `json:"id"`
	Metric      string   `json:"metric"`
	Region      string   `json:"region"`
	Period      string   `json:"period"`
	Granularity string   `json:"granularity"`
	Value       float64  `json:"value"`
	Source      string   `json:"source"`
	Citation    Citation `json:"citation,omitzero"`
	Note        string   `json:"note,omitempty"`
}

// SeriesBreak is a change of a series' definition (口径) at Date: points before and after are
// not comparable, so a chart leaves a gap there and marks it with the note.
type SeriesBreak struct {
	ID     int64  `json:"id"`
	Metric string `json:"metric"`
	Region string `json:"region"`
	Date   string `json:"date"`
	NoteZh string `json:"note_zh"`
	NoteEn string `json:"note_en"`
}

// AlternativeReport is another report of a figure, which the series does not draw: a table or
// tooltip names it beside the chosen value. Metric, Region, Period and Granularity name the
// figure it goes with; Reported is the day the other report's value refers to.
type AlternativeReport struct {
	ID          int64    `json:"id"`
	Metric      string   `json:"metric"`
	Region      string   `json:"region"`
	Period      string   `json:"period"`
	Granularity string   `json:"granularity"`
	Value       float64  `json:"value"`
	Qualifier   string   `json:"qualifier"`
	Reported    string   `json:"reported"`
	Source      string   `json:"source"`
	Citation    Citation `json:"citation,omitzero"`
	Note        string   `json:"note,omitempty"`
}

// Key is the figure the report goes with.
func (a AlternativeReport) Key() FigureKey {
	return FigureKey{Metric: a.Metric, Region: a.Region, Period: a.Period, Granularity: a.Granularity}
}

// DatePlan is a series of planned dates (when Line 22 was due to open, as each report said at
// its time), never progress. Actual is the day it happened, once it has.
type DatePlan struct {
	Code            string           `json:"code"`
	Category        string           `json:"category"`
	NameZh          string           `json:"name_zh"`
	NameEn          string           `json:"name_en"`
	DefinitionZh    string           `json:"definition_zh"`
	DefinitionEn    string           `json:"definition_en"`
	Actual          string           `json:"actual,omitempty"`
	ActualPrecision string           `json:"actual_precision,omitempty"`
	Sort            int              `json:"sort"`
	Reports         []DatePlanReport `json:"reports"`
}

// DatePlanReport is one report's planned date: on Reported (to its precision) the plan was
// Planned (to its precision; a year means "within that year").
type DatePlanReport struct {
	ID                int64    `json:"id"`
	Region            string   `json:"region"`
	Reported          string   `json:"reported"`
	ReportedPrecision string   `json:"reported_precision"`
	Planned           string   `json:"planned"`
	PlannedPrecision  string   `json:"planned_precision"`
	Source            string   `json:"source"`
	Citation          Citation `json:"citation,omitzero"`
	Note              string   `json:"note,omitempty"`
}

// Targets lists the targets of one metric, by region then period.
func (s *Store) Targets(ctx context.Context, metric string) ([]Target, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, metric, region, period, granularity, value, source,
		source_outlet, source_title, source_date, source_url, note
		FROM targets WHERE metric = ? ORDER BY region, period, granularity`, metric)
	if err != nil {
		return nil, fmt.Errorf("data.Targets: %w", err)
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		c := &t.Citation
		if err := rows.Scan(&t.ID, &t.Metric, &t.Region, &t.Period, &t.Granularity, &t.Value, &t.Source,
			&c.Outlet, &c.Title, &c.Date, &c.URL, &t.Note); err != nil {
			return nil, fmt.Errorf("data.Targets: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Breaks lists the definition changes of one metric's series, by region then date.
func (s *Store) Breaks(ctx context.Context, metric string) ([]SeriesBreak, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, metric, region, date, note_zh, note_en
		FROM series_breaks WHERE metric = ? ORDER BY region, date`, metric)
	if err != nil {
		return nil, fmt.Errorf("data.Breaks: %w", err)
	}
	defer rows.Close()
	var out []SeriesBreak
	for rows.Next() {
		var b SeriesBreak
		if err := rows.Scan(&b.ID, &b.Metric, &b.Region, &b.Date, &b.NoteZh, &b.NoteEn); err != nil {
			return nil, fmt.Errorf("data.Breaks: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// AlternativeReports lists the other reports of one metric's figures, by region then period.
func (s *Store) AlternativeReports(ctx context.Context, metric string) ([]AlternativeReport, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, metric, region, period, granularity, value, qualifier, reported,
		source, source_outlet, source_title, source_date, source_url, note
		FROM alternative_reports WHERE metric = ? ORDER BY region, period, granularity, id`, metric)
	if err != nil {
		return nil, fmt.Errorf("data.AlternativeReports: %w", err)
	}
	defer rows.Close()
	var out []AlternativeReport
	for rows.Next() {
		var a AlternativeReport
		c := &a.Citation
		if err := rows.Scan(&a.ID, &a.Metric, &a.Region, &a.Period, &a.Granularity, &a.Value, &a.Qualifier, &a.Reported,
			&a.Source, &c.Outlet, &c.Title, &c.Date, &c.URL, &a.Note); err != nil {
			return nil, fmt.Errorf("data.AlternativeReports: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DatePlans lists every plan-of-dates series with its reports in report order.
func (s *Store) DatePlans(ctx context.Context) ([]DatePlan, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, category, name_zh, name_en, definition_zh, definition_en,
		actual, actual_precision, sort FROM date_plans ORDER BY sort, code`)
	if err != nil {
		return nil, fmt.Errorf("data.DatePlans: %w", err)
	}
	var out []DatePlan
	for rows.Next() {
		var p DatePlan
		if err := rows.Scan(&p.Code, &p.Category, &p.NameZh, &p.NameEn, &p.DefinitionZh, &p.DefinitionEn,
			&p.Actual, &p.ActualPrecision, &p.Sort); err != nil {
			rows.Close()
			return nil, fmt.Errorf("data.DatePlans: %w", err)
		}
		p.Reports = []DatePlanReport{}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data.DatePlans: %w", err)
	}
	for i := range out {
		if out[i].Reports, err = s.datePlanReports(ctx, out[i].Code); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DatePlan is one plan-of-dates series with its reports, or ErrNotFound.
func (s *Store) DatePlan(ctx context.Context, code string) (DatePlan, error) {
	plans, err := s.DatePlans(ctx)
	if err != nil {
		return DatePlan{}, err
	}
	for _, p := range plans {
		if p.Code == code {
			return p, nil
		}
	}
	return DatePlan{}, ErrNotFound
}

func (s *Store) datePlanReports(ctx context.Context, code string) ([]DatePlanReport, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, region, reported, reported_precision, planned, planned_precision,
		source, source_outlet, source_title, source_date, source_url, note
		FROM date_plan_reports WHERE plan = ? ORDER BY reported, region, id`, code)
	if err != nil {
		return nil, fmt.Errorf("data.DatePlans: %w", err)
	}
	defer rows.Close()
	out := []DatePlanReport{}
	for rows.Next() {
		var r DatePlanReport
		c := &r.Citation
		if err := rows.Scan(&r.ID, &r.Region, &r.Reported, &r.ReportedPrecision, &r.Planned, &r.PlannedPrecision,
			&r.Source, &c.Outlet, &c.Title, &c.Date, &c.URL, &r.Note); err != nil {
			return nil, fmt.Errorf("data.DatePlans: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Seed writers: the history tables are reference data, written by the seed only (in its
// transaction), each row once (a unique key and DO NOTHING).

func insertTarget(ctx context.Context, tx *sql.Tx, t Target) error {
	c := t.Citation
	_, err := tx.ExecContext(ctx, `INSERT INTO targets (metric, region, period, granularity, value, source,
		source_outlet, source_title, source_date, source_url, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, t.Metric, t.Region, t.Period, t.Granularity, t.Value, t.Source,
		c.Outlet, c.Title, c.Date, c.URL, t.Note)
	if err != nil {
		return fmt.Errorf("data.insertTarget %s/%s/%s: %w", t.Metric, t.Region, t.Period, err)
	}
	return nil
}

func insertBreak(ctx context.Context, tx *sql.Tx, b SeriesBreak) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO series_breaks (metric, region, date, note_zh, note_en)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, b.Metric, b.Region, b.Date, b.NoteZh, b.NoteEn)
	if err != nil {
		return fmt.Errorf("data.insertBreak %s/%s: %w", b.Metric, b.Date, err)
	}
	return nil
}

func insertAlternative(ctx context.Context, tx *sql.Tx, a AlternativeReport) error {
	c := a.Citation
	_, err := tx.ExecContext(ctx, `INSERT INTO alternative_reports (metric, region, period, granularity, value,
		qualifier, reported, source, source_outlet, source_title, source_date, source_url, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, a.Metric, a.Region, a.Period,
		a.Granularity, a.Value, a.Qualifier, a.Reported, a.Source, c.Outlet, c.Title, c.Date, c.URL, a.Note)
	if err != nil {
		return fmt.Errorf("data.insertAlternative %s/%s: %w", a.Metric, a.Period, err)
	}
	return nil
}

func insertDatePlan(ctx context.Context, tx *sql.Tx, p DatePlan) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO date_plans (code, category, name_zh, name_en, definition_zh,
		definition_en, actual, actual_precision, sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		p.Code, p.Category, p.NameZh, p.NameEn, p.DefinitionZh, p.DefinitionEn, p.Actual, p.ActualPrecision, p.Sort)
	if err != nil {
		return fmt.Errorf("data.insertDatePlan %s: %w", p.Code, err)
	}
	for _, r := range p.Reports {
		c := r.Citation
		if _, err := tx.ExecContext(ctx, `INSERT INTO date_plan_reports (plan, region, reported, reported_precision,
			planned, planned_precision, source, source_outlet, source_title, source_date, source_url, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, p.Code, r.Region, r.Reported,
			r.ReportedPrecision, r.Planned, r.PlannedPrecision, r.Source, c.Outlet, c.Title, c.Date, c.URL, r.Note); err != nil {
			return fmt.Errorf("data.insertDatePlan %s %s: %w", p.Code, r.Reported, err)
		}
	}
	return nil
}
