package dashboard

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
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
}

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
		for _, p := range periods {
			label := data.FormatPeriod(p, it.Metric.Frequency)
			r := taskRow{Key: it.Metric.Code + "/" + scopeKey(it.Region) + "/" + label, Metric: it.Metric.Code,
				Region: it.Region, Period: label, MetricName: pick(lang, it.Metric.NameZh, it.Metric.NameEn),
				Place: chart.RegionName(it.Region, regions, lang), Unit: pick(lang, it.Metric.UnitZh, it.Metric.UnitEn),
				Overdue: p != it.Next}
			if it.HasLast {
				r.Last, r.LastPeriod = chart.FigureText(it.Last.Value), data.FormatPeriod(it.Last.Period, it.Last.Granularity)
				r.lastValue, r.hasLast = it.Last.Value, true
			}
			rows = append(rows, r)
		}
	}
	return rows, s.markReview(ctx, lang, rows)
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
		if w := jumpWarning(lang, prev, v); w != "" && r.Note == "" {
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
	if !r.hasLast || r.lastValue == 0 {
		return ""
	}
	change := (v - r.lastValue) / math.Abs(r.lastValue)
	if math.Abs(change) <= 0.5 {
		return ""
	}
	return fmt.Sprintf(tr(lang, "tasks.jump"), change*100, r.Last, r.LastPeriod)
}

func anyMessage(rows []taskRow) bool {
	for _, r := range rows {
		if r.Error != "" || r.Warning != "" {
			return true
		}
	}
	return false
}
