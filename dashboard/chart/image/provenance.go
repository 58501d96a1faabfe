package image

import (
	qr "github.com/piglig/go-qr"

	"pjsx/dashboard/chart"
)

// Provenance is what an image says about where it comes from, so a picture pasted into a report
// still leads back to its view: the dashboard's name, the view's permalink and the data's as-of
// date (never the day it was drawn: an image depends on its request and data only).
type Provenance struct {
	Dashboard string
	Permalink string // the public URL, path and canonical query; the path alone without a public URL
	// QR draws a QR code of the permalink in the footer's corner, on a PNG at scale 2 or more
	// (smaller, a phone cannot read it from paper). Only for an absolute permalink.
	QR bool
}

// qrModulePt is the side of one QR module before scaling: 3 pixels at scale 2.
const qrModulePt = 1.5

// qrQuietModules is the white margin around the code, in modules (the standard asks for 4).
const qrQuietModules = 4

// provenanceLines are the footer's last lines: the dashboard and the as-of date, then the
// permalink on a line of its own, so it can be read and copied whole; only on a picture too
// narrow for it is it broken (over at most three lines), rather than cut off at the edge.
func (c *canvas) provenanceLines(m chart.Model, p Provenance) []string {
	if p.Dashboard == "" && p.Permalink == "" {
		return nil
	}
	first := p.Dashboard
	if m.AsOf != "" {
		first += " · " + chart.Pick(m.Lang, "数据截至 ", "Data as of ") + m.AsOf
	}
	first += chart.PublishedSuffix(m)
	face := c.footerFace()
	width := float64(c.w - c.px(32) - c.qrPx)
	lines := wrapText(first, face, width, 2)
	if p.Permalink != "" {
		lines = append(lines, wrapText(p.Permalink, face, width, 3)...)
	}
	return lines
}

// qrCode is the permalink's QR code when the picture should carry one, else nil.
func qrCode(o Options) *qr.QrCode {
	if !o.Provenance.QR || o.Format != PNG || o.Scale < 2 || o.Provenance.Permalink == "" {
		return nil
	}
	code, err := qr.EncodeText(o.Provenance.Permalink, qr.Medium)
	if err != nil {
		return nil // too long for any QR version: the footer's text still carries the link
	}
	return code
}

// qrSide is the side in pixels of a drawn QR code with its quiet zone; 0 for none.
func (c *canvas) qrSide(code *qr.QrCode) int {
	if code == nil {
		return 0
	}
	return (code.Size() + 2*qrQuietModules) * c.px(qrModulePt)
}

// drawQR draws the code in the bottom right corner, on white.
func (c *canvas) drawQR(code *qr.QrCode) {
	if code == nil {
		return
	}
	side, mod := c.qrSide(code), c.px(qrModulePt)
	x0, y0 := c.w-side, c.h-side
	c.p.FilledRect(x0, y0, c.w, c.h, white, white, 0)
	x0, y0 = x0+qrQuietModules*mod, y0+qrQuietModules*mod
	// One rectangle per run of dark modules in a row: each fill costs the painter a
	// rasterisation, and a code has about a thousand dark modules.
	n := code.Size()
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !code.Module(x, y) {
				x++
				continue
			}
			end := x + 1
			for end < n && code.Module(end, y) {
				end++
			}
			c.p.FilledRect(x0+x*mod, y0+y*mod, x0+end*mod, y0+(y+1)*mod, inkColor, inkColor, 0)
			x = end
		}
	}
}
