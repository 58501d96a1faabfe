package data

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Observation is one revision of one figure. Region "" is the four places together.
type Observation struct {
	ID          int64   `json:"id"`
	Metric      string  `json:"metric"`
	Region      string  `json:"region"`
	Period      string  `json:"period"`
	Granularity string  `json:"granularity"`
	Value       float64 `json:"value"`
	Qualifier   string  `json:"qualifier,omitempty"` // "" exact, QualifierLowerBound or QualifierApprox
	Deleted     bool    `json:"deleted,omitempty"`
	Source      string  `json:"source"`
	// Citation is the source in parts (outlet, title, date, address) where it is known.
	Citation   Citation `json:"citation,omitzero"`
	Note       string   `json:"note,omitempty"`
	Supersedes int64    `json:"supersedes,omitempty"`
	EnteredBy  string   `json:"entered_by"`
	EnteredAt  string   `json:"entered_at"`
	Demo       bool     `json:"demo,omitempty"`
	// Review is where an unpublished revision stands; only Revisions and the review pages fill it.
	Review ReviewNote `json:"-"`
}

// Qualifiers of a figure: how exact its number is, kept apart from the number itself.
const (
	QualifierExact      = ""
	QualifierLowerBound = "lower_bound" // reported as ">", "≥" or "以上"
	QualifierApprox     = "approx"      // reported as "~" or "约"
)

// Qualifiers lists the qualifiers in the order forms offer them.
var Qualifiers = []string{QualifierExact, QualifierLowerBound, QualifierApprox}

// ParseQualifier reads a qualifier as a file or form writes it: its code, or the sign a report
// uses (">", "≥", "以上", "~", "约"). ok is false for anything else.
func ParseQualifier(s string) (q string, ok bool) {
	switch strings.ToLower(strings.TrimSpace(FoldWidth(s))) {
	case "", "exact", "=", "精确":
		return QualifierExact, true
	case QualifierLowerBound, ">", ">=", "≥", "以上", "不少于", "超过", "下限":
		return QualifierLowerBound, true
	case QualifierApprox, "~", "≈", "约", "约为", "大约", "近似":
		return QualifierApprox, true
	}
	return "", false
}

// FigureKey names one figure: its revisions share it. A year figure and a January figure of the
// same metric and region both start on the same day; the granularity tells them apart.
type FigureKey struct {
	Metric      string
	Region      string // "" for the four places together
	Period      string // the first day, YYYY-MM-DD
	Granularity string
}

// Key is the figure this revision belongs to.
func (o Observation) Key() FigureKey {
	return FigureKey{Metric: o.Metric, Region: o.Region, Period: o.Period, Granularity: o.Granularity}
}

// observationColumns is the one select list of an observation row, read by scanObservation. Every
// query names the observations table "o".
const observationColumns = `o.id, o.metric, coalesce(o.region, ''), o.period, o.granularity, coalesce(o.value, 0),
	o.qualifier, o.deleted, o.source, o.source_outlet, o.source_title, o.source_date, o.source_url, o.note,
	coalesce(o.supersedes, 0), o.entered_by, o.entered_at, o.demo`

// figureColumns are what a chart reads of a figure (Series): observationColumns without who
// entered it, when, what it supersedes and whether it is demo data, nor its metric and deleted
// flag, which the query fixes. SQLite's driver takes a lock for every column of every row it
// hands over: a chart of 500 figures reads them in 0.7 of the time (issue 16).
const figureColumns = `o.id, coalesce(o.region, ''), o.period, o.granularity, coalesce(o.value, 0), o.qualifier,
	o.source, o.source_outlet, o.source_title, o.source_date, o.source_url, o.note`

// scanFigure reads a row of figureColumns of metric's figures.
func scanFigure(sc scanner, metric string) (Observation, error) {
	o := Observation{Metric: metric}
	err := sc.Scan(&o.ID, &o.Region, &o.Period, &o.Granularity, &o.Value, &o.Qualifier,
		&o.Source, &o.Citation.Outlet, &o.Citation.Title, &o.Citation.Date, &o.Citation.URL, &o.Note)
	return o, err
}

// withObservationColumns puts observationColumns where a query file says /*observationColumns*/.
func withObservationColumns(query string) string {
	return strings.Replace(query, "/*observationColumns*/", observationColumns, 1)
}

type scanner interface{ Scan(...any) error }

func scanObservation(sc scanner) (Observation, error) {
	var o Observation
	err := sc.Scan(&o.ID, &o.Metric, &o.Region, &o.Period, &o.Granularity, &o.Value, &o.Qualifier, &o.Deleted,
		&o.Source, &o.Citation.Outlet, &o.Citation.Title, &o.Citation.Date, &o.Citation.URL, &o.Note, &o.Supersedes,
		&o.EnteredBy, &o.EnteredAt, &o.Demo)
	return o, err
}

