package data_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"pjsx/data"
	"pjsx/data/datatest"
	"pjsx/seed"
)

func TestOpenMigratesEmptyFileOwnerOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("database file mode = %o, want 600", perm)
	}
	v1, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Opening again must not re-run a migration (it would fail on CREATE TABLE).
	s, err = data.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	v2, _ := s.Version(ctx)
	if v1 != v2 {
		t.Errorf("reopen changed data version %d → %d", v1, v2)
	}
	if regions, err := s.Regions(ctx); err != nil || len(regions) != 0 {
		t.Errorf("new database regions = %v, %v; want none", regions, err)
	}
}

func seeded(t *testing.T) *data.Store {
	t.Helper()
	s := datatest.NewStore(t)
	if _, err := seed.Load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRevisionsKeepOldRowsAndNewestIsCurrent(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	in := data.FigureInput{Metric: "cross_border_bus_lines", Region: "pinggu", Period: "2024", Value: 9,
		Source: "test correction", By: "tester"}
	saved, err := datatest.SaveFigure(ctx, s, in)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Supersedes == 0 {
		t.Error("the edit does not name the revision it supersedes")
	}
	series, err := s.Series(ctx, data.SeriesQuery{Metric: "cross_border_bus_lines", Regions: []string{"pinggu"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(series) != 1 || series[0].Value != 9 || series[0].Source != "test correction" {
		t.Fatalf("current figure = %+v, want the edit (9)", series)
	}
	revs, err := s.Revisions(ctx, data.FigureKey{Metric: "cross_border_bus_lines", Region: "pinggu", Period: "2024-01-01", Granularity: data.Year})
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 || revs[0].Value != 9 || revs[1].Value != 8 || revs[1].EnteredBy != seed.By {
		t.Fatalf("revisions = %+v, want the edit then the seeded 8", revs)
	}

	if err := datatest.DeleteFigure(ctx, s, "cross_border_bus_lines", "pinggu", "2024", "duplicate", "tester"); err != nil {
		t.Fatal(err)
	}
	series, _ = s.Series(ctx, data.SeriesQuery{Metric: "cross_border_bus_lines"})
	if len(series) != 0 {
		t.Errorf("after delete the series still shows %+v", series)
	}
	revs, _ = s.Revisions(ctx, data.FigureKey{Metric: "cross_border_bus_lines", Region: "pinggu", Period: "2024-01-01", Granularity: data.Year})
	if len(revs) != 3 || !revs[0].Deleted {
		t.Errorf("delete must add a tombstone and keep both earlier revisions, got %+v", revs)
	}
}

func TestObservationsRefuseUpdateAndDelete(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	for _, stmt := range []string{
		`UPDATE observations SET value = 1`,
		`DELETE FROM observations`,
		`UPDATE events SET title_zh = 'x'`,
	} {
		err := s.Tx(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, stmt); return err })
		if err == nil {
			t.Errorf("%s succeeded; revisions must be append-only", stmt)
		}
	}
}

func TestSeedIsIdempotentAndComplete(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	wrote, err := seed.Load(ctx, s)
	if err != nil || !wrote {
		t.Fatalf("first load: wrote=%v err=%v", wrote, err)
	}
	v1, _ := s.Version(ctx)
	count := func() (n int) {
		ms, _ := s.Metrics(ctx)
		for _, m := range ms {
			obs, err := s.Series(ctx, data.SeriesQuery{Metric: m.Code})
			if err != nil {
				t.Fatal(err)
			}
			n += len(obs)
		}
		return n
	}
	n1 := count()
	ev1, _ := s.Events(ctx, data.EventQuery{})
	wrote, err = seed.Load(ctx, s)
	if err != nil || wrote {
		t.Fatalf("second load: wrote=%v err=%v, want nothing written", wrote, err)
	}
	v2, _ := s.Version(ctx)
	ev2, _ := s.Events(ctx, data.EventQuery{})
	if v1 != v2 || n1 != count() || len(ev1) != len(ev2) {
		t.Errorf("second load changed the database: version %d→%d, figures %d→%d, events %d→%d",
			v1, v2, n1, count(), len(ev1), len(ev2))
	}
	sets, _ := seed.Set()
	figures, events := 0, 0
	for _, set := range sets {
		figures, events = figures+len(set.Figures), events+len(set.Events)
	}
	if n1 != figures || len(ev1) != events {
		t.Errorf("loaded %d figures and %d events; the seed has %d and %d", n1, len(ev1), figures, events)
	}
	// Spot checks straight from FIGURES.md.
	for _, c := range []struct {
		metric, region, period string
		value                  float64
	}{
		{"cross_province_services", "pinggu", "2024-01-01", 3489},
		{"rail22_station_structure", "", "2024-02-26", 38.3},
		{"rail22_station_structure", "sanhe", "2025-05-10", 60},
		{"emergency_rooms", "xinglong", "2024-01-01", 837},
	} {
		obs, err := s.Series(ctx, data.SeriesQuery{Metric: c.metric, Regions: []string{c.region}, From: c.period, To: c.period})
		if err != nil || len(obs) != 1 || obs[0].Value != c.value || obs[0].Source == "" {
			t.Errorf("%s/%s/%s = %+v, %v; want %g with a source", c.metric, c.region, c.period, obs, err, c.value)
		}
	}
}

func TestSeriesFilters(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	all, _ := s.Series(ctx, data.SeriesQuery{Metric: "rail22_station_structure"})
	if len(all) != 4 {
		t.Fatalf("station structure has %d figures, want 4 (whole line 2024-02-26; Hebei section 2025-02-21, 02-28, 05-10)", len(all))
	}
	joint, _ := s.Series(ctx, data.SeriesQuery{Metric: "rail22_station_structure", Regions: []string{""}})
	if len(joint) != 1 || joint[0].Region != "" {
		t.Errorf("joint only = %+v", joint)
	}
	late, _ := s.Series(ctx, data.SeriesQuery{Metric: "rail22_station_structure", From: "2025-03-01"})
	if len(late) != 1 || late[0].Region != "sanhe" {
		t.Errorf("from 2025 = %+v", late)
	}
	none, _ := s.Series(ctx, data.SeriesQuery{Metric: "rail22_station_structure", Regions: []string{}})
	if len(none) != 0 {
		t.Errorf("an empty region list must select nothing, got %+v", none)
	}
}

// TestNewFigureValidates: every rule of a figure refuses its input with a message on the field,
// and a refused figure writes nothing.
func TestNewFigureValidates(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	cases := []struct {
		name  string
		in    data.FigureInput
		field string
	}{
		{"unknown metric", data.FigureInput{Metric: "nope", Period: "2024", Value: 1, Source: "x"}, "metric"},
		{"unknown region", data.FigureInput{Metric: "joint_meetings", Region: "beijing", Period: "2024", Value: 1, Source: "x"}, "region"},
		{"bad date", data.FigureInput{Metric: "joint_meetings", Period: "2024-02-30", Value: 1, Source: "x"}, "period"},
		{"future", data.FigureInput{Metric: "joint_meetings", Period: "2199", Value: 1, Source: "x"}, "period"},
		{"fractional count", data.FigureInput{Metric: "joint_meetings", Period: "2024", Value: 1.5, Source: "x"}, "value"},
		{"negative count", data.FigureInput{Metric: "joint_meetings", Period: "2024", Value: -1, Source: "x"}, "value"},
		{"percent over 100", data.FigureInput{Metric: "rail22_pinggu_progress", Period: "2024", Value: 101, Source: "x"}, "value"},
		{"no source", data.FigureInput{Metric: "joint_meetings", Period: "2024", Value: 1, Source: "  "}, "source"},
	}
	v0, _ := s.Version(ctx)
	for _, c := range cases {
		_, err := s.AddFigure(ctx, data.Actor{Name: "t"}, c.in)
		var verr *data.ValidationError
		if !errors.As(err, &verr) || verr.Fields[c.field] == "" {
			t.Errorf("%s: err = %v, want a message on field %q", c.name, err, c.field)
		}
	}
	if v, _ := s.Version(ctx); v != v0 {
		t.Errorf("refused inputs changed the data version %d → %d", v0, v)
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct{ in, day, gran string }{
		{"2024", "2024-01-01", data.Year},
		{"2024-Q3", "2024-07-01", data.Quarter},
		{"2024-03", "2024-03-01", data.Month},
		{"2024-02-29", "2024-02-29", data.Day},
		{"2023-02-29", "", ""},
		{"2024-Q5", "", ""},
		{"24", "", ""},
		{"2024/03", "", ""},
	} {
		day, gran, err := data.ParsePeriod(c.in)
		if day != c.day || gran != c.gran || (c.day == "") != (err != nil) {
			t.Errorf("ParsePeriod(%q) = %q %q %v, want %q %q", c.in, day, gran, err, c.day, c.gran)
		}
	}
}

func TestVersionSeesEveryCommitOfAnyProcess(t *testing.T) {
	ctx := context.Background()
	path := datatest.NewPath(t)
	a, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := data.Open(ctx, path) // another process's store on the same file
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	last, _ := a.Version(ctx)
	for i := 0; i < 50; i++ {
		w := a
		if i%2 == 1 {
			w = b
		}
		if err := w.Tx(ctx, func(tx *sql.Tx) error { return nil }); err != nil {
			t.Fatal(err)
		}
		written, _ := w.Version(ctx)
		for _, r := range []*data.Store{a, b} {
			// On PostgreSQL the other store learns of the commit by a notification: wait for it
			// (a deadline, not a measure of speed). On SQLite this returns at once.
			heard, cancel := context.WithTimeout(ctx, 10*time.Second)
			if err := r.AwaitVersion(heard, written); err != nil {
				t.Fatalf("commit %d: %v", i, err)
			}
			cancel()
			v, err := r.Version(ctx)
			if err != nil || v <= last {
				t.Fatalf("commit %d: version %d after %d (%v)", i, v, last, err)
			}
		}
		last, _ = a.Version(ctx)
	}
}

// Processes opening one unmigrated database at once each find it migrated, none fails on a
// migration another ran. (The file is in WAL mode already, as a copied database is: switching a
// new file to WAL is a race of its own that SQLite answers with "busy".)
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	for round := range 5 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("race%d.db", round))
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`PRAGMA journal_mode=WAL`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		errs := make(chan error, 8)
		for range 8 {
			go func() {
				s, err := data.Open(context.Background(), path)
				if err == nil {
					s.Close()
				}
				errs <- err
			}()
		}
		for range 8 {
			if err := <-errs; err != nil {
				t.Errorf("round %d: %v", round, err)
			}
		}
	}
}

