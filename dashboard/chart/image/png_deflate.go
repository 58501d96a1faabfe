package image

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
)

// rowRuns compresses a PNG's unfiltered rows (the filter byte first) as a zlib stream whose
// matches lie within a row: a repeat of the pixel to the left (3 bytes back), of the row above
// (a row back), or of 4 bytes seen earlier in the row (a marker, a glyph). A chart is flat
// colour, a grid and text: runs cover most of it, and finding them is a compare, not a search.
// compress/flate's fastest level, which this replaces, spent most of its time hashing every
// position and building codes for every 64 KB (issue 16); here only a byte no run covers is
// looked up, and a block's codes are built once for about 32,000 literals and matches: a little
// over half the time, files within a few per cent of its size (0.93–1.19 on the seeded charts).
// Only two rows are held, however large the picture.
type rowRuns struct {
	w      bitWriter
	adler  uint32
	rows   int
	stride int
	upOK   bool     // whether the row above is within deflate's 32 KB window
	tokens []uint32 // the current block: a literal byte, or a match (see match)
	// how often each literal or length symbol and each distance symbol occurs in it
	litFreq  [286]int
	distFreq [30]int
	// seen holds, by a hash of 4 bytes, where in the row they were last seen plus one (0: not in
	// this row): a marker or a glyph repeated further along the row is a match too.
	seen [1 << seenBits]int32
	// seenRow is which row seen's positions belong to, by row number plus one.
	seenRow [1 << seenBits]int32
}

// A token is a literal byte, or a match: this bit, the distance less one from bit 9, the length.
const match = 1 << 31

// The table of 4-byte sequences seen in a row has 1<<seenBits entries.
const seenBits = 12

// blockTokens is how many tokens a block holds before its codes are built and it is written.
const blockTokens = 1 << 15

// newRowRuns starts the stream at the end of out.
func newRowRuns(out []byte, stride int) *rowRuns {
	return &rowRuns{
		w:      bitWriter{out: append(out, 0x78, 0x01)}, // zlib: deflate, 32 KB window, no dictionary
		adler:  1,
		stride: stride,
		upOK:   stride <= maxDistance,
		tokens: make([]uint32, 0, blockTokens+maxMatch*2),
	}
}

// row compresses one row; prev is the row before it (ignored for the first).
func (z *rowRuns) row(row, prev []byte) {
	z.adler = adler32(z.adler, row)
	up := z.upOK && z.rows > 0
	z.rows++
	tag := int32(z.rows)
	for i := 0; i < len(row); {
		n, d := 0, 3
		if i >= 3 {
			n = sameRun(row[i:], row[i-3:])
		}
		if up && n < maxMatch { // a full run to the left needs no other
			if m := sameRun(row[i:], prev[i:]); m > n {
				n, d = m, z.stride
			}
		}
		if n < minMatch && i+4 <= len(row) { // the same 4 bytes further back in the row
			h := (binary.LittleEndian.Uint32(row[i:]) * 0x9e3779b1) >> (32 - seenBits)
			if z.seenRow[h] == tag {
				if j := int(z.seen[h]) - 1; j < i && i-j <= maxDistance {
					if m := sameRun(row[i:], row[j:]); m >= 4 {
						n, d = m, i-j
					}
				}
			}
			z.seen[h], z.seenRow[h] = int32(i+1), tag
		}
		if n < minMatch {
			z.tokens = append(z.tokens, uint32(row[i]))
			z.litFreq[row[i]]++
			i++
			continue
		}
		n = min(n, maxMatch)
		z.tokens = append(z.tokens, match|uint32(d-1)<<9|uint32(n))
		z.litFreq[lengthSymbols[n]]++
		z.distFreq[distanceOf(d).symbol]++
		i += n
	}
	if len(z.tokens) >= blockTokens {
		z.block(false)
	}
}

// close writes the last block and the checksum and returns out with the stream appended.
func (z *rowRuns) close() []byte {
	z.block(true)
	return binary.BigEndian.AppendUint32(z.w.flush(), z.adler)
}

