package data

import (
	"context"
	"database/sql"
	"fmt"
)

// MaxJump is how far a new figure may move from the one before it, either way, before the staff
// forms and the review queue ask for a confirming note (issue 14): half of it.
const MaxJump = 0.5

// Jump is v's change relative to prev (0.3 is +30 %), and whether it goes past MaxJump. From a
// prev of 0 there is no relative change: (0, false).
func Jump(prev, v float64) (change float64, big bool) {
	if prev == 0 {
		return 0, false
	}
	change = (v - prev) / max(prev, -prev)
	return change, max(change, -change) > MaxJump
}

// UsualRange is the range a metric's public figures have taken so far, over every place and
// period: the staff forms ask for a confirming note when a new figure falls well outside it
// (issue 14's plausibility check), without refusing it. Count says how many figures it rests on.
type UsualRange struct {
	Low, High float64
	Count     int
}

// UsualRangeOf reads the usual range of metric from its current public figures.
func (s *Store) UsualRangeOf(ctx context.Context, metric string) (UsualRange, error) {
	var lo, hi sql.NullFloat64
	var r UsualRange
	err := s.r.QueryRowContext(ctx, `SELECT min(o.value), max(o.value), count(*)
		FROM current_figures c JOIN observations o ON o.id = c.observation_id
		WHERE c.metric = ? AND c.deleted = 0`, metric).Scan(&lo, &hi, &r.Count)
	if err != nil {
		return UsualRange{}, fmt.Errorf("data.UsualRangeOf: %w", err)
	}
	r.Low, r.High = lo.Float64, hi.Float64
	return r, nil
}

// Outside reports whether v lies beyond the range widened by half its width on each side (half
// the value itself when every figure so far is the same). Fewer than three figures make no range.
func (r UsualRange) Outside(v float64) bool {
	if r.Count < 3 {
		return false
	}
	margin := (r.High - r.Low) / 2
	if margin == 0 {
		margin = max(r.High, -r.High) / 2
	}
	return v < r.Low-margin || v > r.High+margin
}
