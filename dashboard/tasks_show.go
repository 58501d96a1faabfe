package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// My tasks (待填报, issue 14): every figure due from the places an editor may edit, filled as one
// round in one grid form and saved in one transaction.

// taskRow is one figure of the round: metric × place × period, with the newest figure before it.
type taskRow struct {
	Key               string // metric/place/period, the suffix of the row's field names
	Metric, Region    string // codes; Region "" is the four together
	Period            string // as written (2024-12)
	MetricName, Place string
	Unit              string
	Last, LastPeriod  string // the newest figure's value and period, "" when none
	lastValue         float64
	hasLast           bool
	Overdue           bool
	Value, Note       string // as typed
	Error, NoteError  string
	Warning           string // the plausibility question: a note confirms the value
	// Review: a revision of this figure waits for review (the row asks nothing) or came back
	// with a comment (the row asks again); Waiting is its value.
	Review  data.ReviewNote
	Waiting string
	// Earlier is how many older periods of this metric and place are missing too, on its first
	// row; the grid asks for the newest tasksPerFigure only.
	Earlier, EarlierURL string
}

// tasksPerFigure is how many periods of one metric and place a round asks for at most.
const tasksPerFigure = 3

type tasksPage struct {
	Page
	Rows        []taskRow
	Source      string
	SourceError string
	Errors      bool
	Returned    int // the user's revisions a reviewer sent back, listed on /edit/review
}

// taskRowsOf lists what the user owes on today: each overdue period and the next one once it has
// ended, for every place the user may edit.
func (s *Server) taskRowsOf(ctx context.Context, c echo.Context, lang string, u *data.User) ([]taskRow, error) {
	today := s.today()
	items, regions, err := s.dueToday(ctx)
	if err != nil {
		return nil, err
	}
	var rows []taskRow
	for _, it := range items {
		if !u.CanEdit(it.Region) {
			continue
		}
		periods := append([]string(nil), it.Overdue...)
		if data.PeriodEnd(it.Next, it.Metric.Frequency) < today {
			periods = append(periods, it.Next)
		}
		// A gap of many years (a figure last reported in 2006) is history to fill from the
		// figure form, not a round: the grid asks for the newest few and says how many are older.
		earlier := 0
		if len(periods) > tasksPerFigure {
			earlier = len(periods) - tasksPerFigure
			periods = periods[earlier:]
		}
		for k, p := range periods {
			label := periodAsReported(it, p)
			r := taskRow{Key: it.Metric.Code + "/" + scopeKey(it.Region) + "/" + label, Metric: it.Metric.Code,
				Region: it.Region, Period: label, MetricName: pick(lang, it.Metric.NameZh, it.Metric.NameEn),
				Place: chart.RegionName(it.Region, regions, lang), Unit: pick(lang, it.Metric.UnitZh, it.Metric.UnitEn),
				Overdue: p != it.Next}
			if k == 0 && earlier > 0 {
				r.Earlier = fmt.Sprintf(tr(lang, "tasks.earlier"), earlier)
				r.EarlierURL = "/edit/figures/new?" + url.Values{"metric": {r.Metric}, "region": {r.Region}}.Encode()
			}
			if it.HasLast {
				r.Last, r.LastPeriod = chart.FigureText(it.Last.Value), data.FormatPeriod(it.Last.Period, it.Last.Granularity)
				r.lastValue, r.hasLast = it.Last.Value, true
			}
			rows = append(rows, r)
		}
	}
	return rows, s.markReview(ctx, lang, rows)
}

// periodAsReported writes due period p (a first day at the metric's frequency) as the place
// reports it: a yearly figure of a finer period (the May Day holiday, 2023-05) is asked for
// the same month or day of the due year (2024-05), as the metric's figures are kept.
func periodAsReported(it data.DueItem, p string) string {
	freq := it.Metric.Frequency
	if it.HasLast && freq == data.Year && it.Last.Granularity != data.Year && len(it.Last.Period) == len(p) {
		return data.FormatPeriod(p[:4]+it.Last.Period[4:], it.Last.Granularity)
	}
	return data.FormatPeriod(p, freq)
}

// markReview marks the rows whose figure has a revision waiting for review or returned.
func (s *Server) markReview(ctx context.Context, lang string, rows []taskRow) error {
	items, err := s.store.ReviewItems(ctx, data.ReviewQuery{})
	if err != nil || len(items) == 0 {
		return err
	}
	newest := map[data.FigureKey]data.ReviewItem{}
	for _, it := range items {
		if k := it.Figure.Key(); it.Ref.Kind == data.KindFigure && it.Ref.ID > newest[k].Ref.ID {
			newest[k] = it
		}
	}
	for i := range rows {
		r := &rows[i]
		day, gran, err := data.ParsePeriod(r.Period)
		if err != nil {
			continue
		}
		if it, ok := newest[data.FigureKey{Metric: r.Metric, Region: r.Region, Period: day, Granularity: gran}]; ok {
			r.Review, r.Waiting = it.Note, waitingText(lang, it.Figure)
		}
	}
	return nil
}

// tasksShow is GET /edit/tasks.
func (s *Server) tasksShow(c echo.Context) error {
	lang, _ := langOf(c)
	rows, err := s.taskRowsOf(c.Request().Context(), c, lang, userOf(c))
	if err != nil {
		return err
	}
	returned, err := s.store.ReviewItems(c.Request().Context(), data.ReviewQuery{Author: userOf(c).Name, State: data.ReviewReturned})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "tasks", tasksPage{Page: s.newPage(c, lang, tr(lang, "tasks.title")), Rows: rows,
		Returned: len(returned)})
}

