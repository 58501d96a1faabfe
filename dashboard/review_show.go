package dashboard

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pjsx/dashboard/chart"
	"pjsx/dashboard/i18n"
	"pjsx/data"
)

// The review pages (审核, issue 14): /edit/review lists what waits for the signed-in reviewer,
// beside what the signed-in author submitted and what came back to them.

type reviewPage struct {
	Page
	ReviewOn bool
	Queue    []reviewBatch // waiting for this reviewer: others' revisions of places they may edit
	Mine     []reviewRow   // this user's revisions waiting for someone else
	Returned []reviewRow   // this user's revisions sent back, with the reviewer's comment
	Replaced []replacedRow // this user's revisions another editor's newer submission replaced
	Error    string        // a refused action, said at the top
	Comment  string        // the return comment typed, kept when refused
	ErrorRow string        // the row the return was refused on ("figure:12")
}

// reviewBatch is one submission: a figure form save, a round of /edit/tasks, a web import.
type reviewBatch struct {
	Batch  int64
	Author string
	At     string
	Rows   []reviewRow // the first reviewShown of it
	Size   int         // all of it that this reviewer may act on
	More   int         // Size beyond Rows: approved or returned with the whole submission
}

// reviewShown is how many revisions of one submission the page lists: an import of thousands is
// judged from its first rows and approved (or returned) whole.
const reviewShown = 50

// reviewRow is one revision, as a reviewer decides on it.
type reviewRow struct {
	Ref                   string // "figure:12", the value the forms post
	Kind                  string
	What                  string // the metric's name, or "大事记 / milestone"
	Place, Period         string
	Value, Public, Change string // the new value, the public one beside it, and the ± change
	Deleted               bool   // the revision deletes the figure (milestone)
	Source, Note          string
	Author, At            string
	Comment, ReturnedBy   string
	Link                  string // where the author submits a corrected revision
	// With no public value of the same period: the place's previous public figure, its period
	// and the change from it, so a new figure is judged against what came before.
	Previous, PreviousPeriod, PreviousChange string
	FirstOfPlace                             bool   // no public figure of this place before it
	Check                                    string // why the figure needs checking (需核实), "" when plausible
	Replaces                                 bool   // it took an earlier pending submission of the figure out of the queue
}

// reviewContext is what the rows of one page share: the catalog and each metric's usual range,
// read once a page.
type reviewContext struct {
	metrics map[string]data.Metric
	ranges  map[string]data.UsualRange
}

// replacedRow is one of the user's revisions superseded by another editor's submission that
// still waits: what they submitted, and what waits in its place.
type replacedRow struct {
	What, Place, Period string
	Value, Newer, By    string
	Link                string // the figure's history
}

// replacedRows words the user's superseded revisions for the page.
func (s *Server) replacedRows(c echo.Context, lang string, rc reviewContext, author string) ([]replacedRow, error) {
	list, err := s.store.SupersededFor(c.Request().Context(), author)
	if err != nil {
		return nil, err
	}
	var out []replacedRow
	for _, it := range list {
		o, m := it.Revision, rc.metrics[it.Revision.Metric]
		unit := pick(lang, m.UnitZh, m.UnitEn)
		value := func(r data.Observation) string {
			if r.Deleted {
				return tr(lang, "staff.deleted")
			}
			return strings.TrimSpace(chart.FigureText(r.Value) + " " + unit)
		}
		out = append(out, replacedRow{What: pick(lang, m.NameZh, m.NameEn), Place: s.regionLabel(c, lang, o.Region),
			Period: data.FormatPeriod(o.Period, o.Granularity), Value: value(o), Newer: value(it.Newer), By: it.By,
			Link: fmt.Sprintf("/edit/figures/%d/history", o.ID)})
	}
	return out, nil
}

// reviewShow is GET /edit/review.
func (s *Server) reviewShow(c echo.Context) error {
	return s.renderReview(c, http.StatusOK, "", "", "")
}

