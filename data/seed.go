package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// SeedSet is one release of the reference data: the catalog, figures, milestones and history
// that release added. A database records the newest release it holds (meta seed_version), and
// ApplySeed writes only the releases after it, so loading twice changes nothing and an upgraded
// database gets exactly what is new.
type SeedSet struct {
	Version    int
	Regions    []Region
	Categories []Category
	Metrics    []Metric // new metrics, added unless the code is taken
	Figures    []FigureInput
	Events     []EventInput

	// MetricInfo fills the metadata of metrics by code where the database has none yet, so a
	// definition an admin has written stays.
	MetricInfo map[string]MetricInfo
	// Recite are figures of earlier releases as the seed now cites them (citation in parts,
	// qualifier). A figure whose current revision is still the seed's own, with the same value
	// and source text, gets a new revision with them; a figure staff entered or edited is left.
	Recite       []FigureInput
	ReciteEvents []EventInput // the same for milestones: matched by date, Chinese title and source text
	Targets      []Target
	Breaks       []SeriesBreak
	Alternatives []AlternativeReport
	DatePlans    []DatePlan
}

// SeedBy is who seeded revisions are entered by.
const SeedBy = "seed"

// ApplySeed loads, in one transaction, every release newer than the database's seed version, in
// order. It never re-adds a figure staff have deleted, never changes one they entered or edited,
// and leaves a demo database with the catalog only. It reports whether anything was written.
func (s *Store) ApplySeed(ctx context.Context, releases ...SeedSet) (bool, error) {
	have := 0
	if v, err := s.meta(ctx, "seed_version"); err == nil {
		have, _ = strconv.Atoi(v)
	}
	var todo []SeedSet
	for _, r := range releases {
		if r.Version > have {
			todo = append(todo, r)
		}
	}
	if len(todo) == 0 {
		return false, nil
	}
	demo, err := s.IsDemo(ctx)
	if err != nil {
		return false, err
	}
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		for _, r := range todo {
			if err := applyRelease(ctx, tx, r, demo); err != nil {
				return err
			}
			if err := setMeta(ctx, tx, "seed_version", strconv.Itoa(r.Version)); err != nil {
				return err
			}
		}
		return nil
	})
	return err == nil, err
}

func applyRelease(ctx context.Context, tx *sql.Tx, set SeedSet, demo bool) error {
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
		if _, err := insertMetric(ctx, tx, m); err != nil {
			return err
		}
	}
	for code, info := range set.MetricInfo {
		if err := fillMetricInfo(ctx, tx, code, info); err != nil {
			return err
		}
	}
	for _, p := range set.DatePlans {
		if demo {
			p.Reports = nil // the plans' names only: no real reports beside synthetic figures
		}
		if err := insertDatePlan(ctx, tx, p); err != nil {
			return err
		}
	}
	if demo {
		// A demo database gets the catalog only: real figures never sit beside synthetic ones.
		return nil
	}
	for _, f := range set.Figures {
		cf, err := checkFigure(ctx, tx, f)
		if err != nil {
			return fmt.Errorf("data.ApplySeed figure %s/%s/%s: %w", f.Metric, f.Region, f.Period, err)
		}
		// A figure staff already entered for the same key wins over the reference one, and one
		// they deleted stays deleted.
		if _, err := currentID(ctx, tx, cf.key()); err == nil {
			continue
		}
		if _, err := insertFigure(ctx, tx, cf, false); err != nil {
			return fmt.Errorf("data.ApplySeed figure %s/%s/%s: %w", f.Metric, f.Region, f.Period, err)
		}
	}
	for _, f := range set.Recite {
		if err := reciteFigure(ctx, tx, f); err != nil {
			return err
		}
	}
	for _, e := range set.ReciteEvents {
		if err := reciteEvent(ctx, tx, e); err != nil {
			return err
		}
	}
	if set.Version <= 1 {
		// The first release's milestones went into an empty table only.
		var events int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&events); err != nil {
			return fmt.Errorf("data.ApplySeed: %w", err)
		}
		if events > 0 {
			set.Events = nil
		}
	}
	for _, e := range set.Events {
		if err := checkEvent(ctx, tx, &e); err != nil {
			return fmt.Errorf("data.ApplySeed event %s %s: %w", e.Date, e.TitleEn, err)
		}
		if _, err := addEvent(ctx, tx, e, false); err != nil {
			return fmt.Errorf("data.ApplySeed event %s: %w", e.Date, err)
		}
	}
	for _, t := range set.Targets {
		if err := insertTarget(ctx, tx, t); err != nil {
			return err
		}
	}
	for _, b := range set.Breaks {
		if err := insertBreak(ctx, tx, b); err != nil {
			return err
		}
	}
	for _, a := range set.Alternatives {
		if err := insertAlternative(ctx, tx, a); err != nil {
			return err
		}
	}
	return nil
}

