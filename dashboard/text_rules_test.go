package dashboard_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pjsx/data"
)

func TestPercentSignOnlyForPercentMetrics(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	form := func(metric, value string) url.Values {
		return url.Values{"metric": {metric}, "region": {"sanhe"}, "period": {"2022"}, "value": {value}, "source": {"s"}}
	}
	before := version(t, store)
	r := ed.post("/edit/figures", form("cross_border_bus_lines", "8%"))
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "该指标不是百分比") {
		t.Errorf("8%% for a count = %d", r.Code)
	}
	if version(t, store) != before {
		t.Error("a refused value was written")
	}
	if r := ed.post("/edit/figures", form("rail22_pinggu_progress", "45%")); r.Code != http.StatusSeeOther {
		t.Errorf("45%% for a percent metric = %d", r.Code)
	}
	// Through the import too.
	rows := []data.ImportRow{{Line: 2, Metric: "cross_border_bus_lines", Region: "sanhe", Period: "2021", Value: "8%", Source: "s"}}
	rep, err := store.ImportFigures(t.Context(), data.Actor{Name: "t"}, rows, func(string) bool { return true }, false)
	if err != nil || len(rep.Problems) != 1 || rep.Problems[0].Column != "value" {
		t.Errorf("8%% for a count in an import: %+v %v", rep.Problems, err)
	}
}

func TestNotesKeepLFAndBidiOverridesAreRefused(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	r := ed.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2022"},
		"value": {"3"}, "source": {"s"}, "note": {"line one\r\nline two\rthree"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", r.Code)
	}
	if o := current(t, store, "cross_border_bus_lines", "sanhe", "2022"); o.Note != "line one\nline two\nthree" {
		t.Errorf("note stored as %q", o.Note)
	}
	for _, field := range []string{"source", "note"} {
		v := url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2021"}, "value": {"3"}, "source": {"s"}}
		v.Set(field, "统计局\u202e供提\u202c")
		if r := ed.post("/edit/figures", v); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "改变文字方向") {
			t.Errorf("a bidi override in %s = %d", field, r.Code)
		}
	}
}

func TestMetricCatalogTextFollowsTheTextRules(t *testing.T) {
	ts, store := newSeeded(t)
	root := loginAs(t, ts, store, "root", data.RoleAdmin)
	good := func(kv ...string) url.Values {
		v := url.Values{"code": {"new_metric"}, "category": {"transport"}, "name_zh": {"新指标"}, "name_en": {"New metric"},
			"unit_zh": {"个"}, "kind": {"count"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, c := range []struct{ field, value, want string }{
		{"name_zh", "新\x07指标", "控制字符"},
		{"name_en", strings.Repeat("n", data.MaxMetricNameLen+1), "太长"},
		{"unit_zh", strings.Repeat("个", data.MaxUnitLen+1), "太长"},
		{"description_zh", strings.Repeat("说", data.MaxMetricDescriptionLen+1), "太长"},
		{"description_en", "text \u2066hidden\u2069", "改变文字方向"},
	} {
		r := root.post("/admin/metrics", good(c.field, c.value))
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, c.want) {
			t.Errorf("%s = %q…: %d", c.field, c.value[:min(len(c.value), 12)], r.Code)
		}
	}
	if r := root.post("/admin/metrics", good("description_zh", "第一行\r\n第二行")); r.Code != http.StatusSeeOther {
		t.Fatalf("a good metric = %d", r.Code)
	}
	m, err := store.Metric(t.Context(), "new_metric")
	if err != nil || m.DescriptionZh != "第一行\n第二行" {
		t.Errorf("description stored as %q (%v)", m.DescriptionZh, err)
	}
}

func TestDeletedFiguresCanBeListedAndRestoredAndAuditLinksToHistory(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	root := loginAs(t, ts, store, "root", data.RoleAdmin)
	if r := root.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2022"},
		"value": {"7"}, "source": {"to be deleted"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", r.Code)
	}
	fig := current(t, store, "cross_border_bus_lines", "sanhe", "2022")
	if r := root.post(fmt.Sprintf("/edit/figures/%d/delete", fig.ID), url.Values{"reason": {"typo in the report"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("delete = %d", r.Code)
	}
	if r := root.get("/edit/figures?metric=cross_border_bus_lines"); strings.Contains(r.Body, "to be deleted") || !strings.Contains(r.Body, `id="show-deleted"`) {
		t.Error("the current list shows the deleted figure, or offers no deleted filter")
	}
	r := root.get("/edit/figures?metric=cross_border_bus_lines&deleted=1")
	contains(t, "deleted filter", r.Body, "to be deleted", "typo in the report", fmt.Sprintf(`name="revision" value="%d"`, fig.ID))
	action := regexp.MustCompile(`action="(/edit/figures/\d+/restore)"`).FindStringSubmatch(r.Body)
	if action == nil {
		t.Fatal("no restore form in the deleted list")
	}
	if r := root.post(action[1], url.Values{"revision": {fmt.Sprint(fig.ID)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("restore = %d", r.Code)
	}
	if o := current(t, store, "cross_border_bus_lines", "sanhe", "2022"); o.Deleted || o.Value != 7 {
		t.Errorf("after the restore: %+v", o)
	}
	audit := root.get("/admin/audit")
	links := regexp.MustCompile(`<a href="(/edit/figures/\d+/history)">figure:cross_border_bus_lines/sanhe/2022</a>`).FindAllStringSubmatch(audit.Body, -1)
	if len(links) < 3 {
		t.Fatalf("%d audit entries link to the figure's history, want the add, delete and restore", len(links))
	}
	if h := root.get(links[0][1]); h.Code != http.StatusOK || !strings.Contains(h.Body, "typo in the report") {
		t.Errorf("the audit's history link = %d", h.Code)
	}
}

// A Chinese page shows Chinese messages and an English page English ones, never "中文 / English".
func TestMessagesInThePageLanguageOnly(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "editor", data.RoleEditor)
	bad := url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"}, "period": {"2022-02-30"}, "value": {""}, "source": {""}}
	zh := ed.post("/edit/figures?lang=zh", bad)
	en := ed.post("/edit/figures?lang=en", bad)
	if zh.Code != http.StatusUnprocessableEntity || en.Code != http.StatusUnprocessableEntity {
		t.Fatalf("refused forms = %d, %d", zh.Code, en.Code)
	}
	zhErrs, enErrs := fieldErrorsIn(zh.Body), fieldErrorsIn(en.Body)
	if !strings.Contains(zhErrs, "数值为必填项") || strings.Contains(zhErrs, "required") {
		t.Errorf("Chinese page's field messages: %s", zhErrs)
	}
	if !strings.Contains(enErrs, "a value is required") || strings.Contains(enErrs, "必填") {
		t.Errorf("English page's field messages: %s", enErrs)
	}
	// Accept-Language by q-values.
	anon := get(t, ts, "/login", "Accept-Language", "zh;q=0.3, en;q=0.9")
	if !strings.Contains(anon.Body, `lang="en"`) {
		t.Error("Accept-Language zh;q=0.3, en;q=0.9 gave a Chinese page")
	}
}
