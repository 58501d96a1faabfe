package data

import "testing"

func TestUsualRangeAsksOnlyWellOutsideWhatWasReported(t *testing.T) {
	r := UsualRange{Low: 8, High: 25, Count: 3} // margin 8.5: 0 … 33.5 is usual
	for v, want := range map[float64]bool{8: false, 27: false, 33.5: false, 34: true, -1: true, 0: false} {
		if got := r.Outside(v); got != want {
			t.Errorf("%v outside 8–25: %v, want %v", v, got, want)
		}
	}
	if (UsualRange{Low: 8, High: 500, Count: 2}).Outside(10000) {
		t.Error("two figures make no usual range")
	}
	same := UsualRange{Low: 60, High: 60, Count: 4} // margin 30
	if same.Outside(89) || !same.Outside(91) || !same.Outside(29) {
		t.Error("figures all the same: the range is half the value either side")
	}
}

func TestJumpIsMoreThanHalfEitherWay(t *testing.T) {
	for _, c := range []struct {
		prev, v float64
		big     bool
	}{{10, 15, false}, {10, 15.1, true}, {10, 5, false}, {10, 4.9, true}, {-10, -16, true}, {0, 100, false}} {
		if _, big := Jump(c.prev, c.v); big != c.big {
			t.Errorf("%v → %v: big %v, want %v", c.prev, c.v, big, c.big)
		}
	}
	if change, _ := Jump(8, 12); change != 0.5 {
		t.Errorf("8 → 12 is %v, want +0.5", change)
	}
}
