package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Import limits: 100,000 rows is years of monthly figures for every metric and place.
const (
	MaxImportBytes = 32 << 20
	MaxImportRows  = 100000
)

// ImportColumns are the columns of an import file, as `pjsx export` writes them.
var ImportColumns = []string{"metric", "region", "period", "value", "qualifier", "source", "note"}

// optionalColumns may be left out of a file: an empty note, an exact figure.
var optionalColumns = map[string]bool{"note": true, "qualifier": true}

// columnAliases maps the header names staff use, Chinese or English, to a column.
var columnAliases = map[string]string{
	"metric": "metric", "指标": "metric", "指标代码": "metric",
	"region": "region", "地区": "region", "地区代码": "region",
	"period": "period", "时期": "period", "期间": "period", "日期": "period",
	"value": "value", "数值": "value", "值": "value",
	"source": "source", "来源": "source", "数据来源": "source",
	"note": "note", "备注": "note", "说明": "note",
	"qualifier": "qualifier", "限定": "qualifier", "精确度": "qualifier",
}

// ImportRow is one data row of a file, its cells as written. Line is the row number a
// spreadsheet shows (the header is row 1 when it is the first row).
type ImportRow struct {
	Line   int    `json:"line"`
	Metric string `json:"metric"`
	Region string `json:"region"`
	Period string `json:"period"`
	Value  string `json:"value"`
	Source string `json:"source"`
	Note   string `json:"note"`
	// Qualifier is "", lower_bound or approx (or the sign: ">", "以上", "~", "约").
	Qualifier string `json:"qualifier,omitempty"`
}

// ImportFileError refuses a whole file: too big, empty, not a spreadsheet, unknown columns.
// The message is Chinese first, then English.
type ImportFileError struct{ Msg string }

func (e *ImportFileError) Error() string { return e.Msg }

func fileErr(format string, args ...any) error {
	return &ImportFileError{Msg: fmt.Sprintf(format, args...)}
}

// ParseImportFile reads a CSV (UTF-8 with or without BOM, UTF-16 as Excel's "Unicode text",
// or GBK/GB18030 as Chinese Excel saves it) or an XLSX file.
func ParseImportFile(name string, body []byte) ([]ImportRow, error) {
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return nil, fileErr("文件为空 / the file is empty")
	case len(body) > MaxImportBytes:
		return nil, fileErr("文件超过 %d MB / the file is larger than %d MB", MaxImportBytes>>20, MaxImportBytes>>20)
	case bytes.HasPrefix(body, []byte("PK\x03\x04")):
		return parseXLSX(body)
	case bytes.HasPrefix(body, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fileErr("不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 或 CSV / old .xls files are not read: save it as .xlsx or CSV in Excel")
	case strings.HasSuffix(strings.ToLower(name), ".xlsx"):
		return nil, fileErr("文件不是有效的 XLSX / the file is not a valid XLSX file")
	}
	text, err := decodeText(body)
	if err != nil {
		return nil, err
	}
	return parseCSV(text)
}

func decodeText(body []byte) (string, error) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		body = body[3:]
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}), bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, body)
		if err != nil {
			return "", fileErr("无法读取 UTF-16 文本 / cannot read the UTF-16 text")
		}
		body = out
	case !utf8.Valid(body):
		out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), body)
		if err != nil {
			return "", fileErr("无法识别文件编码(支持 UTF-8、GBK、GB18030)/ unknown text encoding (UTF-8, GBK and GB18030 are read)")
		}
		body = out
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return "", fileErr("文件不是 CSV 或 XLSX / the file is not CSV or XLSX")
	}
	return string(body), nil
}

func parseCSV(text string) ([]ImportRow, error) {
	r := csv.NewReader(strings.NewReader(text))
	first, _, _ := strings.Cut(text, "\n")
	if strings.Count(first, "\t") > strings.Count(first, ",") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			return nil, fileErr("第%d行 CSV 格式有误(%v)/ row %d: malformed CSV (%v)", perr.StartLine, perr.Err, perr.StartLine, perr.Err)
		}
		if err != nil {
			return nil, fileErr("无法读取 CSV / cannot read the CSV: %v", err)
		}
		line, _ := r.FieldPos(0)
		records, lines = append(records, rec), append(lines, line)
		if len(records) > MaxImportRows+50 {
			return nil, tooManyRows()
		}
	}
	return rowsFromRecords(records, lines, nil)
}