// block writes the tokens held as one block with codes fitted to them.
func (z *rowRuns) block(final bool) {
	z.litFreq[endOfBlock] = 1
	z.distFreq[0]++ // never used: a block of literals alone still has a distance code, not an empty one
	litLen, distLen := codeLengths(z.litFreq[:], 15), codeLengths(z.distFreq[:], 15)
	z.litFreq, z.distFreq = [286]int{}, [30]int{}
	z.header(final, litLen, distLen)
	lit, dist := canonicalCodes(litLen), canonicalCodes(distLen)
	for _, t := range z.tokens {
		if t&match == 0 {
			z.w.put(lit[t].code, lit[t].bits)
			continue
		}
		n := t & 0x1ff
		c, x := lit[lengthSymbols[n]], lengthExtras[n]
		z.w.put(c.code, c.bits)
		z.w.put(x.code, x.bits)
		d := distanceOf(int(t>>9&0x7fff) + 1)
		c = dist[d.symbol]
		z.w.put(c.code, c.bits)
		z.w.put(d.extra.code, d.extra.bits)
	}
	z.w.put(lit[endOfBlock].code, lit[endOfBlock].bits)
	z.tokens = z.tokens[:0]
}

// header writes a dynamic block's header: its code lengths, run-length coded with codes of
// their own (RFC 1951, 3.2.7).
func (z *rowRuns) header(final bool, litLen, distLen []uint8) {
	nlit, ndist := len(litLen), len(distLen)
	for nlit > 257 && litLen[nlit-1] == 0 {
		nlit--
	}
	for ndist > 1 && distLen[ndist-1] == 0 {
		ndist--
	}
	lengths := append(slices.Clip(litLen[:nlit]), distLen[:ndist]...)
	// Each code length as a code-length symbol and its extra bits: 16 repeats the previous length
	// 3–6 times, 17 and 18 give 3–10 and 11–138 zeros.
	type item struct {
		symbol uint8
		extra  huffCode
	}
	var items []item
	for i := 0; i < len(lengths); {
		l, run := lengths[i], 1
		for i+run < len(lengths) && lengths[i+run] == l {
			run++
		}
		i += run
		if l == 0 {
			for run >= 11 {
				r := min(run, 138)
				items, run = append(items, item{18, huffCode{uint64(r - 11), 7}}), run-r
			}
			if run >= 3 {
				items, run = append(items, item{17, huffCode{uint64(run - 3), 3}}), 0
			}
		} else {
			items, run = append(items, item{symbol: l}), run-1
			for run >= 3 {
				r := min(run, 6)
				items, run = append(items, item{16, huffCode{uint64(r - 3), 2}}), run-r
			}
		}
		for ; run > 0; run-- {
			items = append(items, item{symbol: l})
		}
	}
	var freq [19]int
	for _, it := range items {
		freq[it.symbol]++
	}
	clen := codeLengths(freq[:], 7)
	codes := canonicalCodes(clen)
	order := [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	nclen := 19
	for nclen > 4 && clen[order[nclen-1]] == 0 {
		nclen--
	}
	last := uint64(0)
	if final {
		last = 1
	}
	z.w.put(last|2<<1, 3) // BFINAL, then BTYPE 2: dynamic codes
	z.w.put(uint64(nlit-257), 5)
	z.w.put(uint64(ndist-1), 5)
	z.w.put(uint64(nclen-4), 4)
	for _, s := range order[:nclen] {
		z.w.put(uint64(clen[s]), 3)
	}
	for _, it := range items {
		z.w.put(codes[it.symbol].code, codes[it.symbol].bits)
		z.w.put(it.extra.code, it.extra.bits)
	}
}

// codeLengths is a Huffman code's length for each symbol of freq, none longer than maxBits
// (where the tree would be deeper, the counts are halved until it is not). Every code is
// complete, as decoders want: a lone symbol gets a partner.
func codeLengths(freq []int, maxBits uint8) []uint8 {
	lengths := make([]uint8, len(freq))
	var syms []int
	for s, f := range freq {
		if f > 0 {
			syms = append(syms, s)
		}
	}
	switch len(syms) {
	case 0:
		return lengths
	case 1:
		other := 0
		if syms[0] == 0 {
			other = 1
		}
		lengths[syms[0]], lengths[other] = 1, 1
		return lengths
	}
	f := slices.Clone(freq)
	for {
		slices.SortStableFunc(syms, func(a, b int) int { return cmp.Compare(f[a], f[b]) })
		n := len(syms)
		weight, parent := make([]int, 2*n-1), make([]int, 2*n-1)
		for i, s := range syms {
			weight[i] = f[s]
		}
		// Two queues: the leaves by weight, and the joined nodes, made in order of weight.
		leaf, joined := 0, n
		next := func(k int) int {
			if leaf < n && (joined >= k || weight[leaf] <= weight[joined]) {
				leaf++
				return leaf - 1
			}
			joined++
			return joined - 1
		}
		for k := n; k < 2*n-1; k++ {
			a := next(k)
			b := next(k)
			weight[k], parent[a], parent[b] = weight[a]+weight[b], k, k
		}
		depth := make([]uint8, 2*n-1)
		deepest := uint8(0)
		for k := 2*n - 3; k >= 0; k-- {
			depth[k] = depth[parent[k]] + 1
			if k < n {
				deepest = max(deepest, depth[k])
			}
		}
		if deepest <= maxBits {
			for i, s := range syms {
				lengths[s] = depth[i]
			}
			return lengths
		}
		for _, s := range syms {
			f[s] = (f[s] + 1) / 2
		}
	}
}

// canonicalCodes gives each symbol its code from the code lengths alone (RFC 1951, 3.2.2),
// its bits reversed for writing.
func canonicalCodes(lengths []uint8) []huffCode {
	var count, next [16]int
	for _, l := range lengths {
		if l > 0 {
			count[l]++
		}
	}
	code := 0
	for b := 1; b < 16; b++ {
		code = (code + count[b-1]) << 1
		next[b] = code
	}
	codes := make([]huffCode, len(lengths))
	for s, l := range lengths {
		if l > 0 {
			codes[s] = huffCode{reverse(uint64(next[l]), uint(l)), uint(l)}
			next[l]++
		}
	}
	return codes
}

const (
	minMatch    = 3
	maxMatch    = 258
	maxDistance = 32768
	endOfBlock  = 256
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

// huffCode is bits as written, least significant first: a code (reversed) or extra bits.
type huffCode struct {
	code uint64
	bits uint
}

// lengthSymbols and lengthExtras are each run length's symbol and extra bits (RFC 1951, 3.2.5).
var lengthSymbols, lengthExtras = lengthCodes()

func lengthCodes() (symbols [maxMatch + 1]uint16, extras [maxMatch + 1]huffCode) {
	base := []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	extra := []uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	for n := minMatch; n <= maxMatch; n++ {
		k := len(base) - 1
		for base[k] > n {
			k--
		}
		symbols[n] = uint16(257 + k)
		extras[n] = huffCode{uint64(n - base[k]), extra[k]}
	}
	return symbols, extras
}

// distance is a match distance's symbol and extra bits.
type distance struct {
	symbol int
	extra  huffCode
}

// distanceOf is distance d's symbol and extra bits (d from 1 to 32768; RFC 1951, 3.2.5): past
// 4, each power of two is two symbols, its halves, the rest in extra bits.
func distanceOf(d int) distance {
	x := uint32(d - 1)
	if x < 4 {
		return distance{symbol: int(x)}
	}
	n := bits.Len32(x) // 3 to 15
	extra := uint(n - 2)
	return distance{2*(n-1) + int(x>>extra&1), huffCode{uint64(x & (1<<extra - 1)), extra}}
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
