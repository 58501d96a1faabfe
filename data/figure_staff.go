package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ErrConflict means the figure or event changed since the form showing it was opened: two
// people edited at once, and the later save must not silently undo the earlier one.
var ErrConflict = errors.New("changed since it was loaded")

// ParseValue reads a number as staff type it ("1234", "1,234", "12.5", "60%", "1.2e3", or in
// full-width digits "１２３"); the message says why not, Chinese first. Thousands separators
// (comma, full-width comma or space) must group three digits; hexadecimal, underscores, NaN and
// infinities are refused.
func ParseValue(s string) (float64, string) {
	s = strings.TrimSpace(FoldWidth(s))
	if len(s) > 64 {
		return 0, "数值过长 / the value is too long"
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if s == "" {
		return 0, "数值为必填项 / a value is required"
	}
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case "nan", "inf", "infinity":
		return 0, "数值须为有限的数,不能是 NaN 或无穷 / the value must be a finite number, not NaN or infinity"
	}
	if strings.Trim(s, "0123456789.eE+-, ") != "" {
		return 0, "数值不是数字 / the value is not a number"
	}
	if strings.ContainsAny(s, ", ") {
		if !thousands.MatchString(s) {
			return 0, "千位分隔符应每三位一个,如 1,234 / thousands separators group three digits, as in 1,234"
		}
		s = strings.NewReplacer(",", "", " ", "").Replace(s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, "数值不是数字 / the value is not a number"
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, "数值须为有限的数,不能是 NaN 或无穷 / the value must be a finite number, not NaN or infinity"
	}
	return v, ""
}

// thousands is a number with its thousands separated by commas or by spaces, one kind only.
var thousands = regexp.MustCompile(`^[+-]?\d{1,3}(?:(?:,\d{3})+|(?: \d{3})+)(?:\.\d+)?$`)

// FoldWidth turns full-width letters, digits and signs (as Chinese input methods type them:
// "１２３．５", "２０２４－０３", "６０％") and the ideographic space into their ASCII forms.
func FoldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// Observation returns one revision by id, or ErrNotFound.
func (s *Store) Observation(ctx context.Context, id int64) (Observation, error) {
	return observationIn(ctx, s.r, id)
}

// observationIn loads revision id whole through q (the reader pool, or a transaction that must
// see its own writes: the audit's "before" of a change).
func observationIn(ctx context.Context, q querier, id int64) (Observation, error) {
	o, err := scanObservation(q.QueryRowContext(ctx, `SELECT `+observationColumns+` FROM observations o WHERE o.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("data.Observation: %w", err)
	}
	return o, nil
}

// CurrentFigure is the newest published revision of a figure (which may be a tombstone), or
// ErrNotFound. period is written as ParsePeriod reads it. Staff forms start from it: a revision
// waiting for review is not what the public sees, so it is no base for a change.
func (s *Store) CurrentFigure(ctx context.Context, metric, region, period string) (Observation, error) {
	day, gran, err := ParsePeriod(period)
	if err != nil {
		return Observation{}, ErrNotFound
	}
	revs, err := s.Revisions(ctx, FigureKey{Metric: metric, Region: region, Period: day, Granularity: gran})
	if err != nil {
		return Observation{}, err
	}
	for _, r := range revs {
		if r.Review.State == "" {
			return r, nil
		}
	}
	return Observation{}, ErrNotFound
}

// staffRules are the rules on top of checkFigure for figures staff enter: no figures for a
// retired metric, and a period written at a granularity the metric already uses.
func staffRules(ctx context.Context, q querier, cf checkedFigure) (*ValidationError, error) {
	verr := &ValidationError{}
	if !cf.knownMetric {
		return verr, nil
	}
	if cf.gran == "" {
		return staffRulesWith(cf, nil), nil
	}
	grans, err := metricGranularities(ctx, q, cf.in.Metric)
	if err != nil {
		return nil, err
	}
	return staffRulesWith(cf, grans), nil
}

// staffRulesWith is staffRules with the granularities the metric's figures already use.
func staffRulesWith(cf checkedFigure, grans []string) *ValidationError {
	verr := &ValidationError{}
	if !cf.knownMetric {
		return verr
	}
	if cf.metric.Retired {
		verr.Add("metric", "该指标已停用 / this metric is retired")
	}
	if cf.gran != "" && len(grans) > 0 && !slices.Contains(grans, cf.gran) {
		verr.Add("period", "该指标的时期应写作 "+periodForms(grans)+" / this metric's periods are written "+periodForms(grans))
	}
	return verr
}

func metricGranularities(ctx context.Context, q querier, metric string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT granularity FROM observations WHERE metric = ? AND deleted = 0`, metric)
	if err != nil {
		return nil, fmt.Errorf("data.metricGranularities: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func periodForms(grans []string) string {
	form := map[string]string{Year: "YYYY", Quarter: "YYYY-Qn", Month: "YYYY-MM", Day: "YYYY-MM-DD"}
	var out []string
	for _, g := range []string{Year, Quarter, Month, Day} {
		if slices.Contains(grans, g) {
			out = append(out, form[g])
		}
	}
	return strings.Join(out, ", ")
}

// checkStaffFigure is checkFigure and staffRules together, all messages in one error.
func checkStaffFigure(ctx context.Context, q querier, in FigureInput) (checkedFigure, error) {
	cf, err := checkFigure(ctx, q, in)
	verr := &ValidationError{}
	if !errors.As(err, &verr) && err != nil {
		return cf, err
	}
	if verr == nil {
		verr = &ValidationError{}
	}
	more, err := staffRules(ctx, q, cf)
	if err != nil {
		return cf, err
	}
	for f, m := range more.Fields {
		verr.Add(f, m)
	}
	return cf, verr.Err()
}

// duplicateMessage is the refusal of a new figure whose metric, region and period already have one.
const duplicateMessage = "该指标、地区和时期已有数据,请修改那条数据 / a figure for this metric, region and period exists: edit it instead"

// ValidateNewFigure says, without writing, what AddFigure would refuse.
func (s *Store) ValidateNewFigure(ctx context.Context, in FigureInput) error {
	cf, err := checkStaffFigure(ctx, s.r, in)
	verr := &ValidationError{}
	if err != nil && !errors.As(err, &verr) {
		return err
	}
	if cf.day != "" {
		if cur, err := s.CurrentFigure(ctx, in.Metric, in.Region, in.Period); err == nil && !cur.Deleted {
			verr.Add("period", duplicateMessage)
		}
	}
	return verr.Err()
}

// AddFigure enters a new figure. A current figure for the same metric, region and period is a
// validation error on "period": staff edit that one instead.
func (s *Store) AddFigure(ctx context.Context, a Actor, in FigureInput) (Observation, error) {
	var saved Observation
	in.By = a.Name
	err := s.TxFigures(ctx, func(tx *sql.Tx) error {
		cf, err := checkStaffFigure(ctx, tx, in)
		if err != nil {
			return err
		}
		cur, err := currentID(ctx, tx, cf.key())
		if err == nil && !cur.deleted {
			return &ValidationError{Fields: map[string]string{"period": duplicateMessage}}
		}
		if saved, err = insertFigure(ctx, tx, cf, a.Review); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "figure.add", figureTarget(saved), nil, saved); err != nil {
			return err
		}
		return submitFigures(ctx, tx, s.dialect, a, saved)
	})
	return saved, err
}

func figureTarget(o Observation) string {
	region := o.Region
	if region == "" {
		region = "joint"
	}
	return "figure:" + o.Metric + "/" + region + "/" + FormatPeriod(o.Period, o.Granularity)
}

// currentOf loads, in tx, the revision base and checks it is still the current one.
func currentOf(ctx context.Context, tx *sql.Tx, base int64) (Observation, error) {
	o, err := observationIn(ctx, tx, base)
	if err != nil {
		return o, err
	}
	cur, err := currentID(ctx, tx, o.Key())
	if err != nil {
		return o, err
	}
	if cur.id != base || o.Deleted {
		return o, ErrConflict
	}
	return o, nil
}

// FigureEdit is what an edit of a figure may change.
type FigureEdit struct {
	Value     float64
	Qualifier string // "" exact, QualifierLowerBound or QualifierApprox
	Source    string
	Note      string
}

// ReviseFigure writes a new revision of the figure whose current revision is base: value,
// qualifier, source and note change; metric, region and period stay. ErrConflict if base is no
// longer current.
func (s *Store) ReviseFigure(ctx context.Context, a Actor, base int64, e FigureEdit) (Observation, error) {
	var saved Observation
	err := s.TxFigures(ctx, func(tx *sql.Tx) error {
		before, err := currentOf(ctx, tx, base)
		if err != nil {
			return err
		}
		in := FigureInput{Metric: before.Metric, Region: before.Region, Period: FormatPeriod(before.Period, before.Granularity),
			Value: e.Value, Qualifier: e.Qualifier, Source: e.Source, Note: e.Note, By: a.Name}
		if strings.TrimSpace(e.Source) == before.Source {
			in.Citation = before.Citation // the same source text: its parts still hold
		}
		cf, err := checkFigure(ctx, tx, in)
		if err != nil {
			return err
		}
		if cf.in.Value == before.Value && cf.in.Qualifier == before.Qualifier && cf.in.Source == before.Source &&
			cf.in.Note == before.Note {
			return &ValidationError{Fields: map[string]string{"value": "与当前数据相同,无需保存 / the same as the current figure: nothing to save"}}
		}
		if saved, err = insertFigure(ctx, tx, cf, a.Review); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "figure.edit", figureTarget(saved), before, saved); err != nil {
			return err
		}
		return submitFigures(ctx, tx, s.dialect, a, saved)
	})
	return saved, err
}

// RemoveFigure writes a tombstone over the current revision base, giving reason as its source.
func (s *Store) RemoveFigure(ctx context.Context, a Actor, base int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &ValidationError{Fields: map[string]string{"reason": "删除原因为必填项 / a reason for deleting is required"}}
	}
	return s.TxFigures(ctx, func(tx *sql.Tx) error {
		before, err := currentOf(ctx, tx, base)
		if err != nil {
			return err
		}
		id, err := insertTombstone(ctx, tx, base, reason, a.Name, a.Review)
		if err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "figure.delete", figureTarget(before), before, map[string]any{"deleted": true, "reason": reason}); err != nil {
			return err
		}
		before.ID = id // the tombstone is what waits for review
		return submitFigures(ctx, tx, s.dialect, a, before)
	})
}

