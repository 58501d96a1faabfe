package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pjsx/data"
	"pjsx/data/datatest"
)

// TestImportTextRulesAsTheForm: source and note cells follow the form's text rules (valid UTF-8,
// no control characters but line breaks in a note, the length limits); each bad cell is a
// problem with its row and column, and nothing is written.
func TestImportTextRulesAsTheForm(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	row := func(line int, period, source, note string) data.ImportRow {
		return data.ImportRow{Line: line, Metric: "joint_meetings", Region: "joint", Period: period, Value: "3",
			Source: source, Note: note}
	}
	good := []data.ImportRow{
		row(2, "2016", "通报", "第一行\n第二行\r\n\t缩进"),
		row(3, "2017", strings.Repeat("源", data.MaxSourceLen), strings.Repeat("注", data.MaxNoteLen)),
	}
	bad := []struct {
		row         data.ImportRow
		column, msg string
	}{
		{row(4, "2018", "bell\x07", ""), "source", "控制字符"},
		{row(5, "2019", "a\nb", ""), "source", "控制字符"}, // a source is one line
		{row(6, "2020", "\xff\xfe来源", ""), "source", "UTF-8"},
		{row(7, "2021", strings.Repeat("源", data.MaxSourceLen+1), ""), "source", "太长"},
		{row(8, "2022", "通报", "nul\x00"), "note", "控制字符"},
		{row(9, "2023", "通报", "esc\x1b[31m"), "note", "控制字符"},
		{row(10, "2015", "通报", "bad \xc3\x28"), "note", "UTF-8"},
		{row(11, "2014", "通报", strings.Repeat("注", data.MaxNoteLen+1)), "note", "太长"},
	}
	all := func(string) bool { return true }
	rep, err := s.ImportFigures(ctx, data.Actor{Name: "t"}, good, all, false)
	if err != nil || len(rep.Problems) != 0 || len(rep.Lines) != 2 {
		t.Fatalf("good rows: %v %+v", err, rep.Problems)
	}
	rows := append([]data.ImportRow{}, good...)
	for _, b := range bad {
		rows = append(rows, b.row)
	}
	v0, _ := s.Version(ctx)
	rep, err = s.ImportFigures(ctx, data.Actor{Name: "t"}, rows, all, true)
	if !errors.Is(err, data.ErrImportRefused) {
		t.Fatalf("commit with bad text: %v", err)
	}
	if v, _ := s.Version(ctx); v != v0 {
		t.Error("an import with bad text wrote")
	}
	if len(rep.Problems) != len(bad) {
		t.Errorf("%d problems, want %d: %+v", len(rep.Problems), len(bad), rep.Problems)
	}
	for _, b := range bad {
		found := false
		for _, p := range rep.Problems {
			if p.Line == b.row.Line && p.Column == b.column && strings.Contains(p.Message, b.msg) && strings.Contains(p.Message, "/ ") {
				found = true
			}
		}
		if !found {
			t.Errorf("row %d: no problem on %s saying %q in %+v", b.row.Line, b.column, b.msg, rep.Problems)
		}
	}

	// A figure kept before these rules, with a two-line source: re-importing it unchanged (as an
	// export does) is fine, since nothing is written; changing its value needs a clean source.
	if _, err := datatest.SaveFigure(ctx, s, data.FigureInput{Metric: "joint_meetings", Period: "2013", Value: 2,
		Source: "第一行\n第二行", By: "t"}); err != nil {
		t.Fatal(err)
	}
	old := row(2, "2013", "第一行\n第二行", "")
	old.Value = "2"
	if rep, err := s.ImportFigures(ctx, data.Actor{Name: "t"}, []data.ImportRow{old}, all, true); err != nil || rep.Unchanged != 1 {
		t.Errorf("an unchanged row with an old two-line source: %v %+v", err, rep.Problems)
	}
	old.Value = "4"
	rep, err = s.ImportFigures(ctx, data.Actor{Name: "t"}, []data.ImportRow{old}, all, false)
	if len(rep.Problems) != 1 || rep.Problems[0].Column != "source" || err != nil {
		t.Errorf("a changed row with a two-line source: %v %+v", err, rep.Problems)
	}
}