// scanObservations reads every row of rows; where names the caller in errors.
func scanObservations(rows *sql.Rows, where string) ([]Observation, error) {
	defer rows.Close()
	var out []Observation
	for rows.Next() {
		o, err := scanObservation(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return out, nil
}

// SeriesQuery selects the current figures a chart needs.
type SeriesQuery struct {
	Metric  string
	Regions []string // nil: every region and the joint figure; "" in the list: the joint figure
	From    string   // YYYY-MM-DD, inclusive; "" for no lower bound
	To      string   // YYYY-MM-DD, inclusive; "" for no upper bound
	AsOf    string   // YYYY-MM-DD: the figures public at the end of that Shanghai day; "" for now
}

//go:embed queries/Series.sql
var seriesFile string

var (
	seriesSQL     = withFigureColumns(seriesFile)
	seriesAsOfSQL = asOfQuery(seriesSQL)
)

// withFigureColumns puts figureColumns where a query file says /*figureColumns*/.
func withFigureColumns(query string) string {
	return strings.Replace(query, "/*figureColumns*/", figureColumns, 1)
}

//go:embed queries/postgres/Series.sql
var seriesPostgresFile string

var (
	seriesPostgresSQL     = withFigureColumns(seriesPostgresFile)
	seriesPostgresAsOfSQL = asOfPostgresQuery(seriesPostgresSQL)
)

// Series returns the current (newest, not deleted) figures of one metric, ordered by region and
// period, in one indexed query; with AsOf, those public at the end of that day. They carry what
// a chart reads (figureColumns); CurrentFiguresOf has their whole records.
func (s *Store) Series(ctx context.Context, q SeriesQuery) ([]Observation, error) {
	from, to := q.From, q.To
	if from == "" {
		from = "0000-00-00"
	}
	if to == "" {
		to = "9999-99-99"
	}
	regions, _ := json.Marshal(q.Regions)
	args := []any{sql.Named("metric", q.Metric), sql.Named("from", from), sql.Named("to", to),
		sql.Named("all_regions", q.Regions == nil), sql.Named("regions", string(regions))}
	today, twin := seriesSQL, seriesAsOfSQL
	if s.dialect == Postgres {
		today, twin, args = seriesPostgresSQL, seriesPostgresAsOfSQL, append(args, sql.Named("scan_from", periodScanFrom(from)))
	}
	query, args, err := asOfArgs(today, twin, q.AsOf, []string{q.Metric}, args...)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("data.Series: %w", err)
	}
	defer rows.Close()
	var out []Observation
	for rows.Next() {
		o, err := scanFigure(rows, q.Metric)
		if err != nil {
			return nil, fmt.Errorf("data.Series: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data.Series: %w", err)
	}
	return out, nil
}

// CurrentFiguresOf is CurrentFigures of one metric, ordered by region and period: the whole
// records (who entered each and when) for the staff's list.
func (s *Store) CurrentFiguresOf(ctx context.Context, metric string) ([]Observation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+observationColumns+` FROM current_figures c
		JOIN observations o ON o.id = c.observation_id
		WHERE c.metric = ? AND c.deleted = 0
		ORDER BY c.region, c.period, c.granularity`, metric)
	if err != nil {
		return nil, fmt.Errorf("data.CurrentFiguresOf: %w", err)
	}
	return scanObservations(rows, "data.CurrentFiguresOf")
}

// Revisions lists every revision of one figure, newest first, tombstones included.
func (s *Store) Revisions(ctx context.Context, k FigureKey) ([]Observation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+observationColumns+`, `+figureReviewColumns+` FROM observations o
		WHERE o.metric = ? AND o.region IS ? AND o.period = ? AND o.granularity = ? ORDER BY o.id DESC`,
		k.Metric, nullRegion(k.Region), k.Period, k.Granularity)
	if err != nil {
		return nil, fmt.Errorf("data.Revisions: %w", err)
	}
	defer rows.Close()
	var out []Observation
	for rows.Next() {
		var o Observation
		n := &o.Review
		if err := rows.Scan(&o.ID, &o.Metric, &o.Region, &o.Period, &o.Granularity, &o.Value, &o.Qualifier, &o.Deleted,
			&o.Source, &o.Citation.Outlet, &o.Citation.Title, &o.Citation.Date, &o.Citation.URL, &o.Note, &o.Supersedes,
			&o.EnteredBy, &o.EnteredAt, &o.Demo, &n.State, &n.Comment, &n.By, &n.At); err != nil {
			return nil, fmt.Errorf("data.Revisions: %w", err)
		}
		noteFromAction(n)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data.Revisions: %w", err)
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return out, nil
}

func nullRegion(code string) any {
	if code == "" {
		return nil
	}
	return code
}

// FigureInput is a figure as staff enter it. Period is written as ParsePeriod reads it.
type FigureInput struct {
	Metric string
	Region string // "" for the four places together
	Period string
	Value  float64
	// Qualifier is "" (exact), QualifierLowerBound or QualifierApprox.
	Qualifier string
	Source    string
	Citation  Citation // the source in parts, where known; Source stays the text shown
	Note      string
	By        string
	Demo      bool
}

// insertTombstone writes a deleted revision of the figure whose current revision is cur,
// pending (waiting for review) when asked, and returns its id.
func insertTombstone(ctx context.Context, tx *sql.Tx, cur int64, source, by string, pending bool) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO observations
		(metric, region, period, granularity, value, deleted, source, note, supersedes, entered_by, entered_at, pending)
		SELECT metric, region, period, granularity, NULL, 1, ?, '', id, ?, ?, ? FROM observations WHERE id = ? RETURNING id`,
		source, by, now(), pending, cur).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("data.insertTombstone: %w", err)
	}
	return id, nil
}

type current struct {
	id      int64
	deleted bool
}

// currentID is the newest revision of figure k, read through the current_figures index.
func currentID(ctx context.Context, tx *sql.Tx, k FigureKey) (current, error) {
	var c current
	err := tx.QueryRowContext(ctx, `SELECT observation_id, deleted FROM current_figures
		WHERE metric = ? AND region = ? AND period = ? AND granularity = ?`,
		k.Metric, k.Region, k.Period, k.Granularity).Scan(&c.id, &c.deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("data.currentID: %w", err)
	}
	return c, nil
}

// querier is what checks need: a transaction or the reader pool.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// checkedFigure is a figure that passed checkFigure, with its period as stored.
type checkedFigure struct {
	in          FigureInput
	metric      Metric
	day, gran   string
	knownMetric bool
}

func (cf checkedFigure) key() FigureKey {
	return FigureKey{Metric: cf.in.Metric, Region: cf.in.Region, Period: cf.day, Granularity: cf.gran}
}

// checkFigure applies the rules every figure obeys, seeded or entered: a known metric and
// region, a real period not in the future, a value the metric allows, a source. Messages are
// Chinese first, then English. The error is a *ValidationError or an internal one.
func checkFigure(ctx context.Context, q querier, in FigureInput) (checkedFigure, error) {
	m, err := scanMetric(q.QueryRowContext(ctx, `SELECT `+metricColumns+` FROM metrics WHERE code = ?`, in.Metric))
	knownMetric := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return checkedFigure{in: in}, fmt.Errorf("data.checkFigure: %w", err)
	}
	knownRegion := true
	if in.Region != "" {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM regions WHERE code = ?`, in.Region).Scan(&n); err != nil {
			return checkedFigure{in: in}, fmt.Errorf("data.checkFigure: %w", err)
		}
		knownRegion = n > 0
	}
	cf, verr := figureRules(in, m, knownMetric, knownRegion)
	return cf, verr.Err()
}

