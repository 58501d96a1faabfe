package dashboard

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

type figureListPage struct {
	Page
	Metrics []staffMetric
	Metric  *data.Metric
	Name    string
	Figures []figureRow
	Deleted bool          // the deleted filter: figures whose current revision is a tombstone
	Due     dueStatusView // the metric's reporting status per place (due_view.go)
}

type staffMetric struct {
	Code, Name string
	Retired    bool
}

type figureRow struct {
	ID                    int64
	Region, Period, Value string
	Source, EnteredBy     string
	EnteredAt             string
	Restore               int64  // deleted filter: the revision a restore brings back
	Reason                string // deleted filter: why it was deleted
	// Review marks a figure with a revision waiting for review (or returned): Waiting is that
	// revision's value, Unpublished a figure with no public revision yet.
	Review      data.ReviewNote
	Waiting     string
	Unpublished bool
}

// figureList is GET /edit/ (every metric) and GET /edit/figures?metric= (its current figures
// that this editor may change, each with edit and history links).
func (s *Server) figureList(c echo.Context) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	p := figureListPage{Page: s.newPage(c, lang, tr(lang, "staff.edit_home"))}
	metrics, err := s.store.Metrics(ctx)
	if err != nil {
		return err
	}
	for _, m := range metrics {
		p.Metrics = append(p.Metrics, staffMetric{Code: m.Code, Name: pick(lang, m.NameZh, m.NameEn), Retired: m.Retired})
	}
	code := c.QueryParam("metric")
	if code == "" {
		return s.okPage(c, "figure_list", p)
	}
	m, err := s.store.Metric(ctx, code)
	if err != nil {
		return err
	}
	p.Metric, p.Name = &m, pick(lang, m.NameZh, m.NameEn)
	p.Title = p.Name
	rows, err := s.dueRows(ctx, lang, m, "")
	if err != nil {
		return err
	}
	p.Due = dueStatusView{Page: p.Page, Rows: rows}
	u := userOf(c)
	if p.Deleted = c.QueryParam("deleted") == "1"; p.Deleted {
		gone, err := s.store.DeletedFigures(ctx, code)
		if err != nil {
			return err
		}
		for _, d := range gone {
			if !u.CanEdit(d.Last.Region) {
				continue
			}
			o := d.Last
			p.Figures = append(p.Figures, figureRow{ID: d.Tombstone.ID, Region: s.regionLabel(c, lang, o.Region),
				Period: data.FormatPeriod(o.Period, o.Granularity), Value: chart.FigureText(o.Value),
				Source: o.Source, EnteredBy: d.Tombstone.EnteredBy, EnteredAt: shortTime(d.Tombstone.EnteredAt),
				Restore: o.ID, Reason: d.Tombstone.Source})
		}
		return s.okPage(c, "figure_list", p)
	}
	obs, err := s.store.CurrentFiguresOf(ctx, code)
	if err != nil {
		return err
	}
	waiting, err := s.unpublishedFigures(ctx, code, u)
	if err != nil {
		return err
	}
	for _, o := range obs {
		if !u.CanEdit(o.Region) {
			continue
		}
		row := figureRow{ID: o.ID, Region: s.regionLabel(c, lang, o.Region),
			Period: data.FormatPeriod(o.Period, o.Granularity), Value: chart.FigureText(o.Value),
			Source: o.Source, EnteredBy: o.EnteredBy, EnteredAt: shortTime(o.EnteredAt)}
		if w, ok := waiting[o.Key()]; ok {
			row.Review, row.Waiting = w.Review, waitingText(lang, w)
			delete(waiting, o.Key())
		}
		p.Figures = append(p.Figures, row)
	}
	rest := slices.SortedFunc(maps.Values(waiting), func(a, b data.Observation) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.Period, b.Period), cmp.Compare(a.Granularity, b.Granularity))
	})
	for _, w := range rest { // figures whose only revisions wait for review (or came back)
		p.Figures = append(p.Figures, figureRow{ID: w.ID, Region: s.regionLabel(c, lang, w.Region),
			Period: data.FormatPeriod(w.Period, w.Granularity), Value: "—", Source: w.Source, EnteredBy: w.EnteredBy,
			EnteredAt: shortTime(w.EnteredAt), Review: w.Review, Waiting: waitingText(lang, w), Unpublished: true})
	}
	return s.okPage(c, "figure_list", p)
}

// unpublishedFigures are the newest unpublished revisions of metric's figures that u may edit,
// by figure, each with its review state.
func (s *Server) unpublishedFigures(ctx context.Context, metric string, u *data.User) (map[data.FigureKey]data.Observation, error) {
	items, err := s.store.ReviewItems(ctx, data.ReviewQuery{Metric: metric})
	if err != nil {
		return nil, err
	}
	out := map[data.FigureKey]data.Observation{}
	for _, it := range items {
		o := it.Figure
		if !u.CanEdit(o.Region) {
			continue
		}
		if prev, ok := out[o.Key()]; !ok || o.ID > prev.ID {
			o.Review = it.Note
			out[o.Key()] = o
		}
	}
	return out, nil
}

// waitingText is an unpublished revision's value as a staff list shows it.
func waitingText(lang string, o data.Observation) string {
	if o.Deleted {
		return tr(lang, "staff.deleted")
	}
	return chart.FigureText(o.Value)
}

// shortTime writes a stored UTC time stamp to the minute.
func shortTime(ts string) string {
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return ts
	}
	return t.In(shanghai).Format("2006-01-02 15:04") // stored in UTC, read where the offices are
}
