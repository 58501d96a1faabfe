// Package briefingtest reads briefings back for tests: what a Word or PDF reader would see as text.
package briefingtest

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Paragraphs is the text of each paragraph of a DOCX's word/document.xml, parsed as XML (a file
// that is not well-formed fails the test).
func Paragraphs(t testing.TB, documentXML []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(documentXML))
	var paras []string
	var cur strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return paras
		}
		if err != nil {
			t.Fatalf("word/document.xml is not well-formed: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			inText = el.Name.Local == "t"
		case xml.EndElement:
			inText = false
			if el.Name.Local == "p" {
				paras = append(paras, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(el)
			}
		}
	}
}

// Tool finds the first of names on PATH, a command a test needs (pdftotext, soffice); when
// none is there it fails under CI=true (.ci/deps installs them) and skips the test elsewhere.
func Tool(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing: .ci/deps installs it (Debian's poppler-utils, libreoffice-writer-nogui)", names[0])
	}
	t.Skipf("%s is missing: install poppler-utils and libreoffice-writer-nogui to run this test", names[0])
	return ""
}

// PDFText is the text pdftotext reads from a PDF, without line breaks and spaces, so a sentence
// wrapped over lines still reads whole.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	bin := Tool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.NewReplacer("\n", "", " ", "").Replace(string(out))
}
