package dashboard_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"pjsx/data"
)

// TestQualifierRoundTrip: a qualifier typed in an import file ("以上", "约") is stored, shown by the
// API, written by `pjsx export` as its own column, and that export imports back unchanged; the
// figure form offers it as a select and refuses an unknown one beside its field.
func TestQualifierRoundTrip(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	csv := "metric,region,period,value,qualifier,source,note\n" +
		"cross_border_bus_lines,sanhe,2023,4,以上,三河交通局,\n" +
		"cross_border_bus_lines,pinggu,2023,5,approx,平谷交通局,\n"
	seeded := 0
	all, _ := store.CurrentFigures(context.Background())
	for _, o := range all {
		if o.Qualifier != "" {
			seeded++
		}
	}
	r := ed.upload("q.csv", []byte(csv))
	if r.Code != http.StatusOK {
		t.Fatalf("preview = %d: %s", r.Code, r.Body)
	}
	m := draftField.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no commit form")
	}
	if r := ed.post("/edit/import/commit", url.Values{"draft": {m[1]}}); r.Code != http.StatusSeeOther {
		t.Fatalf("commit = %d: %s", r.Code, r.Body)
	}

	api := get(t, ts, "/api/v1/metrics/cross_border_bus_lines/series?granularity=year")
	var body struct {
		Series []struct {
			Region string `json:"region"`
			Points []struct {
				Label     string `json:"label"`
				Qualifier string `json:"qualifier"`
			} `json:"points"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(api.Body), &body); err != nil {
		t.Fatalf("%v: %s", err, api.Body)
	}
	got := map[string]string{}
	for _, s := range body.Series {
		for _, p := range s.Points {
			if p.Label == "2023" {
				got[s.Region] = p.Qualifier
			}
		}
	}
	if got["sanhe"] != data.QualifierLowerBound || got["pinggu"] != data.QualifierApprox {
		t.Errorf("API qualifiers of 2023 = %v, want sanhe lower_bound, pinggu approx", got)
	}

	for _, format := range []string{data.FormatCSV, data.FormatXLSX} {
		var buf bytes.Buffer
		if _, err := store.ExportFigures(context.Background(), &buf, format); err != nil {
			t.Fatal(err)
		}
		rows, err := data.ParseImportFile("all."+format, buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		quals := 0
		for _, row := range rows {
			if row.Qualifier != "" {
				quals++
			}
		}
		if quals != seeded+2 {
			t.Errorf("%s export carries %d qualified figures, want the %d seeded ones and these 2", format, quals, seeded)
		}
		rep, err := store.ImportFigures(context.Background(), data.Actor{Name: "t"}, rows, func(string) bool { return true }, false)
		if err != nil || rep.New+rep.Changed != 0 || len(rep.Problems) != 0 {
			t.Errorf("%s export does not import back unchanged: new %d changed %d %v %v", format, rep.New, rep.Changed, rep.Problems, err)
		}
	}

	form := ed.get("/edit/figures/new")
	contains(t, "new figure form", form.Body, `<select id="qualifier" name="qualifier"`, `<option value="lower_bound">`)
	bad := ed.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2022"},
		"value": {"3"}, "qualifier": {"roughly"}, "source": {"s"}})
	if bad.Code != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown qualifier = %d", bad.Code)
	}
	contains(t, "unknown qualifier", bad.Body, `id="qualifier" name="qualifier" aria-invalid="true"`, "lower_bound")
	ok := ed.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2022"},
		"value": {"3"}, "qualifier": {"approx"}, "source": {"s"}})
	if ok.Code != http.StatusSeeOther {
		t.Fatalf("a qualified new figure = %d: %s", ok.Code, ok.Body)
	}
	if o := current(t, store, "cross_border_bus_lines", "sanhe", "2022"); o.Qualifier != data.QualifierApprox {
		t.Errorf("the form stored qualifier %q", o.Qualifier)
	}
}
