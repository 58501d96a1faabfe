package chart

import "fmt"

// Revised is one figure of a chart asked as of a day whose public value differs today: revised
// since, or deleted since (Now is then "").
type Revised struct {
	Series string // the series' name in the model's language
	Label  string // the period as written
	Then   string // the value as shown on the asof day, with its unit
	Now    string // the value as shown today, with its unit; "" when it is gone
}

// RevisedSince compares a model asked as of a day (then) with the same request today (now): every
// figure of then whose value, qualifier or presence differs today, in then's order. A figure
// first published after the day is not a revision and is left out.
func RevisedSince(then, now Model) []Revised {
	today := map[[3]string]Point{}
	for _, s := range now.Series {
		for _, p := range s.Figures() {
			today[[3]string{s.Metric + "|" + s.Region, p.Start, p.Granularity}] = p
		}
	}
	var out []Revised
	for _, s := range then.Series {
		for _, p := range s.Figures() {
			n, ok := today[[3]string{s.Metric + "|" + s.Region, p.Start, p.Granularity}]
			if ok && n.Display == p.Display && n.Value == p.Value {
				continue
			}
			r := Revised{Series: s.Name, Label: p.Label, Then: ValueWithUnit(p.Display, then.Unit)}
			if ok {
				r.Now = ValueWithUnit(n.Display, now.Unit)
			}
			out = append(out, r)
		}
	}
	return out
}

// RevisedSentences are the revisions of a model asked as of a day as sentences in its language,
// for the page and the briefing: 已修订 / revised since, with both values.
func RevisedSentences(then Model, revised []Revised) []string {
	out := make([]string, 0, len(revised))
	for _, r := range revised {
		switch {
		case r.Now == "" && then.Lang == LangEn:
			out = append(out, fmt.Sprintf("Revised since: %s, %s was %s as published on %s; it is no longer shown today.", r.Series, r.Label, r.Then, then.Published))
		case r.Now == "":
			out = append(out, fmt.Sprintf("已修订：%s %s 在 %s 公布为 %s，今日已不再列出。", r.Series, r.Label, then.Published, r.Then))
		case then.Lang == LangEn:
			out = append(out, fmt.Sprintf("Revised since: %s, %s was %s as published on %s; it is %s today.", r.Series, r.Label, r.Then, then.Published, r.Now))
		default:
			out = append(out, fmt.Sprintf("已修订：%s %s 在 %s 公布为 %s，今日为 %s。", r.Series, r.Label, then.Published, r.Then, r.Now))
		}
	}
	return out
}