// tasksSave is POST /edit/tasks: the rows with a value, all saved or none. A refused cell, or a
// value that jumps more than half from the figure before it without a note, re-renders the grid
// (422) with every input kept and the message in its row.
func (s *Server) tasksSave(c echo.Context) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	u := userOf(c)
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	rows, err := s.taskRowsOf(ctx, c, lang, u)
	if err != nil {
		return err
	}
	// A row the form names that is not due (filled by someone else meanwhile, or made up) comes
	// back as a row of its own, so its input is not lost and the data layer says what is wrong.
	known := map[string]bool{}
	for _, r := range rows {
		known[r.Key] = true
	}
	for name := range form {
		key, ok := strings.CutPrefix(name, "value:")
		if !ok || known[key] {
			continue
		}
		parts := strings.Split(key, "/")
		if len(parts) != 3 {
			return &paramError{name, "行的名称应为 指标/地区/时期 / a row is named metric/place/period"}
		}
		region := parts[1]
		if region == "joint" {
			region = ""
		}
		rows = append(rows, taskRow{Key: key, Metric: parts[0], Region: region, Period: parts[2], MetricName: parts[0], Place: region})
		known[key] = true
	}
	p := tasksPage{Page: s.newPage(c, lang, tr(lang, "tasks.title")), Source: strings.TrimSpace(form.Get("source"))}
	var round []data.FigureInput
	var index []int // round position → row
	// The figure before a row is the one typed in the row before it of the same metric and place
	// (rows come in period order), or else the newest one stored.
	typed := map[string]*taskRow{}
	ranges := map[string]data.UsualRange{} // per metric, read once a round
	for i := range rows {
		r := &rows[i]
		r.Value, r.Note = strings.TrimSpace(form.Get("value:"+r.Key)), strings.TrimSpace(form.Get("note:"+r.Key))
		if r.Value == "" {
			if r.Note != "" {
				r.Error = tr(lang, "tasks.note_without_value")
			}
			continue
		}
		if !u.CanEdit(r.Region) {
			return forbidRegion(c, r.Region)
		}
		v, msg := data.ParseValue(r.Value)
		if msg != "" {
			r.Error = msg
			continue
		}
		prev := r
		if t := typed[r.Metric+"/"+r.Region]; t != nil {
			prev = t
		}
		typed[r.Metric+"/"+r.Region] = &taskRow{Last: chart.FigureText(v), LastPeriod: r.Period, lastValue: v, hasLast: true}
		w := jumpWarning(lang, prev, v)
		if w == "" && r.Note == "" {
			if w, err = s.unusualWarning(ctx, lang, ranges, r.Metric, v); err != nil {
				return err
			}
		}
		if w != "" && r.Note == "" {
			r.Warning = w
			continue
		}
		round = append(round, data.FigureInput{Metric: r.Metric, Region: r.Region, Period: r.Period, Value: v,
			Source: p.Source, Note: r.Note})
		index = append(index, i)
	}
	if len(round) == 0 && !anyMessage(rows) {
		p.SourceError = tr(lang, "tasks.nothing")
	}
	if len(round) > 0 && p.Source == "" {
		p.SourceError = tr(lang, "tasks.source_required")
	}
	if p.SourceError == "" && !anyMessage(rows) {
		_, err := s.store.AddFigureRound(ctx, s.staffActor(c), round)
		var refused *data.RoundError
		if errors.As(err, &refused) {
			for at, verr := range refused.Rows {
				r := &rows[index[at]]
				for field, msg := range verr.Fields {
					if field == "source" {
						p.SourceError = msg
						continue
					}
					if r.Error == "" {
						r.Error = msg
					}
				}
			}
		} else if err != nil {
			return err
		} else {
			s.log.Info("figure round added", "user", actorOf(c).Name, "figures", len(round))
			setFlash(c, s.savedFlash(c, "staff.flash.saved"))
			return c.Redirect(http.StatusSeeOther, "/edit/tasks")
		}
	}
	p.Rows, p.Errors = rows, true
	return s.render(c, http.StatusUnprocessableEntity, "tasks", p)
}

// jumpWarning asks for a note when v is more than half above or below prev's figure.
func jumpWarning(lang string, r *taskRow, v float64) string {
	change, big := data.Jump(r.lastValue, v)
	if !r.hasLast || !big {
		return ""
	}
	return fmt.Sprintf(tr(lang, "tasks.jump"), change*100, r.Last, r.LastPeriod)
}

// unusualWarning asks for a note when v lies well outside the range the metric's public figures
// have taken so far (data.UsualRange), a mistyped digit the ±50% check cannot see when the
// place has no figure before it.
func (s *Server) unusualWarning(ctx context.Context, lang string, ranges map[string]data.UsualRange, metric string, v float64) (string, error) {
	r, ok := ranges[metric]
	if !ok {
		var err error
		if r, err = s.store.UsualRangeOf(ctx, metric); err != nil {
			return "", err
		}
		ranges[metric] = r
	}
	if !r.Outside(v) {
		return "", nil
	}
	return fmt.Sprintf(tr(lang, "tasks.unusual"), chart.FigureText(r.Low), chart.FigureText(r.High), r.Count), nil
}

func anyMessage(rows []taskRow) bool {
	for _, r := range rows {
		if r.Error != "" || r.Warning != "" {
			return true
		}
	}
	return false
}
