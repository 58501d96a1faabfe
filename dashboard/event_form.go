package dashboard

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"pjsx/data"
)

// eventForm is the milestone form as typed.
type eventForm struct {
	Date, TitleZh, TitleEn, Category, Region, Source string
}

func readEventForm(c echo.Context) eventForm {
	return eventForm{Date: c.FormValue("date"), TitleZh: c.FormValue("title_zh"), TitleEn: c.FormValue("title_en"),
		Category: c.FormValue("category"), Region: c.FormValue("region"), Source: c.FormValue("source")}
}

func (f eventForm) input() data.EventInput {
	return data.EventInput{Date: f.Date, TitleZh: f.TitleZh, TitleEn: f.TitleEn, Category: f.Category,
		Region: f.Region, Source: f.Source}
}

type eventPage struct {
	Page
	Form       eventForm
	Errors     fieldErrors
	Categories []option
	Regions    []option
	Current    *data.EventRevision
	History    []data.EventRevision
	Conflict   bool
}

type eventListPage struct {
	Page
	Events []eventRow
}

type eventRow struct {
	EventID        int64
	Date, Title    string
	Region, Source string
	Editable       bool
	Review         data.ReviewNote // a revision of it waits for review, or came back
}

// eventList is GET /edit/events: the current milestones with links to change them.
func (s *Server) eventList(c echo.Context) error {
	lang, _ := langOf(c)
	events, err := s.store.Events(c.Request().Context(), data.EventQuery{})
	if err != nil {
		return err
	}
	p := eventListPage{Page: s.newPage(c, lang, tr(lang, "staff.events"))}
	u := userOf(c)
	items, err := s.store.ReviewItems(c.Request().Context(), data.ReviewQuery{})
	if err != nil {
		return err
	}
	waiting := map[int64]data.ReviewItem{} // by event id: the newest unpublished revision
	for _, it := range items {
		if it.Ref.Kind == data.KindEvent && it.Ref.ID > waiting[it.Event.EventID].Ref.ID {
			waiting[it.Event.EventID] = it
		}
	}
	row := func(e data.Event) eventRow {
		return eventRow{EventID: e.EventID, Date: data.FormatPeriod(e.Date, e.Precision),
			Title: pick(lang, e.TitleZh, e.TitleEn), Region: s.regionLabel(c, lang, e.Region), Source: e.Source,
			Editable: u.CanEdit(e.Region)}
	}
	for _, e := range events {
		r := row(e)
		if it, ok := waiting[e.EventID]; ok {
			r.Review = it.Note
			delete(waiting, e.EventID)
		}
		p.Events = append(p.Events, r)
	}
	for _, it := range items { // milestones none of whose revisions is public yet, in submission order
		if w, ok := waiting[it.Event.EventID]; ok && it.Ref == w.Ref && u.CanEdit(it.Region) {
			r := row(it.Event.Event)
			r.Review = it.Note
			p.Events = append(p.Events, r)
		}
	}
	return s.okPage(c, "event_list", p)
}

// eventNew is GET /edit/events/new.
func (s *Server) eventNew(c echo.Context) error {
	return s.renderEventForm(c, http.StatusOK, eventForm{}, nil, nil, false)
}

// eventEdit is GET /edit/events/:id, :id being the milestone's event id: its form and its
// history. A deleted milestone shows its history only, so it can be restored.
func (s *Server) eventEdit(c echo.Context) error {
	hist, err := s.eventToChange(c)
	if err != nil {
		return err
	}
	return s.renderEventHistory(c, http.StatusOK, hist, nil)
}

// eventToChange loads the history of milestone :id, refusing an editor outside its region.
func (s *Server) eventToChange(c echo.Context) ([]data.EventRevision, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	hist, err := s.store.EventHistory(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !userOf(c).CanEdit(hist[0].Region) {
		return nil, forbidRegion(c, hist[0].Region)
	}
	return hist, nil
}

func (s *Server) renderEventForm(c echo.Context, status int, f eventForm, errs fieldErrors, hist []data.EventRevision, conflict bool) error {
	lang, _ := langOf(c)
	title := tr(lang, "staff.event_new")
	if hist != nil {
		title = tr(lang, "staff.event_edit")
	}
	p := eventPage{Page: s.newPage(c, lang, title), Form: f, Errors: errs, History: hist, Conflict: conflict}
	if hist != nil {
		p.Current = publishedEvent(hist)
	}
	cats, err := s.store.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	p.Categories = []option{{Value: "", Label: "—", Selected: f.Category == ""}}
	for _, cat := range cats {
		p.Categories = append(p.Categories, option{Value: cat.Code, Label: pick(lang, cat.NameZh, cat.NameEn), Selected: f.Category == cat.Code})
	}
	if p.Regions, err = s.regionOptions(c, lang, f.Region, true); err != nil {
		return err
	}
	return s.render(c, status, "event_form", p)
}

func eventURL(id int64) string { return "/edit/events/" + strconv.FormatInt(id, 10) }
