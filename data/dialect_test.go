package data

import (
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestRebindForPostgres(t *testing.T) {
	cases := []struct {
		in, want string
		params   []boundParam
	}{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`,
			[]boundParam{{pos: 0}, {pos: 1}}},
		{`WHERE region IS ? AND x IS NOT ?`, `WHERE region IS NOT DISTINCT FROM $1 AND x IS DISTINCT FROM $2`,
			[]boundParam{{pos: 0}, {pos: 1}}},
		{`WHERE m = :metric AND p >= :from AND q <= :from::text`, `WHERE m = $1 AND p >= $2 AND q <= $2::text`,
			[]boundParam{{name: "metric"}, {name: "from"}}},
		{`SELECT '?', "a?", 'it''s :x' -- ? :y
			/* ? */ FROM t WHERE a = ?`, `SELECT '?', "a?", 'it''s :x' -- ? :y
			/* ? */ FROM t WHERE a = $1`, []boundParam{{pos: 0}}},
		{`DO $$ BEGIN PERFORM ?; END $$`, `DO $$ BEGIN PERFORM ?; END $$`, nil},
		{`WHERE n.region IS o.region AND a IS NOT b AND c IS NULL AND d IS NOT NULL AND e IS DISTINCT FROM f AND this = ?`,
			`WHERE n.region IS NOT DISTINCT FROM o.region AND a IS DISTINCT FROM b AND c IS NULL AND d IS NOT NULL AND e IS DISTINCT FROM f AND this = $1`,
			[]boundParam{{pos: 0}}},
	}
	for _, c := range cases {
		got := rebindText(c.in)
		if got.text != c.want || !reflect.DeepEqual(got.params, c.params) {
			t.Errorf("rebind(%q)\n = %q %v\nwant %q %v", c.in, got.text, got.params, c.want, c.params)
		}
	}
}

// TestEveryMigrationHasAPostgresTwin: PostgreSQL starts at its baseline; every SQLite migration
// after it needs a PostgreSQL migration of the same number, or PostgreSQL stores miss it.
func TestEveryMigrationHasAPostgresTwin(t *testing.T) {
	numbers := func(dir string) []int {
		names, err := fs.Glob(migrationFS, dir+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, n := range names {
			num, _, _ := strings.Cut(strings.TrimPrefix(n, dir+"/"), "_")
			v, err := strconv.Atoi(num)
			if err != nil {
				t.Fatalf("bad migration name %s", n)
			}
			out = append(out, v)
		}
		return out
	}
	sqlite, postgres := numbers("migrations"), numbers("migrations/postgres")
	if len(postgres) == 0 {
		t.Fatal("no PostgreSQL migrations")
	}
	baseline := postgres[0]
	has := map[int]bool{}
	for _, v := range postgres {
		has[v] = true
	}
	for _, v := range sqlite {
		if v >= baseline && !has[v] {
			t.Errorf("SQLite migration %04d has no PostgreSQL twin in data/migrations/postgres", v)
		}
	}
	for _, v := range postgres[1:] {
		found := false
		for _, s := range sqlite {
			found = found || s == v
		}
		if !found {
			t.Errorf("PostgreSQL migration %04d has no SQLite migration of its number", v)
		}
	}
}