// RestoreRevision makes an earlier revision current again by writing it as a new revision; a
// restored tombstone deletes the figure again. The current revision cannot be restored.
func (s *Store) RestoreRevision(ctx context.Context, a Actor, id int64) (Observation, error) {
	var saved Observation
	err := s.TxFigures(ctx, func(tx *sql.Tx) error {
		rev, err := observationIn(ctx, tx, id)
		if err != nil {
			return err
		}
		cur, err := currentID(ctx, tx, rev.Key())
		if err != nil {
			return err
		}
		before, err := observationIn(ctx, tx, cur.id)
		if err != nil {
			return err
		}
		if cur.id == id {
			return &ValidationError{Fields: map[string]string{"revision": "这已是当前版本 / this is the current revision already"}}
		}
		if err := checkPublished(ctx, tx, "publications", "observation_id", id); err != nil {
			return err
		}
		if rev.Deleted {
			if cur.deleted {
				return &ValidationError{Fields: map[string]string{"revision": "该数据已是删除状态 / the figure is deleted already"}}
			}
			id, err := insertTombstone(ctx, tx, cur.id, rev.Source, a.Name, a.Review)
			if err != nil {
				return err
			}
			if saved, err = observationIn(ctx, tx, id); err != nil {
				return err
			}
		} else {
			cf, err := checkFigure(ctx, tx, FigureInput{Metric: rev.Metric, Region: rev.Region,
				Period: FormatPeriod(rev.Period, rev.Granularity), Value: rev.Value, Qualifier: rev.Qualifier,
				Source: rev.Source, Citation: rev.Citation, Note: rev.Note, By: a.Name})
			if err != nil {
				return err
			}
			if saved, err = insertFigure(ctx, tx, cf, a.Review); err != nil {
				return err
			}
		}
		if err := writeAudit(ctx, tx, a, "figure.restore", figureTarget(saved), before,
			restoredFigure{Observation: saved, RestoredRevision: id}); err != nil {
			return err
		}
		return submitFigures(ctx, tx, s.dialect, a, saved)
	})
	return saved, err
}

