package image

import (
	"encoding/binary"
	"math/bits"
)

// rowRuns compresses a PNG's unfiltered rows (the filter byte first) as a zlib stream of one
// deflate block with the fixed Huffman codes, whose only matches are a repeat of the pixel to
// the left (3 bytes back) or of the row above (a row back). A chart is flat colour, a grid and
// text: runs cover most of it, and finding them is a compare, not a search; this takes less than
// half the time of compress/flate's fastest level, whose time went to building Huffman codes for
// every 64 KB (issue 16). Text costs 8 or 9 bits a byte where compress/flate fits codes to it:
// a 960×540 chart is about a quarter larger (124 KB against 100 KB). A match stays within its
// row, so only two rows are held, however large the picture.
type rowRuns struct {
	w        bitWriter
	adler    uint32
	rows     int
	up, left huffCode // the distance codes of the row above and of the pixel to the left
	upOK     bool     // whether the row above is within deflate's 32 KB window
}

// newRowRuns starts the stream at the end of out.
func newRowRuns(out []byte, stride int) *rowRuns {
	z := &rowRuns{w: bitWriter{out: append(out, 0x78, 0x01)}, adler: 1, upOK: stride <= maxDistance} // zlib: deflate, 32 KB window
	z.w.put(0b011, 3)                                                                                // the final block, fixed Huffman codes
	z.up = distanceCode(stride)
	z.left = distanceCode(3)
	return z
}

// row compresses one row; prev is the row before it (ignored for the first).
func (z *rowRuns) row(row, prev []byte) {
	z.adler = adler32(z.adler, row)
	up := z.upOK && z.rows > 0
	z.rows++
	for i := 0; i < len(row); {
		n, left := 0, i >= 3
		if left {
			n = sameRun(row[i:], row[i-3:])
		}
		if up && n < maxMatch { // a full run to the left needs no other
			if m := sameRun(row[i:], prev[i:]); m > n {
				n, left = m, false
			}
		}
		if n < minMatch {
			z.w.put(literalCodes[row[i]].code, literalCodes[row[i]].bits)
			i++
			continue
		}
		n = min(n, maxMatch)
		z.w.put(lengthCodes[n].code, lengthCodes[n].bits)
		if left {
			z.w.put(z.left.code, z.left.bits)
		} else {
			z.w.put(z.up.code, z.up.bits)
		}
		i += n
	}
}

// close ends the block and the stream and returns out with the stream appended.
func (z *rowRuns) close() []byte {
	z.w.put(0, 7) // end of block: code 256 is seven 0 bits
	return binary.BigEndian.AppendUint32(z.w.flush(), z.adler)
}

const (
	minMatch    = 3
	maxMatch    = 258
	maxDistance = 32768
)

// sameRun is how many bytes a and b begin with alike, up to maxMatch and a's length (a is the
// later of the two).
func sameRun(a, b []byte) int {
	n := 0
	end := min(len(a), maxMatch)
	for n+8 <= end {
		x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:])
		if x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for n < end && a[n] == b[n] {
		n++
	}
	return n
}

// huffCode is a code as written: its bits in the order deflate reads them (least significant
// first), extra bits included.
type huffCode struct {
	code uint64
	bits uint
}

// literalCodes and lengthCodes are deflate's fixed codes for each byte and each match length.
var literalCodes, lengthCodes = fixedCodes()

func fixedCodes() (lit [256]huffCode, length [maxMatch + 1]huffCode) {
	for v := range 256 {
		if v < 144 {
			lit[v] = huffCode{reverse(0x30+uint64(v), 8), 8}
		} else {
			lit[v] = huffCode{reverse(0x190+uint64(v-144), 9), 9}
		}
	}
	base := []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	extra := []uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	for n := 3; n <= maxMatch; n++ {
		k := len(base) - 1
		for base[k] > n {
			k--
		}
		sym := 257 + k
		var c huffCode
		if sym < 280 {
			c = huffCode{reverse(uint64(sym-256), 7), 7}
		} else {
			c = huffCode{reverse(0xc0+uint64(sym-280), 8), 8}
		}
		c.code |= uint64(n-base[k]) << c.bits
		c.bits += extra[k]
		length[n] = c
	}
	return lit, length
}

// distanceCode is the fixed code of a match distance d (1 to 32768), with its extra bits.
func distanceCode(d int) huffCode {
	if d > maxDistance {
		return huffCode{}
	}
	base := []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	k := len(base) - 1
	for base[k] > d {
		k--
	}
	extra := uint(max(0, k/2-1))
	return huffCode{reverse(uint64(k), 5) | uint64(d-base[k])<<5, 5 + extra}
}

func reverse(v uint64, n uint) uint64 { return bits.Reverse64(v) >> (64 - n) }

// bitWriter appends bits least significant first, as deflate packs them.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) put(code uint64, n uint) {
	w.acc |= code << w.nacc
	w.nacc += n
	if w.nacc >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.acc))
		w.acc >>= 32
		w.nacc -= 32
	}
}

func (w *bitWriter) flush() []byte {
	for w.nacc > 0 { // the last byte may be partial
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= min(8, w.nacc)
	}
	return w.out
}

// adler32 is zlib's checksum adler (1 to start) continued over b, as hash/adler32 computes it, eight bytes at a step: with
// both halves of the picture's time gone from deflate, the byte-by-byte sum was a quarter of what
// was left.
func adler32(adler uint32, b []byte) uint32 {
	const (
		mod  = 65521
		nmax = 5552 // bytes summed before s2 could overflow 32 bits (zlib's NMAX); a multiple of 8
		even = 0x00ff00ff_00ff00ff
		// Multiplied by four 16-bit lanes, these leave in the top lane the lanes' sum weighted
		// 8, 6, 4, 2 (the even bytes' weights), 7, 5, 3, 1 (the odd bytes'), and 1 each.
		wEven = 2 | 4<<16 | 6<<32 | 8<<48
		wOdd  = 1 | 3<<16 | 5<<32 | 7<<48
		ones  = 1 | 1<<16 | 1<<32 | 1<<48
	)
	s1, s2 := adler&0xffff, adler>>16
	for len(b) > 0 {
		chunk := b[:min(len(b), nmax)]
		b = b[len(chunk):]
		for len(chunk) >= 8 {
			v := binary.LittleEndian.Uint64(chunk)
			e, o := v&even, v>>8&even
			s2 += 8*s1 + uint32((e*wEven)>>48) + uint32((o*wOdd)>>48)
			s1 += uint32(((e + o) * ones) >> 48)
			chunk = chunk[8:]
		}
		for _, c := range chunk {
			s1 += uint32(c)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
	}
	return s2<<16 | s1
}
