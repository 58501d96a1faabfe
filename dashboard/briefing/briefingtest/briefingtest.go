// Package briefingtest reads briefings back for tests: what a Word reader would see as text.
package briefingtest

import (
	"bytes"
	"encoding/xml"
	"io"
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
