package data

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// As of a date (issue 14): what was public at the end of a Shanghai day D is, for each figure,
// its newest revision published before D+1 00:00 in Shanghai, and a tombstone among them hides
// the figure. Today's reads use current_figures, the index the publication trigger keeps; a read
// as of a day replaces it with figures_asof, the same rows built from publications.

// AsOfCutoff is the first instant after the Shanghai day (YYYY-MM-DD) as stored times are
// compared with it: UTC RFC3339 without the trailing Z, since RFC3339Nano drops trailing zeros
// and '.' < 'Z' (2026-11-29T16:00:00Z and …T16:00:00.1Z are both at or after
// 2026-11-29T16:00:00; …T15:59:59.9Z is before it).
func AsOfCutoff(day string) (string, error) {
	d, err := time.ParseInLocation(time.DateOnly, day, Shanghai)
	if err != nil {
		return "", fmt.Errorf("data.AsOfCutoff: %q is not YYYY-MM-DD", day)
	}
	return d.AddDate(0, 0, 1).UTC().Format("2006-01-02T15:04:05"), nil
}

// figuresAsOfCTE is current_figures as it stood at :cutoff, for the metrics of :asof_metrics (a
// JSON list: every read asks of known metrics, so only their revisions are read, through the
// observations_series index): for each figure key the highest revision id published before
// then (the trigger's rule for current_figures too), with its deleted flag. Plain SQL on
// purpose: it is ported to other stores as it is.
const figuresAsOfCTE = `asof_ids(id) AS (
    SELECT max(o.id) FROM observations o JOIN publications p ON p.observation_id = o.id
    WHERE o.metric IN (SELECT value FROM json_each(:asof_metrics)) AND p.published_at < :cutoff
    GROUP BY o.metric, o.region, o.period, o.granularity
),
figures_asof(metric, region, period, granularity, observation_id, deleted) AS MATERIALIZED (
    SELECT o.metric, coalesce(o.region, ''), o.period, o.granularity, o.id, o.deleted
    FROM asof_ids a JOIN observations o ON o.id = a.id
)`

// figuresAsOfPostgresCTE is figuresAsOfCTE for PostgreSQL: the metrics list by
// json_array_elements_text, as an array (= ANY): PostgreSQL cannot tell how many rows a JSON
// function gives, and with IN (SELECT …) it read all of observations instead of the asked
// metrics' index range (500 ms against 12 ms at a million figures).
const figuresAsOfPostgresCTE = `asof_ids(id) AS (
    SELECT max(o.id) FROM observations o JOIN publications p ON p.observation_id = o.id
    WHERE o.metric = ANY (ARRAY(SELECT json_array_elements_text(:asof_metrics::json))) AND p.published_at < :cutoff
    GROUP BY o.metric, o.region, o.period, o.granularity
),
figures_asof(metric, region, period, granularity, observation_id, deleted) AS MATERIALIZED (
    SELECT o.metric, coalesce(o.region, ''), o.period, o.granularity, o.id, o.deleted
    FROM asof_ids a JOIN observations o ON o.id = a.id
)`

// asOfQuery is a query over current_figures rewritten to read figures_asof: the CTE goes in
// front (joining the query's own WITH list where it has one) and every current_figures becomes
// figures_asof. It runs once per query at start-up; the query then takes a :cutoff argument.
func asOfQuery(query string) string { return asOfQueryWith(query, figuresAsOfCTE) }

// asOfPostgresQuery is asOfQuery for a PostgreSQL query text.
func asOfPostgresQuery(query string) string { return asOfQueryWith(query, figuresAsOfPostgresCTE) }

func asOfQueryWith(query, figuresAsOfCTE string) string {
	body := query
	// Leading comment lines stay comments; the statement starts after them.
	var head strings.Builder
	for strings.HasPrefix(strings.TrimSpace(body), "--") {
		body = strings.TrimLeft(body, " \t\n")
		nl := strings.IndexByte(body, '\n')
		if nl < 0 {
			break
		}
		head.WriteString(body[:nl+1])
		body = body[nl+1:]
	}
	body = strings.ReplaceAll(body, "current_figures", "figures_asof")
	if rest, ok := strings.CutPrefix(strings.TrimLeft(body, " \t\n"), "WITH "); ok {
		return head.String() + "WITH " + figuresAsOfCTE + ",\n" + rest
	}
	return head.String() + "WITH " + figuresAsOfCTE + "\n" + body
}

// asOfArgs picks today's query or its as-of twin, adding the :cutoff and :asof_metrics the twin
// reads. A bad day is a *ValidationError naming asof.
func asOfArgs(today, asOfTwin, asOf string, metrics []string, args ...any) (string, []any, error) {
	if asOf == "" {
		return today, args, nil
	}
	cutoff, err := AsOfCutoff(asOf)
	if err != nil {
		verr := &ValidationError{}
		verr.Add("asof", "日期应为 YYYY-MM-DD / the day is written YYYY-MM-DD")
		return "", nil, verr
	}
	list, _ := json.Marshal(metrics)
	return asOfTwin, append(args, sql.Named("cutoff", cutoff), sql.Named("asof_metrics", string(list))), nil
}