// checkPublished refuses to restore revision id unless it was once public (its row in pubTable):
// a revision that waits for review, came back, or was replaced before anyone approved it never
// was the figure, so restoring it would publish what no reviewer saw. The history page hides
// its restore button; this is the rule behind it.
func checkPublished(ctx context.Context, tx *sql.Tx, pubTable, pubColumn string, id int64) error {
	var published bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+pubTable+` WHERE `+pubColumn+` = ?)`, id).Scan(&published); err != nil {
		return fmt.Errorf("data.checkPublished: %w", err)
	}
	if !published {
		return &ValidationError{Fields: map[string]string{"revision": fmt.Sprintf(
			"版本 %d 从未公开,不能恢复 / revision %d was never published, so it cannot be restored", id, id)}}
	}
	return nil
}

// submitFigures submits the revisions saved for review, as one batch, when a's saves wait for a
// reviewer; otherwise they are published already.
func submitFigures(ctx context.Context, tx *sql.Tx, d Dialect, a Actor, saved ...Observation) error {
	if !a.Review || len(saved) == 0 {
		return nil
	}
	ids := make([]int64, len(saved))
	for i, o := range saved {
		ids[i] = o.ID
	}
	target := figureTarget(saved[0])
	if len(saved) > 1 {
		target = fmt.Sprintf("figures:%d", len(saved))
	}
	return submitForReview(ctx, tx, d, a, KindFigure, ids, target)
}

// restoredFigure is the audit's "after" of a restore: the new revision and the one it copies.
type restoredFigure struct {
	Observation
	RestoredRevision int64 `json:"restored_revision"`
}

// currentIn loads, in tx, the newest published revision of figure k.
func currentIn(ctx context.Context, tx *sql.Tx, k FigureKey) (Observation, error) {
	cur, err := currentID(ctx, tx, k)
	if err != nil {
		return Observation{}, err
	}
	return observationIn(ctx, tx, cur.id)
}
