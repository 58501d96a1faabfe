package image

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"reflect"
	"sync"
	"unsafe"

	"github.com/go-analyze/charts"
	"github.com/go-analyze/charts/chartdraw"
	"github.com/klauspost/compress/zlib"
)

// A PNG is encoded here rather than by the painter (Painter.Bytes, image/png at its default
// level, every filter tried on every row), which took two thirds of the time of drawing a chart
// (issue 16). A chart is mostly flat colour: its rows are written unfiltered and compressed by
// klauspost/compress's zlib at its fastest level, about half the time of compress/flate's fastest
// for files of the same size.
func encodePNG(p *charts.Painter) ([]byte, error) {
	if pic := painterRGBA(p); pic != nil {
		return flatPNG(pic)
	}
	return p.Bytes() // not a raster painter, or one with errors to report
}

// painterRGBA is the picture a raster painter draws on, or nil (an SVG painter, or another
// version of the library).
func painterRGBA(p *charts.Painter) *image.RGBA {
	r, ok := painterRenderer(p)
	if !ok {
		return nil
	}
	var pic rgbaCollector
	if r.Save(&pic) != nil { // only a renderer with queued errors says no; a new one has none
		return nil
	}
	return pic.rgba
}

// flatPNG writes an opaque picture as an RGB PNG, rows unfiltered, each compressed as it is
// copied (one row held, however large the picture); a picture with any transparency goes to
// image/png.
func flatPNG(im *image.RGBA) ([]byte, error) {
	b := im.Bounds()
	w, h := b.Dx(), b.Dy()
	stride := 1 + 3*w // filter type 0 (none), then the row's RGB
	out := make([]byte, 0, 64<<10+stride*h/16)
	out = append(out, "\x89PNG\r\n\x1a\n"...)
	var hdr [13]byte
	binary.BigEndian.PutUint32(hdr[0:], uint32(w))
	binary.BigEndian.PutUint32(hdr[4:], uint32(h))
	hdr[8], hdr[9] = 8, 2 // 8 bits a sample, RGB; compression, filter and interlace methods 0
	out = pngChunk(out, "IHDR", hdr[:])
	// IDAT is compressed in place: its length is known once it is written.
	at := len(out)
	out = append(out, "\x00\x00\x00\x00IDAT"...)
	idat := bytes.NewBuffer(out)
	z := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(z)
	z.Reset(idat)
	row := make([]byte, stride+8) // 8 more: pixels are copied 8 bytes at a time
	for y := range h {
		pix := im.Pix[im.PixOffset(b.Min.X, b.Min.Y+y):][:4*w]
		alpha := uint64(0xff000000_ff000000)
		o, x := 1, 0
		for ; x+8 <= len(pix); x, o = x+8, o+6 { // two pixels' RGB at once; the next overwrites the 2 spare bytes
			v := binary.LittleEndian.Uint64(pix[x:])
			alpha &= v
			binary.LittleEndian.PutUint64(row[o:], v&0xffffff|v>>8&0xffffff_000000)
		}
		if x < len(pix) { // an odd width's last pixel
			row[o], row[o+1], row[o+2] = pix[x], pix[x+1], pix[x+2]
			alpha &= uint64(pix[x+3])<<24 | 0xff000000_00000000
		}
		if alpha != 0xff000000_ff000000 {
			var out bytes.Buffer
			err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, im)
			return out.Bytes(), err
		}
		if _, err := z.Write(row[:stride]); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	out = idat.Bytes()
	binary.BigEndian.PutUint32(out[at:], uint32(len(out)-at-8))
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[at+4:]))
	return pngChunk(out, "IEND", nil), nil
}

// zlibWriters keeps compressors between pictures: each holds a few hundred KB of tables.
var zlibWriters = sync.Pool{New: func() any {
	z, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level: no error
	return z
}}

// pngChunk appends one chunk: length, type, data, CRC of type and data.
func pngChunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	at := len(out)
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[at:]))
}

// rgbaCollector receives the raster renderer's picture instead of its PNG: chartdraw's Save
// hands its *image.RGBA to a writer that is a chartdraw.RGBACollector.
type rgbaCollector struct{ rgba *image.RGBA }

func (c *rgbaCollector) Write(b []byte) (int, error) { return len(b), nil }
func (c *rgbaCollector) SetRGBA(i *image.RGBA)       { c.rgba = i }

// rendererField is the painter's renderer field, checked once by name and type: the painter
// keeps it unexported and has no other way to its picture. Another version of the library
// without it falls back to Painter.Bytes.
var rendererField, rendererFieldOK = func() (reflect.StructField, bool) {
	f, ok := reflect.TypeOf(charts.Painter{}).FieldByName("render")
	return f, ok && f.Type == reflect.TypeOf((*chartdraw.Renderer)(nil)).Elem()
}()

// painterRenderer is the renderer the painter draws on.
func painterRenderer(p *charts.Painter) (chartdraw.Renderer, bool) {
	if !rendererFieldOK || p == nil {
		return nil, false
	}
	r := *(*chartdraw.Renderer)(unsafe.Add(unsafe.Pointer(p), rendererField.Offset))
	return r, r != nil
}