func (s *Server) renderReview(c echo.Context, status int, msg, comment, errRow string) error {
	ctx := c.Request().Context()
	lang, _ := langOf(c)
	u := userOf(c)
	p := reviewPage{Page: s.newPage(c, lang, tr(lang, "review.title")), ReviewOn: s.reviewOn(c),
		Error: msg, Comment: comment, ErrorRow: errRow}
	items, err := s.store.ReviewItems(ctx, data.ReviewQuery{})
	if err != nil {
		return err
	}
	metrics, err := s.store.Metrics(ctx)
	if err != nil {
		return err
	}
	rc := reviewContext{metrics: map[string]data.Metric{}, ranges: map[string]data.UsualRange{}}
	for _, m := range metrics {
		rc.metrics[m.Code] = m
	}
	for _, it := range items {
		switch {
		case it.Author == u.Name && it.Note.State == data.ReviewReturned:
			row, err := s.reviewRowOf(c, lang, rc, it)
			if err != nil {
				return err
			}
			p.Returned = append(p.Returned, row)
		case it.Author == u.Name:
			row, err := s.reviewRowOf(c, lang, rc, it)
			if err != nil {
				return err
			}
			p.Mine = append(p.Mine, row)
		case it.Note.State == data.ReviewPending && u.Can(data.RoleReviewer) && u.CanReview(it.Region):
			if n := len(p.Queue); n == 0 || p.Queue[n-1].Batch != it.Batch {
				p.Queue = append(p.Queue, reviewBatch{Batch: it.Batch, Author: it.Author, At: shortTime(it.SubmittedAt)})
			}
			b := &p.Queue[len(p.Queue)-1]
			if b.Size++; len(b.Rows) < reviewShown {
				row, err := s.reviewRowOf(c, lang, rc, it)
				if err != nil {
					return err
				}
				b.Rows = append(b.Rows, row)
			} else {
				b.More++
			}
		}
	}
	if p.Replaced, err = s.replacedRows(c, lang, rc, u.Name); err != nil {
		return err
	}
	if p.ErrorRow != "" && !slices.ContainsFunc(p.Queue, func(b reviewBatch) bool {
		return slices.ContainsFunc(b.Rows, func(r reviewRow) bool { return r.Ref == p.ErrorRow })
	}) {
		p.ErrorRow = "" // the revision refused is not listed (superseded, no longer waiting): say it at the top
	}
	return s.render(c, status, "review", p)
}

// reviewRowOf words one item for the page: a figure beside its public value of the same period,
// or, with none, beside the place's previous public figure; flagged 需核实 / check as the
// author's form flags it (tasks_show.go): more than ±50 % from the figure it is compared with,
// or well outside the metric's usual range.
func (s *Server) reviewRowOf(c echo.Context, lang string, rc reviewContext, it data.ReviewItem) (reviewRow, error) {
	row := reviewRow{Ref: fmt.Sprintf("%s:%d", it.Ref.Kind, it.Ref.ID), Kind: it.Ref.Kind,
		Place: s.regionLabel(c, lang, it.Region), Author: it.Author, At: shortTime(it.SubmittedAt),
		Comment: it.Note.Comment, ReturnedBy: it.Note.By, Replaces: it.Replaces}
	if it.Ref.Kind == data.KindEvent {
		e := it.Event
		row.What, row.Period, row.Value = tr(lang, "review.milestone"), data.FormatPeriod(e.Date, e.Precision), pick(lang, e.TitleZh, e.TitleEn)
		row.Deleted, row.Source = e.Deleted, e.Source
		if it.PublicEvent != nil && !it.PublicEvent.Deleted {
			row.Public = pick(lang, it.PublicEvent.TitleZh, it.PublicEvent.TitleEn)
		}
		row.Link = fmt.Sprintf("/edit/events/%d", e.EventID)
		return row, nil
	}
	o := it.Figure
	m := rc.metrics[o.Metric]
	unit := pick(lang, m.UnitZh, m.UnitEn)
	row.What, row.Period = pick(lang, m.NameZh, m.NameEn), data.FormatPeriod(o.Period, o.Granularity)
	row.Deleted, row.Source, row.Note = o.Deleted, o.Source, o.Note
	if !o.Deleted {
		row.Value = strings.TrimSpace(chart.FigureText(o.Value) + " " + unit)
	}
	public := it.Public != nil && !it.Public.Deleted
	if public {
		row.Public = strings.TrimSpace(chart.FigureText(it.Public.Value) + " " + unit)
		row.Link = fmt.Sprintf("/edit/figures/%d", it.Public.ID)
	} else {
		row.Link = "/edit/figures/new?" + url.Values{"metric": {o.Metric}, "region": {o.Region},
			"period": {data.FormatPeriod(o.Period, o.Granularity)}}.Encode()
	}
	if o.Deleted {
		return row, nil
	}
	// What the new value is judged against: the public value of its period, else the one before.
	base, baseWord := it.Public, "review.flag_jump_public"
	if !public {
		prev, err := s.store.PreviousFigure(c.Request().Context(), o, "")
		switch {
		case errors.Is(err, data.ErrNotFound):
			row.FirstOfPlace = true
			base = nil
		case err != nil:
			return row, err
		default:
			base, baseWord = &prev, "review.flag_jump_previous"
			row.Previous = strings.TrimSpace(chart.FigureText(prev.Value) + " " + unit)
			row.PreviousPeriod = data.FormatPeriod(prev.Period, prev.Granularity)
		}
	}
	var checks []string
	if base != nil {
		change := changeText(lang, m, base.Value, o.Value)
		if public {
			row.Change = change
		} else {
			row.PreviousChange = change
		}
		if change, big := data.Jump(base.Value, o.Value); big {
			rel := fmt.Sprintf("%+.0f%%", change*100)
			checks = append(checks, fmt.Sprintf(tr(lang, "review.flag_jump"), rel, tr(lang, baseWord)))
		}
	}
	r, ok := rc.ranges[o.Metric]
	if !ok {
		var err error
		if r, err = s.store.UsualRangeOf(c.Request().Context(), o.Metric); err != nil {
			return row, err
		}
		rc.ranges[o.Metric] = r
	}
	if r.Outside(o.Value) {
		checks = append(checks, fmt.Sprintf(tr(lang, "review.flag_unusual"), chart.FigureText(r.Low), chart.FigureText(r.High), r.Count))
	}
	row.Check = strings.Join(checks, pick(lang, ";", "; "))
	return row, nil
}

