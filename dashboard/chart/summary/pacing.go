package summary

// Pace is a year-end target's pacing (时间过半、任务过半) on the as-of day: the share of the year
// gone, the share of the target reached, both in percent, and Gap = Done − Elapsed in points. It
// is the arithmetic the sentence words, for pages that show the figures themselves.
type Pace struct {
	Elapsed, Done, Gap float64
}

// PaceOf is in's pacing against in.Target on in.AsOf; ok is false unless the target is due at the
// end of the as-of day's year and has a figure to measure.
func PaceOf(in Input) (Pace, bool) {
	if in.Target == nil || len(in.Points) == 0 {
		return Pace{}, false
	}
	p, ok := progressOf(in, *in.Target)
	if !ok || !p.pacing {
		return Pace{}, false
	}
	return Pace{Elapsed: p.elapsed, Done: p.done, Gap: p.done - p.elapsed}, true
}
