package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// SeedSet is the reference catalog and figures a new database starts with.
type SeedSet struct {
	Version    int
	Regions    []Region
	Categories []Category
	Metrics    []Metric
	Figures    []FigureInput
	Events     []EventInput
}

// ApplySeed loads set in one transaction unless a seed of this version or newer was already
// loaded, so loading twice changes nothing and never re-adds a figure staff have since deleted.
// It reports whether anything was written.
func (s *Store) ApplySeed(ctx context.Context, set SeedSet) (bool, error) {
	if v, err := s.meta(ctx, "seed_version"); err == nil {
		if n, _ := strconv.Atoi(v); n >= set.Version {
			return false, nil
		}
	}
	demo, err := s.IsDemo(ctx)
	if err != nil {
		return false, err
	}
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		for _, r := range set.Regions {
			if _, err := tx.ExecContext(ctx, `INSERT INTO regions (code, name_zh, name_en, province_zh, province_en, sort)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING`,
				r.Code, r.NameZh, r.NameEn, r.ProvinceZh, r.ProvinceEn, r.Sort); err != nil {
				return fmt.Errorf("data.ApplySeed region %s: %w", r.Code, err)
			}
		}
		for _, c := range set.Categories {
			if _, err := tx.ExecContext(ctx, `INSERT INTO categories (code, name_zh, name_en, sort)
				VALUES (?, ?, ?, ?) ON CONFLICT(code) DO NOTHING`, c.Code, c.NameZh, c.NameEn, c.Sort); err != nil {
				return fmt.Errorf("data.ApplySeed category %s: %w", c.Code, err)
			}
		}
		for _, m := range set.Metrics {
			if err := insertMetric(ctx, tx, m); err != nil {
				return err
			}
		}
		if demo {
			// A demo database gets the catalog only: real figures never sit beside synthetic ones.
			return setMeta(ctx, tx, "seed_version", strconv.Itoa(set.Version))
		}
		for _, f := range set.Figures {
			// A figure staff already entered for the same key wins over the reference one.
			day, gran, err := ParsePeriod(f.Period)
			if err != nil {
				return fmt.Errorf("data.ApplySeed figure %s %s: %w", f.Metric, f.Period, err)
			}
			k := FigureKey{Metric: f.Metric, Region: f.Region, Period: day, Granularity: gran}
			if _, err := currentID(ctx, tx, k); err == nil {
				continue
			}
			if _, err := saveFigure(ctx, tx, f); err != nil {
				return fmt.Errorf("data.ApplySeed figure %s/%s/%s: %w", f.Metric, f.Region, f.Period, err)
			}
		}
		var events int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&events); err != nil {
			return fmt.Errorf("data.ApplySeed: %w", err)
		}
		if events == 0 {
			for _, e := range set.Events {
				if _, err := addEvent(ctx, tx, e); err != nil {
					return fmt.Errorf("data.ApplySeed event %s: %w", e.Date, err)
				}
			}
		}
		return setMeta(ctx, tx, "seed_version", strconv.Itoa(set.Version))
	})
	return err == nil, err
}

func insertMetric(ctx context.Context, tx *sql.Tx, m Metric) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO metrics (code, category, name_zh, name_en, unit_zh, unit_en, kind,
		cumulative, min_value, max_value, target_value, target_date, decimals, description_zh, description_en, headline, sort)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING`,
		m.Code, m.Category, m.NameZh, m.NameEn, m.UnitZh, m.UnitEn, m.Kind, m.Cumulative, m.Min, m.Max, m.Target,
		nullIfEmpty(m.TargetDate), m.Decimals, m.DescriptionZh, m.DescriptionEn, m.Headline, m.Sort)
	if err != nil {
		return fmt.Errorf("data.insertMetric %s: %w", m.Code, err)
	}
	return nil
}