// fillMetricInfo writes each metadata field of metric code that is still empty, and the scopes
// of places that have none.
func fillMetricInfo(ctx context.Context, tx *sql.Tx, code string, info MetricInfo) error {
	changed := int64(0)
	for col, v := range map[string]string{
		"definition_zh": info.DefinitionZh, "definition_en": info.DefinitionEn, "frequency": info.Frequency,
		"reporter_zh": info.ReporterZh, "reporter_en": info.ReporterEn, "notes_zh": info.NotesZh, "notes_en": info.NotesEn,
	} {
		if v == "" {
			continue
		}
		res, err := tx.ExecContext(ctx, `UPDATE metrics SET `+col+` = ? WHERE code = ? AND `+col+` = ''`, v, code)
		if err != nil {
			return fmt.Errorf("data.ApplySeed metric info %s.%s: %w", code, col, err)
		}
		n, _ := res.RowsAffected()
		changed += n
	}
	for _, sc := range info.Scopes {
		res, err := tx.ExecContext(ctx, `INSERT INTO metric_scopes (metric, region, scope_zh, scope_en)
			SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM metrics WHERE code = ?) ON CONFLICT DO NOTHING`,
			code, sc.Region, sc.ScopeZh, sc.ScopeEn, code)
		if err != nil {
			return fmt.Errorf("data.ApplySeed scope %s/%s: %w", code, sc.Region, err)
		}
		n, _ := res.RowsAffected()
		changed += n
	}
	if changed == 0 {
		return nil
	}
	return recordMetricRevision(ctx, tx, code)
}

// reciteFigure gives a figure the seed entered, and nobody has changed since, its citation and
// qualifier as a new revision by the seed.
func reciteFigure(ctx context.Context, tx *sql.Tx, f FigureInput) error {
	cf, err := checkFigure(ctx, tx, f)
	if err != nil {
		return fmt.Errorf("data.ApplySeed recite %s/%s/%s: %w", f.Metric, f.Region, f.Period, err)
	}
	cur, err := currentIn(ctx, tx, cf.key())
	if err != nil {
		return nil // gone or never there: nothing to cite
	}
	if cur.Deleted || cur.EnteredBy != SeedBy || cur.Value != cf.in.Value {
		return nil
	}
	if cur.Citation == cf.in.Citation && cur.Qualifier == cf.in.Qualifier && cur.Source == cf.in.Source {
		return nil
	}
	_, err = insertFigure(ctx, tx, cf, false)
	return err
}

// reciteEvent gives a milestone the seed entered, and nobody has changed since (its newest
// revision is the seed's, with the same date, title and source text), its citation as a new
// revision by the seed.
func reciteEvent(ctx context.Context, tx *sql.Tx, e EventInput) error {
	day, gran, err := ParsePeriod(e.Date)
	if err != nil {
		return fmt.Errorf("data.ApplySeed recite event %s: %w", e.Date, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+eventColumns+` FROM events
		WHERE id IN (SELECT max(id) FROM events GROUP BY event_id) AND date = ? AND precision = ? AND title_zh = ?`,
		day, gran, e.TitleZh)
	if err != nil {
		return fmt.Errorf("data.ApplySeed recite event: %w", err)
	}
	var todo []EventRevision
	for rows.Next() {
		cur, err := scanEventRevision(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("data.ApplySeed recite event: %w", err)
		}
		if !cur.Deleted && cur.EnteredBy == SeedBy && cur.Source == e.Source && cur.Citation != e.Citation {
			todo = append(todo, cur)
		}
	}
	rows.Close()
	for _, cur := range todo {
		e.Category, e.Region, e.TitleEn, e.Demo = cur.Category, cur.Region, cur.TitleEn, cur.Demo
		if _, err := insertEventRevision(ctx, tx, cur.EventID, day, gran, e, false); err != nil {
			return err
		}
	}
	return rows.Err()
}
