package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
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
// spreadsheet shows (the header is row 1 when it is the first row); for a CSV file it counts
// records, so a cell with a line break in it does not shift the numbers. Sheet names the XLSX
// sheet it came from.
type ImportRow struct {
	Sheet  string `json:"sheet,omitempty"`
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
type ImportFileError struct {
	Msg      string
	noHeader bool // a sheet with no header row: skipped when other sheets have one
}

func (e *ImportFileError) Error() string { return e.Msg }

func fileErr(format string, args ...any) error {
	return &ImportFileError{Msg: fmt.Sprintf(format, args...)}
}

// ImportFile is what a file holds for the import: its rows, and the sheets of an XLSX file that
// were not read because no row of theirs names the columns (an instructions sheet, a chart).
type ImportFile struct {
	Rows          []ImportRow
	SkippedSheets []string
	Metrics       []Metric // the catalog the file carries (an export's "metrics" sheet or file)
}

// ParseImportFile reads the rows of an import file; see ParseImport.
func ParseImportFile(name string, body []byte) ([]ImportRow, error) {
	f, err := ParseImport(name, body)
	return f.Rows, err
}

// ParseImport reads a CSV (UTF-8 with or without BOM, UTF-16 as Excel's "Unicode text", or
// GBK/GB18030 as Chinese Excel saves it) or an XLSX file (every sheet with a header row).
func ParseImport(name string, body []byte) (ImportFile, error) {
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return ImportFile{}, fileErr("文件为空 / the file is empty")
	case len(body) > MaxImportBytes:
		return ImportFile{}, fileErr("文件超过 %d MB / the file is larger than %d MB", MaxImportBytes>>20, MaxImportBytes>>20)
	case bytes.HasPrefix(body, []byte("PK\x03\x04")):
		return parseXLSX(body)
	case bytes.HasPrefix(body, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return ImportFile{}, fileErr("不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 或 CSV / old .xls files are not read: save it as .xlsx or CSV in Excel")
	case strings.HasSuffix(strings.ToLower(name), ".xlsx"):
		return ImportFile{}, fileErr("文件不是有效的 XLSX / the file is not a valid XLSX file")
	}
	text, err := decodeText(body)
	if err != nil {
		return ImportFile{}, err
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

func parseCSV(text string) (ImportFile, error) {
	r := csv.NewReader(strings.NewReader(text))
	first, _, _ := strings.Cut(text, "\n")
	if strings.Count(first, "\t") > strings.Count(first, ",") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	var records [][]string
	var lines []int
	extra := 0 // line breaks inside the cells of the records read so far
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			n := perr.StartLine - extra
			return ImportFile{}, fileErr("第%d行 CSV 格式有误(%v)/ row %d: malformed CSV (%v)", n, perr.Err, n, perr.Err)
		}
		if err != nil {
			return ImportFile{}, fileErr("无法读取 CSV / cannot read the CSV: %v", err)
		}
		// The row a spreadsheet shows: the text line, less the line breaks inside earlier cells
		// (a blank line is an empty row there too).
		start, _ := r.FieldPos(0)
		records, lines = append(records, rec), append(lines, start-extra)
		for _, c := range rec {
			extra += strings.Count(c, "\n")
		}
		if len(records) > MaxImportRows+50 {
			return ImportFile{}, tooManyRows()
		}
	}
	t := table{records: records, lines: lines}
	if catalog, err := catalogFromTable(t); err != nil || catalog != nil {
		return ImportFile{Metrics: catalog}, err
	}
	rows, err := rowsFromTable(t)
	var ferr *ImportFileError
	if errors.As(err, &ferr) {
		return ImportFile{}, &ImportFileError{Msg: ferr.Msg} // no header is the file's problem, not a sheet to skip
	}
	return ImportFile{Rows: rows}, err
}

func tooManyRows() error {
	return fileErr("数据超过 %d 行,请分成几个文件 / more than %d rows: split the file", MaxImportRows, MaxImportRows)
}

// XLSX limits: a zip of a few MB can unpack to gigabytes (a "zip bomb"). Parts larger than
// xlsxPartInMemory are unpacked to a temporary file and read as a stream; past xlsxUnzipLimit in
// all the file is refused. 100,000 rows of six columns unpack to some 30 MB.
const (
	xlsxUnzipLimit   = 128 << 20
	xlsxPartInMemory = 16 << 20
	// xlsxMaxBlankRows bounds the empty rows read between data rows, so a sheet whose one
	// row is numbered a million costs no more than a full one.
	xlsxMaxBlankRows = MaxImportRows
)

var excelSerialRE = regexp.MustCompile(`^\d{5}(\.\d+)?$`)

func parseXLSX(body []byte) (ImportFile, error) {
	f, err := excelize.OpenReader(bytes.NewReader(body), excelize.Options{
		UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxPartInMemory})
	if errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) || (err != nil && strings.Contains(err.Error(), "unzip size")) {
		return ImportFile{}, fileErr("XLSX 文件解压后超过 %d MB,请分成几个文件 / the XLSX file unpacks to more than %d MB: split it",
			xlsxUnzipLimit>>20, xlsxUnzipLimit>>20)
	}
	if err != nil {
		return ImportFile{}, fileErr("文件不是有效的 XLSX / the file is not a valid XLSX file")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return ImportFile{}, fileErr("文件为空 / the file is empty")
	}
	var out ImportFile
	budget := MaxImportRows + 50 // data rows left to read, over all sheets
	for _, sheet := range sheets {
		t, err := readSheet(f, sheet, budget)
		if err != nil {
			return ImportFile{}, err
		}
		budget -= len(t.records)
		catalog, err := catalogFromTable(t)
		if err != nil {
			return ImportFile{}, err
		}
		if catalog != nil {
			out.Metrics = append(out.Metrics, catalog...)
			continue
		}
		rows, err := rowsFromTable(t)
		var ferr *ImportFileError
		if errors.As(err, &ferr) && ferr.noHeader {
			out.SkippedSheets = append(out.SkippedSheets, sheet)
			continue
		}
		if err != nil {
			return ImportFile{}, err
		}
		out.Rows = append(out.Rows, rows...)
		if len(out.Rows) > MaxImportRows {
			return ImportFile{}, tooManyRows()
		}
	}
	if len(out.Rows) == 0 && len(out.Metrics) == 0 {
		if len(out.SkippedSheets) == len(sheets) {
			return ImportFile{}, fileErr("没有一个工作表有表头行(%s);表头行须列出%s / no sheet has a header row (%s): the header row names the columns %s",
				quoteList(out.SkippedSheets, "、"), columnList("zh"), quoteList(out.SkippedSheets, ", "), columnList("en"))
		}
	}
	return out, nil
}

