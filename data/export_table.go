package data

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Table is a sheet of rows for a CSV or XLSX file. A cell is a string or a float64 (a number in
// a spreadsheet).
type Table struct {
	Sheet  string
	Header []string
	Rows   [][]any
	Widths []float64 // column widths in XLSX, in characters; optional
}

// utf8BOM makes Excel open a CSV as UTF-8, so Chinese is not mojibake.
const utf8BOM = "\ufeff"

// WriteCSV writes t as UTF-8 CSV with a BOM. guardFormulas prefixes text that a spreadsheet would
// run as a formula (=, +, -, @) with an apostrophe: downloads for people are opened in Excel, while
// `pjsx export` keeps text exactly as typed so that it imports back unchanged.
func WriteCSV(w io.Writer, t Table, guardFormulas bool) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	rec := make([]string, len(t.Header))
	for _, row := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = csvCell(row[i], guardFormulas)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(v any, guard bool) string {
	switch x := v.(type) {
	case float64:
		return FormatNumber(x)
	case string:
		if guard && x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return "'" + x
		}
		return x
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// WriteXLSX writes one sheet per table, each with a bold header row that stays frozen when the
// reader scrolls. Text goes in as text (never as a formula) and numbers as numbers.
func WriteXLSX(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF5"}}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := sheetName(t.Sheet, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for c, width := range t.Widths {
			if err := sw.SetColWidth(c+1, c+1, width); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		header := make([]any, len(t.Header))
		for c, h := range t.Header {
			header[c] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		for r, row := range t.Rows {
			cells := make([]any, len(row))
			for c, v := range row {
				if s, ok := v.(string); ok {
					cells[c] = excelize.Cell{StyleID: wrap, Value: s}
				} else {
					cells[c] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	var raw bytes.Buffer
	if err := f.Write(&raw); err != nil {
		return err
	}
	return canonicalZip(w, raw.Bytes())
}

// canonicalZip writes the ZIP archive src again with its files in name order: excelize writes
// its parts in map order, and the same tables must give the same bytes (an XLSX asked as of a
// day is byte-identical whenever it is made).
func canonicalZip(w io.Writer, src []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	for _, f := range files {
		// Copied as compressed: the same part compresses to the same bytes.
		out, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: f.Method, CRC32: f.CRC32,
			CompressedSize64: f.CompressedSize64, UncompressedSize64: f.UncompressedSize64})
		if err != nil {
			return err
		}
		in, err := f.OpenRaw()
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			return err
		}
	}
	return zw.Close()
}

// sheetName makes a valid, non-empty sheet name (at most 31 characters, none of []:*?/\).
func sheetName(name string, i int) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" {
		name = fmt.Sprintf("Sheet%d", i+1)
	}
	return name
}
