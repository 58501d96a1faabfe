package data

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteImportTemplateCSV writes an empty import file: a UTF-8 BOM (so Excel reads the Chinese
// right) and the header row.
func WriteImportTemplateCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(ImportColumns)
	cw.Flush()
	return cw.Error()
}

// WriteImportTemplateXLSX writes an import workbook: the first sheet to fill in, then the metric
// and region codes for reference.
func (s *Store) WriteImportTemplateXLSX(ctx context.Context, w io.Writer) error {
	metrics, err := s.Metrics(ctx)
	if err != nil {
		return err
	}
	regions, err := s.Regions(ctx)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	const data, ms, rs = "figures", "metrics 指标", "regions 地区"
	f.SetSheetName("Sheet1", data)
	header := make([]any, len(ImportColumns))
	for i, c := range ImportColumns {
		header[i] = c
	}
	f.SetSheetRow(data, "A1", &header)
	f.SetColWidth(data, "A", "A", 28)
	f.SetColWidth(data, "F", "F", 48) // source
	// Periods as text, so Excel does not turn 2024-03 into a date.
	if style, err := f.NewStyle(&excelize.Style{NumFmt: 49}); err == nil {
		f.SetColStyle(data, "C", style)
	}
	f.NewSheet(ms)
	f.SetSheetRow(ms, "A1", &[]any{"metric 代码", "名称", "name", "单位 unit", "kind", "retired"})
	row := 2
	for _, m := range metrics {
		f.SetSheetRow(ms, fmt.Sprintf("A%d", row), &[]any{m.Code, m.NameZh, m.NameEn, m.UnitZh, m.Kind, m.Retired})
		row++
	}
	f.NewSheet(rs)
	f.SetSheetRow(rs, "A1", &[]any{"region 代码", "名称", "name"})
	f.SetSheetRow(rs, "A2", &[]any{"joint", "四地合计(留空亦可)", "four places together (or leave empty)"})
	for i, r := range regions {
		f.SetSheetRow(rs, fmt.Sprintf("A%d", i+3), &[]any{r.Code, r.NameZh, r.NameEn})
	}
	_, err = f.WriteTo(w)
	return err
}