// readSheet streams one sheet's rows (never the whole sheet at once) up to budget non-blank
// rows: the text each cell shows, and its stored value beside it.
func readSheet(f *excelize.File, sheet string, budget int) (table, error) {
	t := table{sheet: sheet}
	shownRows, err := f.Rows(sheet)
	if err != nil {
		return t, fileErr("无法读取工作表“%s” / cannot read the sheet %q", sheet, sheet)
	}
	defer shownRows.Close()
	rawRows, err := f.Rows(sheet)
	if err != nil {
		return t, fileErr("无法读取工作表“%s” / cannot read the sheet %q", sheet, sheet)
	}
	defer rawRows.Close()
	var raws [][]string
	line, blanks := 0, 0
	for shownRows.Next() && rawRows.Next() {
		line++
		shown, err := shownRows.Columns()
		if errors.Is(err, excelize.ErrMaxRows) {
			return t, tooManyRows()
		}
		if err != nil {
			return t, fileErr("无法读取工作表“%s”第%d行 / cannot read row %d of the sheet %q", sheet, line, line, sheet)
		}
		raw, err := rawRows.Columns(excelize.Options{RawCellValue: true})
		if errors.Is(err, excelize.ErrMaxRows) {
			return t, tooManyRows()
		}
		if err != nil {
			return t, fileErr("无法读取工作表“%s”第%d行 / cannot read row %d of the sheet %q", sheet, line, line, sheet)
		}
		if blank(shown) {
			if blanks++; blanks > xlsxMaxBlankRows {
				return t, tooManyRows()
			}
			continue
		}
		if len(t.records) >= budget {
			return t, tooManyRows()
		}
		t.records, raws, t.lines = append(t.records, shown), append(raws, raw), append(t.lines, line)
	}
	if err := shownRows.Error(); err != nil {
		return t, tooManyRows() // excelize stops at a row numbered past the format's limit
	}
	t.pick = func(col string, i, j int) string { return xlsxCell(col, cell(t.records, i, j), cell(raws, i, j)) }
	return t, nil
}

