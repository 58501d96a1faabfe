package dashboard_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pjsx/data"
)

// hostileValues are the values every form field and query parameter is tried with.
var hostileValues = []struct{ name, v string }{
	{"empty", ""},
	{"huge", strings.Repeat("9", 1<<19)}, // far beyond any field, within a form's 1 MB
	{"negative", "-5"},
	{"NaN", "NaN"},
	{"Inf", "-Inf"},
	{"exponent", "1e3"},
	{"full-width digits", "１２３"},
	{"thousands", "1,234"},
	{"bad thousands", "1,23"},
	{"impossible date", "2024-02-30"},
	{"SQL", "1'); DROP TABLE observations; --"},
	{"HTML", `<script>alert("x")</script><img src=x onerror=alert(1)>`},
	{"control characters", "a\x00b\x07c\x1b"},
	{"invalid UTF-8", "\xff\xfe\xc3("},
	{"hexadecimal", "0x1p4"},
}

// outcome is the right answer to one value: accepted and stored as want, or refused with a
// message on the field containing msg.
type outcome struct {
	want any // float64 for a value, string for text; nil when refused
	msg  string
}

func accept(v any) outcome      { return outcome{want: v} }
func refuse(msg string) outcome { return outcome{msg: msg} }

// TestHostileValuesInTheFigureForm sends every hostileValues value in every field of the new-figure
// form and of the edit form. Each is accepted and normalised (full-width digits, exponents and
// grouped thousands read as numbers; SQL and HTML text kept verbatim and shown escaped), or
// refused with a 422 whose message stands beside the field; never a 5xx, and a refusal writes
// nothing.
func TestHostileValuesInTheFigureForm(t *testing.T) {
	ts, store := newSeeded(t, withoutReview)
	ed := loginAs(t, ts, store, "clerk", data.RoleEditor)
	ctx := context.Background()
	year := 1900
	regions := []string{"sanhe", "pinggu", "jizhou", "xinglong"}
	target, err := store.AddFigure(ctx, data.Actor{Name: "test"}, data.FigureInput{Metric: "cross_border_bus_lines",
		Region: "sanhe", Period: "2000", Value: 1, Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	region := ""
	good := func(field, v string) (url.Values, string) {
		year++
		if year > 1990 {
			year, regions = 1901, regions[1:]
		}
		region = regions[0]
		f := url.Values{"metric": {"cross_border_bus_lines"}, "region": {region}, "period": {fmt.Sprint(year)},
			"value": {"7"}, "source": {"三河市交通局"}, "note": {""}}
		f.Set(field, v)
		return f, fmt.Sprint(year)
	}
	notNumber, finite := refuse("数值不是数字"), refuse("NaN 或无穷")
	periodFormat := refuse("时期格式应为")
	expect := map[string]map[string]outcome{
		"value": {"empty": refuse("数值为必填项"), "huge": refuse("数值过长"), "negative": refuse("计数须为零或正整数"),
			"NaN": finite, "Inf": finite, "exponent": accept(1000.0), "full-width digits": accept(123.0),
			"thousands": accept(1234.0), "bad thousands": refuse("千位分隔符"), "impossible date": notNumber,
			"SQL": notNumber, "HTML": notNumber, "control characters": notNumber, "invalid UTF-8": notNumber,
			"hexadecimal": notNumber},
		"period": {"empty": refuse("时期为必填项")},
		"source": {"empty": refuse("来源为必填项"), "huge": refuse("太长"), "control characters": refuse("控制字符"),
			"invalid UTF-8": refuse("UTF-8")},
		"note":   {"huge": refuse("太长"), "control characters": refuse("控制字符"), "invalid UTF-8": refuse("UTF-8")},
		"metric": {"empty": refuse("指标为必填项")},
		"region": {},
	}
	cases := 0
	for field, outcomes := range expect {
		for _, h := range hostileValues {
			o, ok := outcomes[h.name]
			if !ok {
				switch field {
				case "period":
					o = periodFormat
				case "metric":
					o = refuse("指标不存在")
				case "region":
					o = refuse("地区不存在")
				default: // free text is kept as typed
					o = accept(strings.TrimSpace(h.v))
				}
			}
			if field == "region" && h.name == "empty" {
				continue // the joint figure: a matter of roles, tested in the matrix
			}
			cases++
			form, period := good(field, h.v)
			before := version(t, store)
			r := ed.post("/edit/figures", form)
			what := fmt.Sprintf("new figure, %s = %s", field, h.name)
			checkHostile(t, what, r, o)
			if o.want == nil {
				if v := version(t, store); v != before {
					t.Errorf("%s: refused, yet the data version moved %d → %d", what, before, v)
				}
				continue
			}
			cur, err := store.CurrentFigure(ctx, "cross_border_bus_lines", region, period)
			if err != nil {
				t.Errorf("%s: accepted, but not stored: %v", what, err)
				continue
			}
			switch w := o.want.(type) {
			case float64:
				if cur.Value != w {
					t.Errorf("%s: stored %v, want %v", what, cur.Value, w)
				}
			case string:
				if got := map[string]string{"source": cur.Source, "note": cur.Note}[field]; got != w {
					t.Errorf("%s: stored %q, want %q", what, trim(got), trim(w))
				}
			}
		}
	}
	// Full-width periods are read as periods.
	if r := ed.post("/edit/figures", url.Values{"metric": {"cross_border_bus_lines"}, "region": {"sanhe"},
		"period": {"１９００"}, "value": {"１２"}, "source": {"s"}}); r.Code != http.StatusSeeOther {
		t.Errorf("full-width period = %d", r.Code)
	} else if cur := current(t, store, "cross_border_bus_lines", "sanhe", "1900"); cur.Value != 12 {
		t.Errorf("full-width period stored %v", cur.Value)
	}
	cases++
	// HTML in a source is shown as text, never as markup.
	page := get(t, ts, "/metrics/cross_border_bus_lines")
	if strings.Contains(page.Body, `<script>alert("x")`) || strings.Contains(page.Body, `<img src=x`) {
		t.Error("HTML typed into a source reaches the page as markup")
	}
	if !strings.Contains(page.Body, html.EscapeString(`<img src=x onerror=alert(1)>`)) {
		t.Error("HTML typed into a source is not shown as text")
	}

	// The edit form: value, source, note.
	for _, field := range []string{"value", "source", "note"} {
		for _, h := range hostileValues {
			o := expect[field][h.name]
			if o == (outcome{}) {
				o = accept(strings.TrimSpace(h.v))
			}
			if o.want == nil {
				cases++
				cur := current(t, store, "cross_border_bus_lines", "sanhe", "2000")
				form := url.Values{"value": {"8"}, "source": {"s"}, "note": {""}}
				form.Set(field, h.v)
				before := version(t, store)
				r := ed.post(fmt.Sprintf("/edit/figures/%d", cur.ID), form)
				checkHostile(t, "edit, "+field+" = "+h.name, r, o)
				if v := version(t, store); v != before {
					t.Errorf("edit %s = %s: refused, yet written", field, h.name)
				}
			}
		}
	}
	// A delete reason of control characters is refused too.
	r := ed.post(fmt.Sprintf("/edit/figures/%d/delete", current(t, store, "cross_border_bus_lines", "sanhe", "2000").ID),
		url.Values{"reason": {"bad\x00reason"}})
	checkHostile(t, "delete reason with control characters", r, refuse("控制字符"))
	cases++
	if cur := current(t, store, "cross_border_bus_lines", "sanhe", "2000"); cur.ID != target.ID {
		t.Errorf("refused edits wrote revision %d", cur.ID)
	}
	t.Logf("%d hostile figure-form cases", cases)
}

func trim(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// checkHostile holds one answer to its outcome.
func checkHostile(t *testing.T, what string, r response, o outcome) {
	t.Helper()
	switch {
	case r.Code >= 500:
		t.Errorf("%s = %d", what, r.Code)
	case o.want != nil && r.Code != http.StatusSeeOther:
		t.Errorf("%s = %d, want it accepted (303): %s", what, r.Code, fieldErrorsIn(r.Body))
	case o.want == nil && r.Code != http.StatusUnprocessableEntity:
		t.Errorf("%s = %d, want it refused (422)", what, r.Code)
	case o.want == nil && !strings.Contains(fieldErrorsIn(r.Body), o.msg):
		t.Errorf("%s: refused without the message %q beside the field; messages: %s", what, o.msg, fieldErrorsIn(r.Body))
	}
}

// fieldErrorsIn is the messages shown beside fields.
func fieldErrorsIn(body string) string {
	var out []string
	for _, part := range strings.Split(body, `<p class="field-error" role="alert">`)[1:] {
		out = append(out, html.UnescapeString(strings.SplitN(part, "</p>", 2)[0]))
	}
	return strings.Join(out, " | ")
}

// TestHostileValuesInOtherForms: events, the metric catalog, users and the login form. Each
// value is accepted or refused with a message by the field (or the login's own message); never
// a 5xx.
func TestHostileValuesInOtherForms(t *testing.T) {
	ts, store := newSeeded(t)
	ed := loginAs(t, ts, store, "clerk", data.RoleEditor)
	admin := loginAs(t, ts, store, "root", data.RoleAdmin)
	cases := 0
	type form struct {
		c      *staffClient
		path   string
		base   url.Values
		fields []string
		ok     int // the status of an accepted form
	}
	forms := []form{
		{ed, "/edit/events", url.Values{"date": {"2020-05"}, "title_zh": {"事件"}, "title_en": {"event"}, "category": {"transport"},
			"region": {"sanhe"}, "source": {"s"}}, []string{"date", "title_zh", "title_en", "category", "region", "source"}, http.StatusSeeOther},
		{admin, "/admin/metrics", url.Values{"code": {"m"}, "category": {"transport"}, "name_zh": {"指标"}, "name_en": {"m"},
			"unit_zh": {"个"}, "unit_en": {"u"}, "kind": {"count"}, "min": {""}, "max": {""}, "target": {""}, "target_date": {""},
			"decimals": {"0"}}, []string{"code", "min", "max", "target", "target_date", "decimals", "kind", "name_zh"}, http.StatusSeeOther},
		{admin, "/admin/users", url.Values{"name": {"u"}, "role": {"viewer"}}, []string{"name", "role", "regions"}, http.StatusOK},
	}
	n := 0
	for _, f := range forms {
		for _, field := range f.fields {
			for _, h := range hostileValues {
				cases++
				n++
				vals := url.Values{}
				for k, v := range f.base {
					vals[k] = v
				}
				vals.Set(field, h.v)
				switch field { // keep the other unique fields unique
				case "code":
				default:
					if f.path == "/admin/metrics" {
						vals.Set("code", fmt.Sprintf("m%d", n))
					}
				}
				if f.path == "/admin/users" && field != "name" {
					vals.Set("name", fmt.Sprintf("user%d", n))
				}
				before := version(t, store)
				r := f.c.post(f.path, vals)
				what := fmt.Sprintf("%s %s = %s", f.path, field, h.name)
				switch {
				case r.Code >= 500:
					t.Errorf("%s = %d", what, r.Code)
				case r.Code == f.ok && fieldErrorsIn(r.Body) == "":
				case r.Code == http.StatusUnprocessableEntity && fieldErrorsIn(r.Body) != "":
					if v := version(t, store); v != before {
						t.Errorf("%s: refused, yet written", what)
					}
				default:
					t.Errorf("%s = %d, neither accepted nor refused with a message: %s", what, r.Code, fieldErrorsIn(r.Body))
				}
				if r.Code == f.ok && (h.name == "control characters" || h.name == "invalid UTF-8") &&
					(field == "title_zh" || field == "title_en" || field == "source") {
					t.Errorf("%s: accepted", what)
				}
			}
		}
	}
	// The login form: any user name or password is a refusal with the login's message.
	for _, field := range []string{"username", "password"} {
		for _, h := range hostileValues {
			cases++
			anon := newStaffClient(t, ts)
			vals := url.Values{"username": {"nobody"}, "password": {"x"}}
			vals.Set(field, h.v)
			r := anon.post("/login", vals)
			if r.Code != http.StatusUnauthorized && r.Code != http.StatusTooManyRequests {
				t.Errorf("login %s = %s: %d", field, h.name, r.Code)
			}
		}
	}
	t.Logf("%d hostile cases in event, metric, user and login forms", cases)
}

// TestHostileQueryParameters: every chart, export and API parameter with every hostileValues value is
// a 200 or a 400 that names the parameter; never a 5xx.
func TestHostileQueryParameters(t *testing.T) {
	ts, _ := newSeeded(t)
	params := []string{"regions", "from", "to", "granularity", "lang"}
	paths := []string{"/metrics/cross_border_bus_lines", "/api/v1/metrics/cross_border_bus_lines/series",
		"/charts/cross_border_bus_lines.svg", "/data/cross_border_bus_lines.csv", "/embed/metrics/cross_border_bus_lines"}
	cases := 0
	check := func(path, param, name, v string) {
		t.Helper()
		cases++
		if len(v) > 1<<16 {
			v = v[:1<<16] // a URL is bounded by the header limit; 64 KB still tests the parsers
		}
		r := get(t, ts, path+"?"+url.Values{param: {v}}.Encode())
		switch {
		case r.Code == http.StatusOK:
		case r.Code == http.StatusBadRequest && strings.Contains(r.Body, param):
		default:
			t.Errorf("%s?%s=%s = %d (want 200, or 400 naming %s)", path, param, name, r.Code, param)
		}
	}
	for _, path := range paths {
		for _, p := range params {
			for _, h := range hostileValues {
				check(path, p, h.name, h.v)
			}
		}
	}
	for _, p := range []string{"width", "height", "scale"} {
		for _, h := range hostileValues {
			check("/charts/cross_border_bus_lines.png", p, h.name, h.v)
		}
	}
	for _, p := range []string{"metrics", "width", "from"} {
		for _, h := range hostileValues {
			check("/export/print", p, h.name, h.v)
		}
	}
	for _, p := range []string{"category", "region"} {
		for _, h := range hostileValues {
			check("/api/v1/events", p, h.name, h.v)
			check("/milestones", p, h.name, h.v)
		}
	}
	// Chosen answers: a full-width date is a date; 2024-02-30 is not.
	if r := get(t, ts, "/api/v1/metrics/cross_border_bus_lines/series?from=２０２０"); r.Code != http.StatusOK {
		t.Errorf("full-width from = %d", r.Code)
	}
	if r := get(t, ts, "/api/v1/metrics/cross_border_bus_lines/series?from=2024-02-30"); r.Code != http.StatusBadRequest {
		t.Errorf("from=2024-02-30 = %d", r.Code)
	}
	t.Logf("%d hostile query cases", cases+2)
}