// Regions are read once per catalog version, yet a write to the catalog shows at once, and a
// caller that changes the list it got changes nothing for the next.
func TestRegionsFollowTheCatalog(t *testing.T) {
	s := seeded(t)
	ctx := context.Background()
	first, err := s.Regions(ctx)
	if err != nil || len(first) != 4 {
		t.Fatalf("Regions = %v, %v", first, err)
	}
	first[0].NameEn = "changed by a caller"
	if again, _ := s.Regions(ctx); again[0].NameEn == "changed by a caller" {
		t.Fatal("a caller's change to the list reached the next caller")
	}
	if err := s.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE regions SET name_en = 'Pinggu District' WHERE code = 'pinggu'`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Regions(ctx)
	for _, r := range after {
		if r.Code == "pinggu" && r.NameEn != "Pinggu District" {
			t.Errorf("after a catalog write Pinggu is still %q", r.NameEn)
		}
	}
}

// A metric is read once per catalog version, yet a change to the catalog shows at once.
func TestMetricFollowsTheCatalog(t *testing.T) {
	s := seeded(t)
	ctx := context.Background()
	if m, err := s.Metric(ctx, "cross_border_bus_lines"); err != nil || m.NameEn == "" {
		t.Fatalf("Metric = %+v, %v", m, err)
	}
	if err := s.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE metrics SET name_en = 'Bus lines across the border' WHERE code = 'cross_border_bus_lines'`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Metric(ctx, "cross_border_bus_lines"); m.NameEn != "Bus lines across the border" {
		t.Errorf("after a catalog write the metric is still named %q", m.NameEn)
	}
	if _, err := s.Metric(ctx, "no_such_metric"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("an unknown metric: %v", err)
	}
}