// figureRules is checkFigure once the metric and region are looked up (an import looks them up
// once for all its rows).
func figureRules(in FigureInput, m Metric, knownMetric, knownRegion bool) (checkedFigure, *ValidationError) {
	cf := checkedFigure{in: in}
	verr := &ValidationError{}
	switch {
	case strings.TrimSpace(in.Metric) == "":
		verr.Add("metric", "指标为必填项 / a metric is required")
	case !knownMetric:
		verr.Add("metric", "指标不存在 / unknown metric")
	default:
		cf.metric, cf.knownMetric = m, true
	}
	if !knownRegion {
		verr.Add("region", "地区不存在 / unknown region")
	}
	var perr error
	cf.day, cf.gran, perr = ParsePeriod(in.Period)
	switch {
	case strings.TrimSpace(in.Period) == "":
		verr.Add("period", "时期为必填项 / a period is required")
	case perr != nil:
		verr.Add("period", "时期格式应为 YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM-DD / "+perr.Error())
	case cf.day > time.Now().UTC().Format("2006-01-02"):
		verr.Add("period", "时期不能在将来 / the period is in the future")
	}
	if cf.knownMetric {
		if msg := checkValue(m, in.Value); msg != "" {
			verr.Add("value", msg)
		}
	}
	if q, ok := ParseQualifier(in.Qualifier); ok {
		cf.in.Qualifier = q
	} else {
		verr.Add("qualifier", "限定应为空(精确)、lower_bound(下限,如“以上”)或 approx(约数) / the qualifier is empty (exact), lower_bound (at least) or approx (about)")
	}
	citationRules(in.Citation, verr)
	cf.in.Source = strings.TrimSpace(in.Source)
	cf.in.Note = strings.TrimSpace(in.Note)
	if cf.in.Source == "" {
		verr.Add("source", "来源为必填项 / a source is required")
	}
	return cf, verr
}

