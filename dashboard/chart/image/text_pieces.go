package image

import (
	"math"
	"unicode/utf8"

	"github.com/go-analyze/charts"
	"golang.org/x/image/math/fixed"
)

// pieceRunes is about how many characters a PNG's text is drawn in at once.
const pieceRunes = 6

// textPiece is part of a text and where it starts, in pixels from the text's start.
type textPiece struct {
	text string
	at   float64
}

// pieces cuts a PNG's text, where a line may break, into pieces of about pieceRunes characters.
// The painter fills a whole text as one path, and its rasterizer keeps each pixel row's cells in a
// list that it walks for every new cell, so a text's time grows with the square of its length: a
// footer line of 90 characters took four times as long as its pieces (issue 16). Each piece
// starts where the whole text puts its first character, the painter's own advances and kerning,
// and is drawn there rounded to a whole pixel (the painter places texts at whole pixels): at most
// half a pixel off, at a space or between two Chinese characters. A turned text (the demo
// watermark) is cut the same way, each piece on its turned baseline. A text with a character the
// font lacks (the painter draws it from a fallback font, of other widths) is one piece.
func (c *canvas) pieces(text string, fs charts.FontStyle) []textPiece {
	if utf8.RuneCountInString(text) <= pieceRunes {
		return []textPiece{{text: text}}
	}
	// The painter's font scale: the size in points at 96 dpi, in 26.6 fixed point.
	scale := fixed.Int26_6(math.Round(fs.FontSize * 96 / 72 * 64))
	var out []textPiece
	start, runes := 0, 0 // the current piece's first byte and its characters so far
	x, at := 0.0, 0.0    // the pen, and where the current piece starts
	var prev rune = -1
	i := 0
	for _, unit := range breakUnits(text) {
		if runes >= pieceRunes {
			x += kern(c, scale, prev, unit)
			out = append(out, textPiece{text: text[start:i], at: at})
			start, runes, at, prev = i, 0, x, -1
		}
		for _, r := range unit {
			idx := c.font.Index(r)
			if idx == 0 {
				return []textPiece{{text: text}}
			}
			if prev >= 0 {
				x += float64(c.font.Kern(scale, c.font.Index(prev), idx)) / 64
			}
			x += float64(c.font.HMetric(scale, idx).AdvanceWidth) / 64
			prev = r
			runes++
		}
		i += len(unit)
	}
	return append(out, textPiece{text: text[start:], at: at})
}

// kern is the kerning the painter puts between rune prev and the first of next, in pixels.
func kern(c *canvas, scale fixed.Int26_6, prev rune, next string) float64 {
	r, _ := utf8.DecodeRuneInString(next)
	if prev < 0 {
		return 0
	}
	return float64(c.font.Kern(scale, c.font.Index(prev), c.font.Index(r))) / 64
}