func tooManyRows() error {
	return fileErr("数据超过 %d 行,请分成几个文件 / more than %d rows: split the file", MaxImportRows, MaxImportRows)
}

var excelSerialRE = regexp.MustCompile(`^\d{5}(\.\d+)?$`)

func parseXLSX(body []byte) ([]ImportRow, error) {
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		return nil, fileErr("文件不是有效的 XLSX / the file is not a valid XLSX file")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileErr("文件为空 / the file is empty")
	}
	shown, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, fileErr("无法读取工作表 / cannot read the sheet: %v", err)
	}
	raw, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fileErr("无法读取工作表 / cannot read the sheet: %v", err)
	}
	if len(shown) > MaxImportRows+50 {
		return nil, tooManyRows()
	}
	// A cell's raw value keeps every digit; the shown one keeps "60%" a percent and a date a date.
	pick := func(col string, i, j int) string {
		s := cell(shown, i, j)
		r := cell(raw, i, j)
		switch col {
		case "value":
			if strings.HasSuffix(strings.TrimSpace(s), "%") {
				return s
			}
			return r
		case "period":
			if excelSerialRE.MatchString(strings.TrimSpace(r)) {
				if n, err := strconv.ParseFloat(r, 64); err == nil {
					if t, err := excelize.ExcelDateToTime(n, false); err == nil {
						return t.Format("2006-01-02")
					}
				}
			}
			return r
		}
		return s
	}
	return rowsFromRecords(shown, nil, pick)
}

func cell(rows [][]string, i, j int) string {
	if i < len(rows) && j < len(rows[i]) {
		return rows[i][j]
	}
	return ""
}

// rowsFromRecords finds the header (the first non-blank row), maps its columns and reads every
// non-blank row after it. lines are the records' line numbers (nil: one record a line); pick,
// when set, chooses a cell's text (for XLSX).
func rowsFromRecords(records [][]string, lines []int, pick func(col string, i, j int) string) ([]ImportRow, error) {
	head := -1
	for i, rec := range records {
		if !blank(rec) {
			head = i
			break
		}
	}
	if head < 0 {
		return nil, fileErr("文件为空 / the file is empty")
	}
	cols := map[int]string{}
	seen := map[string]bool{}
	for j, h := range records[head] {
		name := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if name == "" {
			continue
		}
		col := headerColumn(name)
		if col == "" {
			return nil, fileErr("未知列“%s”(可用列:%s)/ unknown column %q (columns: %s)",
				name, strings.Join(ImportColumns, ", "), name, strings.Join(ImportColumns, ", "))
		}
		if seen[col] {
			return nil, fileErr("列“%s”出现了两次 / column %q appears twice", name, name)
		}
		seen[col] = true
		cols[j] = col
	}
	var missing []string
	for _, c := range ImportColumns {
		if !seen[c] && !optionalColumns[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		m := strings.Join(missing, ", ")
		return nil, fileErr("缺少列:%s / missing columns: %s", m, m)
	}
	var out []ImportRow
	for i := head + 1; i < len(records); i++ {
		if blank(records[i]) {
			continue
		}
		row := ImportRow{Line: i + 1}
		if lines != nil {
			row.Line = lines[i]
		}
		for j, col := range cols {
			v := cell(records, i, j)
			if pick != nil {
				v = pick(col, i, j)
			}
			v = strings.TrimSpace(v)
			switch col {
			case "metric":
				row.Metric = v
			case "region":
				row.Region = v
			case "period":
				row.Period = v
			case "value":
				row.Value = v
			case "source":
				row.Source = v
			case "note":
				row.Note = v
			case "qualifier":
				row.Qualifier = v
			}
		}
		out = append(out, row)
	}
	if len(out) == 0 {
		return nil, fileErr("文件只有表头,没有数据行 / the file has a header but no rows")
	}
	if len(out) > MaxImportRows {
		return nil, tooManyRows()
	}
	return out, nil
}

func headerColumn(name string) string {
	if c, ok := columnAliases[strings.ToLower(name)]; ok {
		return c
	}
	// "指标 metric", "数值/value", "来源(source)": any part that names a column.
	parts := strings.FieldsFunc(name, func(r rune) bool { return strings.ContainsRune(" /()()|", r) })
	for _, p := range parts {
		if c, ok := columnAliases[strings.ToLower(p)]; ok {
			return c
		}
	}
	return ""
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