// changeText is the difference from one value to the next, signed: in percentage points for a
// percent metric, else with its relative change in percent.
func changeText(lang string, m data.Metric, from, to float64) string {
	d := to - from
	sign := "+"
	if d < 0 {
		sign = "−"
	}
	// A change is computed: the metric's decimals cap it, and the figures' own decimals too.
	places := min(m.Decimals, max(chart.DecimalsOf(from), chart.DecimalsOf(to)))
	out := sign + chart.FormatNumber(math.Abs(d), places)
	if m.Kind == data.KindPercent {
		return out + " " + tr(lang, "review.pp")
	}
	if from != 0 {
		out += fmt.Sprintf(" (%s%.1f%%)", sign, math.Abs(d/from*100))
	}
	return out
}

// reviewRefs reads the revisions a form names ("figure:12"), or the submission it names: those of
// its revisions the user may act on, as the queue shows them (an import may span places that
// different reviewers look after).
func (s *Server) reviewRefs(c echo.Context) ([]data.RevisionRef, error) {
	form, err := c.FormParams()
	if err != nil {
		return nil, echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	var refs []data.RevisionRef
	for _, v := range form["rev"] {
		kind, id, ok := strings.Cut(v, ":")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil || n <= 0 || kind != data.KindFigure && kind != data.KindEvent {
			return nil, echo.NewHTTPError(http.StatusBadRequest, "rev: "+v)
		}
		refs = append(refs, data.RevisionRef{Kind: kind, ID: n})
	}
	if b := form.Get("batch"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return nil, echo.NewHTTPError(http.StatusBadRequest, "batch: "+b)
		}
		items, err := s.store.ReviewItems(c.Request().Context(), data.ReviewQuery{Batch: n, State: data.ReviewPending})
		if err != nil {
			return nil, err
		}
		u := userOf(c)
		for _, it := range items {
			if it.Author != u.Name && u.CanReview(it.Region) {
				refs = append(refs, it.Ref)
			}
		}
	}
	return refs, nil
}

// reviewApprove is POST /edit/review/approve with rev (one or more) or batch: all approved in one
// transaction, or none.
func (s *Server) reviewApprove(c echo.Context) error {
	refs, err := s.reviewRefs(c)
	if err != nil {
		return err
	}
	err = s.store.Approve(c.Request().Context(), actorOf(c), *userOf(c), refs)
	if err := s.reviewRefused(c, err, ""); err != nil {
		return err
	}
	s.log.Info("approved", "user", actorOf(c).Name, "revisions", len(refs))
	setFlash(c, "staff.flash.approved")
	return c.Redirect(http.StatusSeeOther, "/edit/review")
}

// reviewReturn is POST /edit/review/return with rev (or batch) and comment, required: without it
// the page comes back (422) with the message beside the comment.
func (s *Server) reviewReturn(c echo.Context) error {
	refs, err := s.reviewRefs(c)
	if err != nil {
		return err
	}
	comment := c.FormValue("comment")
	err = s.store.Return(c.Request().Context(), actorOf(c), *userOf(c), refs, comment)
	if err := s.reviewRefused(c, err, comment); err != nil {
		return err
	}
	s.log.Info("returned", "user", actorOf(c).Name, "revisions", len(refs))
	setFlash(c, "staff.flash.returned")
	return c.Redirect(http.StatusSeeOther, "/edit/review")
}

// reviewRefused answers a refused approve or return: 403 for a right the user lacks, 422 with
// the page and its message for anything else refused; nil when err is nil.
func (s *Server) reviewRefused(c echo.Context, err error, comment string) error {
	if err == nil {
		return nil
	}
	lang, _ := langOf(c)
	var forbidden *data.ForbiddenError
	if errors.As(err, &forbidden) {
		return echo.NewHTTPError(http.StatusForbidden, i18n.Half(lang, forbidden.Message))
	}
	if errs := validationFields(err); errs != nil {
		msgs := make([]string, 0, len(errs))
		for _, f := range []string{"comment", "revision"} {
			if m, ok := errs[f]; ok {
				msgs = append(msgs, i18n.Half(lang, m))
			}
		}
		return s.renderReview(c, http.StatusUnprocessableEntity, strings.Join(msgs, " "), comment, c.FormValue("rev"))
	}
	return err
}
