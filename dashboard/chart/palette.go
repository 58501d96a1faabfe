package chart

// Palette is the series colours of the page and the image alike, in order: each has at least
// 3:1 contrast on white (WCAG's floor for graphics), so a line or bar reads on paper and screen.
var Palette = []string{
	"#5470c6", "#2e8540", "#d97706", "#8e44ad", "#0e7c86", "#c0392b", "#c2185b", "#6d4c2f", "#5b6b7a",
}

// Series markers and dashes, so series differ without colour too (a grey print, a colour-blind
// reader). The counts are coprime, so the first six series each get their own pair; the
// image draws these shapes filled and outlined in one stroke each.
var (
	Markers = []string{"circle", "rect", "diamond"} // ECharts' symbol names
	Dashes  = []string{"solid", "dashed"}           // ECharts' lineStyle types
)

// SeriesLook is how series i is drawn: its colour, marker and line dash.
type SeriesLook struct {
	Color, Marker, Dash string
}

// LookOf is the look of series i.
func LookOf(i int) SeriesLook {
	return SeriesLook{Color: Palette[i%len(Palette)], Marker: Markers[i%len(Markers)], Dash: Dashes[i%len(Dashes)]}
}
