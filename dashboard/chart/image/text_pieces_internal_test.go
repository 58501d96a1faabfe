package image

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/go-analyze/charts"

	"pjsx/templates"
)

func testFont(t *testing.T) *Drawer {
	t.Helper()
	ttf, err := fs.ReadFile(templates.FS, "static/dist/fonts/NotoSansSC-Regular.ttf")
	if err != nil {
		t.Fatalf("%v (run make assets)", err)
	}
	d, err := NewDrawer(ttf)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A PNG's long text is drawn in pieces, each where the painter puts it in the whole text: its
// start is the painter's measure of the text before it, within a pixel, and the pieces together
// are the whole text.
func TestTextPiecesStartWhereTheWholeTextPutsThem(t *testing.T) {
	d := testFont(t)
	c := &canvas{font: d.font, s: 2, w: 1920, h: 200, format: PNG}
	c.p = charts.NewPainter(charts.PainterOptions{OutputFormat: PNG, Width: c.w, Height: c.h, Font: d.font})
	for _, text := range []string{
		"数据来源: 北京市平谷区统计局《统计月报》2026年10月; 天津市蓟州区统计局; 三河市人民政府网站",
		"Sources: Pinggu District Statistics Bureau, monthly bulletin; AVAWAY Te Yo kerned pairs",
	} {
		fs := c.style(footerPt, mutedColor)
		pieces := c.pieces(text, fs)
		if len(pieces) < 5 {
			t.Fatalf("%q: %d pieces", text, len(pieces))
		}
		var joined strings.Builder
		for _, p := range pieces {
			before := c.textWidth(joined.String(), fs)
			if joined.Len() > 0 && (p.at < float64(before)-1 || p.at > float64(before)+1) {
				t.Errorf("%q: piece %q starts at %.2f px, the painter measures the text before it %d px", text, p.text, p.at, before)
			}
			joined.WriteString(p.text)
		}
		if joined.String() != text {
			t.Errorf("pieces make %q, want %q", joined.String(), text)
		}
	}
	// A character the font lacks is drawn by the painter from another font: the text stays whole.
	if p := c.pieces("Sources: a long line with 😀 a smile", c.style(footerPt, mutedColor)); len(p) != 1 {
		t.Errorf("a text with a fallback character is %d pieces, want 1", len(p))
	}
}