// xlsxCell chooses what a cell says: its stored value keeps every digit, its shown text keeps
// the kind of cell. A percent-formatted value (0.605 shown as 61%) is its value × 100 with a
// percent sign ("60.5%"), which only a percent metric accepts. A date is the period it shows
// when that is one (2024-06 for a cell formatted yyyy-mm), else its day.
func xlsxCell(col, shown, raw string) string {
	shown, raw = strings.TrimSpace(shown), strings.TrimSpace(raw)
	switch col {
	case "value":
		if strings.HasSuffix(shown, "%") {
			if v, ok := timesHundred(raw); ok {
				return v + "%"
			}
			return shown
		}
		if raw != "" {
			return raw
		}
		return shown
	case "period":
		if excelSerialRE.MatchString(raw) {
			if _, _, err := ParsePeriod(shown); err == nil {
				return shown
			}
			if n, err := strconv.ParseFloat(raw, 64); err == nil {
				if t, err := excelize.ExcelDateToTime(n, false); err == nil {
					return t.Format("2006-01-02")
				}
			}
		}
		if raw != "" && raw != shown {
			if _, _, err := ParsePeriod(raw); err != nil {
				return shown
			}
		}
		if raw == "" {
			return shown
		}
		return raw
	}
	return shown
}

// timesHundred is a decimal number times 100, exactly ("0.605" → "60.5", never 60.49999…).
func timesHundred(s string) (string, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return "", false
	}
	r.Mul(r, big.NewRat(100, 1))
	out := r.FloatString(12)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	return out, true
}

func cell(rows [][]string, i, j int) string {
	if i < len(rows) && j < len(rows[i]) {
		return rows[i][j]
	}
	return ""
}

// table is a file's cells before they become rows: its records, the row number each shows
// (nil: one record a row, counted from 1), the sheet's name for an XLSX file, and pick, when
// set, to choose a cell's text.
type table struct {
	sheet   string
	records [][]string
	lines   []int
	pick    func(col string, i, j int) string
}

func (t table) line(i int) int {
	if t.lines != nil {
		return t.lines[i]
	}
	return i + 1
}

// where names a row for a message: "工作表“数据”第3行 / row 3 of the sheet "数据"".
func (t table) where(i int) (zh, en string) {
	n := t.line(i)
	if t.sheet == "" {
		return fmt.Sprintf("第%d行", n), fmt.Sprintf("row %d", n)
	}
	return fmt.Sprintf("工作表“%s”第%d行", t.sheet, n), fmt.Sprintf("row %d of the sheet %q", n, t.sheet)
}

// headerSearchRows is how far down a header row may be: a title or a note above it is fine.
const headerSearchRows = 10

