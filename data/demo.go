package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// DemoSource is the source of every synthetic figure, so none can pass for a real one.
const DemoSource = "演示数据(合成,非真实) / synthetic demo data, not real"

// ErrRealData refuses to put demo history into a database that holds real figures.
var ErrRealData = errors.New("this database holds real figures; demo history goes into a new file")

// DemoOptions shapes the synthetic history.
type DemoOptions struct {
	Months       int   // monthly periods per series, ending with the last full month
	ExtraMetrics int   // synthetic metrics added to the catalog (for load tests at scale)
	Revisions    int   // every this-many figures gets a second revision (0: none)
	Seed         int64 // for reproducible values
}

// MarkDemo flags the database as a demo database, before anything else is loaded into it. It
// refuses when real figures are already there, so real and demo rows never mix.
func (s *Store) MarkDemo(ctx context.Context) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var real int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM observations WHERE demo = 0`).Scan(&real); err != nil {
			return fmt.Errorf("data.MarkDemo: %w", err)
		}
		if real > 0 {
			return ErrRealData
		}
		return setMeta(ctx, tx, "demo", "1")
	})
}

// GenerateDemo writes synthetic monthly history for every metric, every region and the joint
// figure, all in one transaction. Cumulative metrics only grow; flows wander; percents stay in
// 0–100 and counts are whole.
func (s *Store) GenerateDemo(ctx context.Context, o DemoOptions) (int, error) {
	demo, err := s.IsDemo(ctx)
	if err != nil {
		return 0, err
	}
	if !demo {
		return 0, errors.New("data.GenerateDemo: call MarkDemo first")
	}
	if o.Months <= 0 {
		o.Months = 100
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x9e3779b97f4a7c15))
	end := time.Now().UTC()
	start := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -o.Months, 0)
	written := 0
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < o.ExtraMetrics; i++ {
			cat := []string{"mechanism", "ecology", "transport", "industry", "public_services", "healthcare"}[i%6]
			kind := []string{KindCount, KindPercent, KindLength, KindAmount}[i%4]
			unit := map[string][2]string{KindCount: {"个", "items"}, KindPercent: {"%", "%"}, KindLength: {"公里", "km"}, KindAmount: {"万元", "10k yuan"}}[kind]
			m := Metric{Code: fmt.Sprintf("demo_metric_%04d", i+1), Category: cat,
				NameZh: fmt.Sprintf("演示指标 %04d", i+1), NameEn: fmt.Sprintf("Demo metric %04d", i+1),
				UnitZh: unit[0], UnitEn: unit[1], Kind: kind, Cumulative: i%3 != 0, Sort: 1000 + i}
			if kind == KindPercent {
				m.Cumulative, m.Decimals = true, 1
			}
			if _, err := insertMetric(ctx, tx, m); err != nil {
				return err
			}
		}
		metrics, err := queryMetrics(ctx, tx)
		if err != nil {
			return err
		}
		var regions []string
		rows, err := tx.QueryContext(ctx, `SELECT code FROM regions ORDER BY sort, code`)
		if err != nil {
			return fmt.Errorf("data.GenerateDemo: %w", err)
		}
		for rows.Next() {
			var c string
			rows.Scan(&c)
			regions = append(regions, c)
		}
		rows.Close()
		regions = append(regions, "")
		b := &demoBatch{ctx: ctx, tx: tx, at: now()}
		for _, m := range metrics {
			for _, region := range regions {
				level := 0.0
				for month := 0; month < o.Months; month++ {
					v := demoValue(rng, m, &level, month, o.Months)
					period := start.AddDate(0, month, 0).Format("2006-01-02")
					revise := o.Revisions > 0 && (written+1)%o.Revisions == 0
					if err := b.add(m.Code, region, period, v, revise); err != nil {
						return err
					}
					written++
					if revise {
						written++
					}
				}
			}
		}
		return b.flush()
	})
	return written, err
}

func demoValue(rng *rand.Rand, m Metric, level *float64, month, months int) float64 {
	switch {
	case m.Kind == KindPercent:
		*level = math.Min(100, float64(month+1)/float64(months)*100*(0.8+0.2*rng.Float64()))
		return math.Round(*level*10) / 10
	case m.Cumulative:
		if rng.IntN(3) == 0 {
			*level += float64(rng.IntN(3))
		}
		if m.Kind != KindCount {
			return math.Round(*level*10) / 10
		}
		return *level
	default:
		v := float64(rng.IntN(10))
		if m.Kind != KindCount {
			v = math.Round(rng.Float64()*1000) / 10
		}
		return v
	}
}

func queryMetrics(ctx context.Context, tx *sql.Tx) ([]Metric, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+metricColumns+` FROM metrics ORDER BY sort, code`)
	if err != nil {
		return nil, fmt.Errorf("data.queryMetrics: %w", err)
	}
	defer rows.Close()
	var out []Metric
	for rows.Next() {
		m, err := scanMetric(rows)
		if err != nil {
			return nil, fmt.Errorf("data.queryMetrics: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// demoBatch writes demo figures a hundred rows to a statement: the synthetic history of a load
// test is a million rows, and one statement a row spends most of its time crossing into SQLite.
type demoBatch struct {
	ctx     context.Context
	tx      *sql.Tx
	at      string
	args    []any
	revised [][3]string
	stmt    *sql.Stmt
}

const demoBatchRows = 100

func (b *demoBatch) add(metric, region, period string, v float64, revise bool) error {
	b.args = append(b.args, metric, nullRegion(region), period, v)
	if revise {
		b.revised = append(b.revised, [3]string{metric, region, period})
	}
	if len(b.args) == 4*demoBatchRows {
		return b.flush()
	}
	return nil
}

func (b *demoBatch) flush() error {
	if len(b.args) == 0 {
		return nil
	}
	row := "(?, ?, ?, 'month', ?, '" + DemoSource + "', '', NULL, 'demo', '" + b.at + "', 1)"
	rows := len(b.args) / 4
	var stmt *sql.Stmt
	if rows == demoBatchRows && b.stmt != nil {
		stmt = b.stmt
	} else {
		q := `INSERT INTO observations (metric, region, period, granularity, value, source, note, supersedes,
			entered_by, entered_at, demo) VALUES ` + row
		for i := 1; i < rows; i++ {
			q += ", " + row
		}
		var err error
		if stmt, err = b.tx.PrepareContext(b.ctx, q); err != nil {
			return fmt.Errorf("data.GenerateDemo: %w", err)
		}
		if rows == demoBatchRows {
			b.stmt = stmt
		} else {
			defer stmt.Close()
		}
	}
	if _, err := stmt.ExecContext(b.ctx, b.args...); err != nil {
		return fmt.Errorf("data.GenerateDemo: %w", err)
	}
	for _, r := range b.revised {
		if _, err := b.tx.ExecContext(b.ctx, `INSERT INTO observations (metric, region, period, granularity, value,
			source, note, supersedes, entered_by, entered_at, demo)
			SELECT metric, region, period, granularity, value, source, '演示修订 / demo revision', id, 'demo', ?, 1
			FROM observations WHERE metric = ? AND region IS ? AND period = ? AND granularity = 'month'
			ORDER BY id DESC LIMIT 1`,
			b.at, r[0], nullRegion(r[1]), r[2]); err != nil {
			return fmt.Errorf("data.GenerateDemo: %w", err)
		}
	}
	b.args, b.revised = b.args[:0], b.revised[:0]
	return nil
}
