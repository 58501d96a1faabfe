package main

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBriefingCommand: `pjsx briefing` writes the PDF and the Word file of the charts named, a
// bad metric or format is an error naming it, and nothing is written then.
func TestBriefingCommand(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	db := filepath.Join(dir, "pjsx.db")
	pdf := filepath.Join(dir, "b.pdf")
	if err := briefing(log, []string{"--metrics", "cross_border_bus_lines,rail22_station_structure", "--out", pdf, "--db", db}); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("no PDF written: %v %q", err, body[:min(len(body), 8)])
	}
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command(bin, "-enc", "UTF-8", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.NewReplacer("\n", "", " ", "").Replace(string(text))
		if !strings.Contains(flat, "截至2024年，平谷区跨省公交线路累计8条") {
			t.Errorf("the PDF lacks the bus lines sentence:\n%s", flat)
		}
	} else if os.Getenv("CI") == "true" {
		t.Fatal("pdftotext is missing: .ci/deps installs poppler-utils")
	}

	docx := filepath.Join(dir, "b.docx") // the format follows the file name
	if err := briefing(log, []string{"--metrics", "cross_border_bus_lines", "--out", docx, "--lang", "en", "--db", db}); err != nil {
		t.Fatal(err)
	}
	if body, _ := os.ReadFile(docx); !bytes.HasPrefix(body, []byte("PK")) {
		t.Errorf("no DOCX (a zip) written")
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--metrics", "nope"}, "metrics"},
		{[]string{}, "--metrics"},
		{[]string{"--metrics", "cross_border_bus_lines", "--format", "odt"}, "--format"},
		{[]string{"--metrics", "cross_border_bus_lines", "--asof", "2024-02-30"}, "asof"},
		{[]string{"--metrics", "cross_border_bus_lines", "--regions", "beijing"}, "regions"},
	} {
		out := filepath.Join(dir, "bad.pdf")
		err := briefing(log, append(tc.args, "--out", out, "--db", db))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("pjsx briefing %v: %v, want an error naming %s", tc.args, err, tc.want)
		}
		if _, statErr := os.Stat(out); statErr == nil {
			t.Errorf("pjsx briefing %v wrote a file", tc.args)
		}
	}
}
