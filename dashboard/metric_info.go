package dashboard

import (
	"context"
	"strconv"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// metricInfoView is the 指标说明 block of a metric page: what the metric means (口径), what each
// place's figure covers, how often and by whom it is reported, its targets, the dates its
// definition changed, and the other reports of its figures that the chart does not draw.
type metricInfoView struct {
	Definition, Frequency, Reporter, Notes string
	Scopes                                 []infoLine
	Targets                                []infoLine
	Breaks                                 []infoLine
	Others                                 []infoLine
}

// infoLine is one labelled line of the block.
type infoLine struct{ Label, Text, Source string }

func (v metricInfoView) Empty() bool {
	return v.Definition == "" && v.Frequency == "" && v.Reporter == "" && v.Notes == "" && len(v.Scopes) == 0 &&
		len(v.Targets) == 0 && len(v.Breaks) == 0 && len(v.Others) == 0
}

func (s *Server) metricInfo(ctx context.Context, lang string, m data.Metric) (metricInfoView, error) {
	v := metricInfoView{Definition: pick(lang, m.DefinitionZh, m.DefinitionEn),
		Reporter: pick(lang, m.ReporterZh, m.ReporterEn), Notes: pick(lang, m.NotesZh, m.NotesEn)}
	if v.Definition == "" { // one language written: show it rather than nothing
		v.Definition = m.DefinitionZh + m.DefinitionEn
	}
	if m.Frequency != "" {
		v.Frequency = tr(lang, "info.frequency."+m.Frequency)
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return v, err
	}
	name := map[string]string{"": tr(lang, "joint")}
	for _, r := range regions {
		name[r.Code] = pick(lang, r.NameZh, r.NameEn)
	}
	unit := pick(lang, m.UnitZh, m.UnitEn)
	for _, sc := range m.Scopes {
		v.Scopes = append(v.Scopes, infoLine{Label: name[sc.Region], Text: pick(lang, sc.ScopeZh, sc.ScopeEn)})
	}
	targets, err := s.store.Targets(ctx, m.Code)
	if err != nil {
		return v, err
	}
	for _, t := range targets {
		v.Targets = append(v.Targets, infoLine{Label: name[t.Region] + " " + data.FormatPeriod(t.Period, t.Granularity),
			Text: chart.FigureText(t.Value) + " " + unit, Source: t.Source})
	}
	breaks, err := s.store.Breaks(ctx, m.Code)
	if err != nil {
		return v, err
	}
	for _, b := range breaks {
		v.Breaks = append(v.Breaks, infoLine{Label: name[b.Region] + " " + b.Date, Text: pick(lang, b.NoteZh, b.NoteEn)})
	}
	others, err := s.store.AlternativeReports(ctx, m.Code)
	if err != nil {
		return v, err
	}
	for _, a := range others {
		value := strconv.FormatFloat(a.Value, 'f', -1, 64)
		if a.Qualifier != "" {
			value = tr(lang, "info.qualifier."+a.Qualifier) + value
		}
		v.Others = append(v.Others, infoLine{Label: name[a.Region] + " " + data.FormatPeriod(a.Period, a.Granularity),
			Text: value + " " + unit + " (" + a.Reported + ")", Source: a.Source})
	}
	return v, nil
}