// findHeader is the first of the first non-blank rows that names at least two columns.
func findHeader(t table) int {
	seen := 0
	for i, rec := range t.records {
		if blank(rec) {
			continue
		}
		if seen++; seen > headerSearchRows {
			break
		}
		known := 0
		for _, h := range rec {
			if headerColumn(cleanHeader(h)) != "" {
				known++
			}
		}
		if known >= 2 {
			return i
		}
	}
	return -1
}

func cleanHeader(h string) string { return strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) }

// rowsFromTable finds the header row, maps its columns and reads every non-blank row after it.
func rowsFromTable(t table) ([]ImportRow, error) {
	first := -1
	for i, rec := range t.records {
		if !blank(rec) {
			first = i
			break
		}
	}
	if first < 0 {
		if t.sheet != "" {
			return nil, &ImportFileError{Msg: "empty sheet", noHeader: true}
		}
		return nil, fileErr("文件为空 / the file is empty")
	}
	head := findHeader(t)
	if head < 0 {
		zh, en := t.where(first)
		var cells []string
		for _, c := range t.records[first] {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
		}
		got := truncateRunes(strings.Join(cells, " | "), 80)
		return nil, &ImportFileError{noHeader: true, Msg: fmt.Sprintf(
			"找不到表头行:表头须列出%s,可以不在第一行,但须在前%d行内;%s是“%s” / no header row: it names the columns %s and may follow a title, within the first %d rows; %s reads %q",
			columnList("zh"), headerSearchRows, zh, got, columnList("en"), headerSearchRows, en, got)}
	}
	cols := map[int]string{}
	seen := map[string]bool{}
	hzh, hen := t.where(head)
	for j, h := range t.records[head] {
		name := cleanHeader(h)
		if name == "" {
			continue
		}
		col := headerColumn(name)
		if col == "" {
			return nil, fileErr("%s的表头有未知列“%s”(可用列:%s)/ unknown column %q in the header, %s (columns: %s)",
				hzh, name, columnList("zh"), name, hen, columnList("en"))
		}
		if seen[col] {
			return nil, fileErr("%s的表头中列“%s”出现了两次 / column %q appears twice in the header, %s", hzh, name, name, hen)
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
		var zhs []string
		for _, c := range missing {
			zhs = append(zhs, columnZh[c]+" "+c)
		}
		return nil, fileErr("%s的表头缺少列:%s / missing columns: %s (header: %s)", hzh, strings.Join(zhs, "、"), strings.Join(missing, ", "), hen)
	}
	var out []ImportRow
	for i := head + 1; i < len(t.records); i++ {
		if blank(t.records[i]) {
			continue
		}
		row := ImportRow{Sheet: t.sheet, Line: t.line(i)}
		for j, col := range cols {
			v := cell(t.records, i, j)
			if t.pick != nil {
				v = t.pick(col, i, j)
			}
			v = strings.TrimSpace(NormalizeNewlines(v))
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
		if t.sheet != "" {
			return nil, fileErr("工作表“%s”只有表头,没有数据行 / the sheet %q has a header but no rows", t.sheet, t.sheet)
		}
		return nil, fileErr("文件只有表头,没有数据行 / the file has a header but no rows")
	}
	if len(out) > MaxImportRows {
		return nil, tooManyRows()
	}
	return out, nil
}

// columnZh is each column's Chinese header.
var columnZh = map[string]string{"metric": "指标", "region": "地区", "period": "时期", "value": "数值", "source": "来源", "note": "备注"}

// columnList names the columns for a message, with their Chinese headers in the Chinese one.
func columnList(lang string) string {
	var parts []string
	for _, c := range ImportColumns {
		if lang == "zh" {
			parts = append(parts, columnZh[c]+" "+c)
		} else {
			parts = append(parts, c+" ("+columnZh[c]+")")
		}
	}
	if lang == "zh" {
		return strings.Join(parts, "、")
	}
	return strings.Join(parts, ", ")
}

func quoteList(names []string, sep string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "“" + n + "”"
	}
	return strings.Join(q, sep)
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
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
