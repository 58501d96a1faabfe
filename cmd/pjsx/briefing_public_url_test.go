package main

import (
	"archive/zip"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// `pjsx briefing --public-url` (or PJSX_PUBLIC_URL) links the Word briefing to the public
// address; a URL that is not an absolute http(s) address is refused and nothing is written.
func TestBriefingCommandLinksToThePublicURL(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	db := filepath.Join(dir, "pjsx.db")
	docx := filepath.Join(dir, "b.docx")
	t.Setenv("PJSX_PUBLIC_URL", "https://pjsx.example.gov.cn")
	if err := briefing(log, []string{"--metrics", "cross_border_bus_lines", "--out", docx, "--db", db}); err != nil {
		t.Fatal(err)
	}
	if doc := docxDocument(t, docx); !strings.Contains(doc, "https://pjsx.example.gov.cn/metrics/cross_border_bus_lines?lang=zh") {
		t.Errorf("the briefing does not link to the public URL:\n%s", doc)
	}
	bad := filepath.Join(dir, "bad.docx")
	if err := briefing(log, []string{"--metrics", "cross_border_bus_lines", "--out", bad, "--db", db,
		"--public-url", "pjsx.example.gov.cn"}); err == nil || !strings.Contains(err.Error(), "public URL") {
		t.Errorf("a bare host name as --public-url: %v, want an error naming the public URL", err)
	}
	if _, err := zip.OpenReader(bad); err == nil {
		t.Error("a refused --public-url still wrote a file")
	}
}

// docxDocument is the text of a DOCX's word/document.xml.
func docxDocument(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