// insertFigure writes a checked figure as the newest revision of its metric, region and period:
// published at once, or pending (waiting for review) when asked.
func insertFigure(ctx context.Context, tx *sql.Tx, cf checkedFigure, pending bool) (Observation, error) {
	in := cf.in
	k := cf.key()
	o := Observation{Metric: in.Metric, Region: in.Region, Period: cf.day, Granularity: cf.gran, Value: in.Value,
		Qualifier: in.Qualifier, Source: in.Source, Citation: in.Citation, Note: in.Note,
		EnteredBy: in.By, EnteredAt: now(), Demo: in.Demo}
	c := o.Citation
	// What it supersedes (the current revision, if any) is looked up by the insert itself: on
	// PostgreSQL every statement of a staff save is a round trip.
	err := tx.QueryRowContext(ctx, `INSERT INTO observations
		(metric, region, period, granularity, value, qualifier, source, source_outlet, source_title, source_date,
		 source_url, note, supersedes, entered_by, entered_at, demo, pending)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
		 (SELECT observation_id FROM current_figures WHERE metric = ? AND region = ? AND period = ? AND granularity = ?),
		 ?, ?, ?, ?) RETURNING id, coalesce(supersedes, 0)`,
		o.Metric, nullRegion(o.Region), o.Period, o.Granularity, o.Value, o.Qualifier, o.Source, c.Outlet, c.Title,
		c.Date, c.URL, o.Note, k.Metric, k.Region, k.Period, k.Granularity,
		o.EnteredBy, o.EnteredAt, o.Demo, pending).Scan(&o.ID, &o.Supersedes)
	if err != nil {
		return Observation{}, fmt.Errorf("data.SaveFigure: %w", err)
	}
	return o, nil
}

// checkValue says why v cannot be a figure of m, or "" when it can.
func checkValue(m Metric, v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "数值须为有限的数 / the value must be a finite number"
	case m.Kind == KindCount && (v < 0 || v != math.Trunc(v)):
		return "计数须为零或正整数 / a count is a whole number, zero or more"
	case m.Kind == KindPercent && (v < 0 || v > 100):
		return "百分比须在0到100之间 / a percent lies between 0 and 100"
	case m.Min != nil && v < *m.Min:
		return fmt.Sprintf("数值低于该指标的下限 %g / below this metric's minimum %g", *m.Min, *m.Min)
	case m.Max != nil && v > *m.Max:
		return fmt.Sprintf("数值高于该指标的上限 %g / above this metric's maximum %g", *m.Max, *m.Max)
	}
	return ""
}

// periodScanFrom is the earliest period start that can overlap from: a period is at most a year
// long. A from that is not a date ("0000-00-00") is its own bound, as in Series.sql.
func periodScanFrom(from string) string {
	t, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return from
	}
	return t.AddDate(-1, 0, 1).Format(time.DateOnly)
}

//go:embed queries/LatestFigures.sql
var latestFiguresFile string

var (
	latestFiguresSQL     = withObservationColumns(latestFiguresFile)
	latestFiguresAsOfSQL = asOfQuery(latestFiguresSQL)
)

//go:embed queries/postgres/LatestFigures.sql
var latestFiguresPostgresFile string

var (
	latestFiguresPostgresSQL     = withObservationColumns(latestFiguresPostgresFile)
	latestFiguresPostgresAsOfSQL = asOfPostgresQuery(latestFiguresPostgresSQL)
)

// LatestFigures returns, for each of the given metrics that has figures, its current figure of
// the newest period (the first region in display order wins a tie), keyed by metric code. asOf
// (YYYY-MM-DD) reads the figures public at the end of that day; "" reads today's.
func (s *Store) LatestFigures(ctx context.Context, metrics []string, asOf string) (map[string]Observation, error) {
	codes, _ := json.Marshal(metrics)
	query, args, err := asOfArgs(s.pick(latestFiguresSQL, latestFiguresPostgresSQL),
		s.pick(latestFiguresAsOfSQL, latestFiguresPostgresAsOfSQL), asOf, metrics, sql.Named("metrics", string(codes)))
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("data.LatestFigures: %w", err)
	}
	defer rows.Close()
	out := map[string]Observation{}
	for rows.Next() {
		o, err := scanObservation(rows)
		if err != nil {
			return nil, fmt.Errorf("data.LatestFigures: %w", err)
		}
		if _, ok := out[o.Metric]; !ok {
			out[o.Metric] = o
		}
	}
	return out, rows.Err()
}
