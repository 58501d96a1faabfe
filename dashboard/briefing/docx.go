package briefing

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	_ "image/png" // DecodeConfig of the chart images
	"strings"
	"time"
)

// Word measures: twentieths of a point (twips) for the page, EMU for drawings.
const (
	twipsPerMM = 1440 / 25.4
	emuPerMM   = 36000
)

// DOCX writes the briefing as a Word document with the same content as the PDF: text a writer
// can edit, tables as Word tables, charts as embedded PNGs. It is the smallest package of parts
// that Word, WPS and LibreOffice open: content types, relationships, the document, its styles
// (East Asian fonts set so Chinese is never drawn in a Latin face), a footer with the page number,
// the core properties and the images.
func DOCX(d Doc) ([]byte, error) {
	var body strings.Builder
	var media []docxImage
	docxCover(&body, d)
	for i, s := range d.Sections {
		// A page break before the heading, not a paragraph holding a break: after a full page
		// that paragraph would start a page of its own and leave it blank.
		paraPr(&body, "Heading1", `<w:pageBreakBefore/>`, fmt.Sprintf("%d. %s", i+1, s.Title))
		if len(s.PNG) > 0 {
			cfg, _, err := image.DecodeConfig(bytes.NewReader(s.PNG))
			if err != nil {
				return nil, fmt.Errorf("briefing: image of %q: %w", s.Title, err)
			}
			img := docxImage{id: len(media) + 1, png: s.PNG}
			media = append(media, img)
			w := textW * emuPerMM
			h := w * float64(cfg.Height) / float64(cfg.Width)
			fmt.Fprintf(&body, `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>%s</w:r></w:p>`,
				drawing(img, int64(w), int64(h), altText(s)))
		}
		for _, line := range d.sentences(s) {
			para(&body, "", line)
		}
		docxTable(&body, s)
		if note := d.trimmedNote(s); note != "" {
			para(&body, "Small", note)
		}
		for _, src := range s.Sources {
			para(&body, "Small", d.label(d.Labels.Sources, src))
		}
		if s.Link != "" {
			para(&body, "Small", d.label(d.Labels.Link, s.Link))
		}
	}

	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreProps(d)},
		{"word/document.xml", documentXML(body.String())},
		{"word/styles.xml", stylesXML(d.Lang)},
		{"word/footer1.xml", footerXML(d)},
		{"word/_rels/document.xml.rels", documentRels(media)},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if err := zipPart(zw, p.name, []byte(p.body), zip.Deflate, d.MadeAt); err != nil {
			return nil, err
		}
	}
	for _, m := range media {
		if err := zipPart(zw, m.path(), m.png, zip.Store, d.MadeAt); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("briefing: docx: %w", err)
	}
	return buf.Bytes(), nil
}

func twips(mm float64) int { return int(mm * twipsPerMM) }

func zipPart(zw *zip.Writer, name string, body []byte, method uint16, mod time.Time) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: mod})
	if err != nil {
		return fmt.Errorf("briefing: docx %s: %w", name, err)
	}
	_, err = w.Write(body)
	return err
}

type docxImage struct {
	id  int
	png []byte
}

func (m docxImage) rel() string  { return fmt.Sprintf("rIdImage%d", m.id) }
func (m docxImage) path() string { return fmt.Sprintf("word/media/chart%d.png", m.id) }

func docxCover(b *strings.Builder, d Doc) {
	for range 6 {
		para(b, "", "")
	}
	para(b, "Title", d.Title)
	if d.Subtitle != "" {
		para(b, "Subtitle", d.Subtitle)
	}
	para(b, "", d.label(d.Labels.MadeAt, d.MadeAt.Format("2006-01-02")))
	if d.AsOf != "" {
		para(b, "", d.label(d.Labels.AsOf, d.AsOf))
	}
	if d.Watermark != "" {
		para(b, "Alert", d.Watermark)
	}
	if len(d.Sections) > 0 {
		para(b, "Heading2", d.Labels.Contents)
		for i, s := range d.Sections {
			para(b, "", fmt.Sprintf("%d. %s", i+1, s.Title))
		}
	}
	if d.Permalink != "" {
		para(b, "Small", d.label(d.Labels.Link, d.Permalink))
	}
}

// altText describes a chart to a screen reader: its sentences, else its title.
func altText(s Section) string {
	if len(s.Sentences) == 0 {
		return s.Title
	}
	return strings.Join(s.Sentences, " ")
}

// esc escapes text for XML character data and attributes.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// para is one paragraph of one run; style "" is the document's normal text.
func para(b *strings.Builder, style, text string) { paraPr(b, style, "", text) }

// paraPr is a paragraph with more paragraph properties (XML) after its style.
func paraPr(b *strings.Builder, style, props, text string) {
	b.WriteString("<w:p>")
	if style != "" || props != "" {
		b.WriteString("<w:pPr>")
		if style != "" {
			fmt.Fprintf(b, `<w:pStyle w:val="%s"/>`, style)
		}
		b.WriteString(props + "</w:pPr>")
	}
	if text != "" {
		fmt.Fprintf(b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, esc(text))
	}
	b.WriteString("</w:p>")
}

// docxTable is the newest rows as a Word table whose header repeats on each page.
func docxTable(b *strings.Builder, s Section) {
	rows := s.shownRows()
	if len(s.Header) == 0 || len(rows) == 0 {
		return
	}
	shares := columnShares(s.Header, rows)
	total := twips(textW)
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="BriefTable"/>`)
	fmt.Fprintf(b, `<w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`, total)
	widths := make([]int, len(shares))
	for i, sh := range shares {
		widths[i] = int(sh * float64(total))
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, widths[i])
	}
	b.WriteString(`</w:tblGrid>`)
	row := func(cells []string, header bool) {
		b.WriteString("<w:tr>")
		if header {
			b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for i := range s.Header {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, widths[i])
			if header {
				b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="F1F3F5"/>`)
			}
			b.WriteString(`</w:tcPr>`)
			para(b, "TableText", text)
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	row(s.Header, true)
	for _, r := range rows {
		row(r, false)
	}
	b.WriteString("</w:tbl>")
}

// drawing is an inline picture: the DrawingML Word needs for one embedded PNG.
func drawing(m docxImage, cx, cy int64, title string) string {
	return fmt.Sprintf(`<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">`+
		`<wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="chart%d" descr="%s"/>`+
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">`+
		`<pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="chart%d.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>`,
		cx, cy, m.id, m.id, esc(title), m.id, m.id, m.rel(), cx, cy)
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

func documentRels(media []docxImage) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`)
	for _, m := range media {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart%d.png"/>`,
			m.rel(), m.id)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

// documentXML wraps the body with the A4 section: margins as the PDF's, the footer on every page.
func documentXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + wordNS + `><w:body>` + body +
		fmt.Sprintf(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>`+
			`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`+
			`</w:sectPr>`,
			twips(pageW), twips(pageH), twips(marginTop), twips(marginX), twips(marginBottom), twips(marginX)) +
		`</w:body></w:document>`
}

// footerXML numbers the pages with Word's PAGE and NUMPAGES fields, and carries the demo mark.
func footerXML(d Doc) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr ` + wordNS + `>`)
	if d.Watermark != "" {
		para(&b, "Alert", d.Watermark)
	}
	label := "%d / %s"
	if d.Labels.Page != "" {
		label = d.Labels.Page
	}
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Small"/><w:jc w:val="right"/></w:pPr>`)
	// The label is a Printf pattern: %d is the page, %s the page count.
	before, rest, _ := strings.Cut(label, "%d")
	middle, after, _ := strings.Cut(rest, "%s")
	run := func(text string) {
		if text != "" {
			fmt.Fprintf(&b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, esc(text))
		}
	}
	run(before)
	b.WriteString(`<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>`)
	run(middle)
	b.WriteString(`<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>`)
	run(after)
	b.WriteString(`</w:p></w:ftr>`)
	return b.String()
}

// stylesXML sets the fonts: Latin text in Arial, Chinese in 宋体 (headings 黑体), the faces every
// Chinese Word and WPS has; elsewhere the reader's system falls back to its own CJK font.
func stylesXML(lang string) string {
	tag := "zh-CN"
	if lang == "en" {
		tag = "en-GB"
	}
	style := func(id, name, font string, size int, extra string) string {
		return fmt.Sprintf(`<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="Normal"/>`+
			`<w:qFormat/><w:pPr>%s</w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="%s" w:cs="Arial"/>`+
			`<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`, id, name, extra, font, size, size)
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="宋体" w:cs="Arial" w:hint="eastAsia"/>` +
		`<w:color w:val="212529"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="` + tag + `" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		style("Title", "Title", "黑体", 48, `<w:spacing w:after="240"/>`) +
		style("Subtitle", "Subtitle", "宋体", 24, "") +
		style("Heading1", "heading 1", "黑体", 30, `<w:keepNext/><w:spacing w:before="120" w:after="160"/><w:outlineLvl w:val="0"/>`) +
		style("Heading2", "heading 2", "黑体", 26, `<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/>`) +
		style("Small", "Small", "宋体", 16, `<w:spacing w:after="40"/>`) +
		style("TableText", "Table Text", "宋体", 18, `<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>`) +
		`<w:style w:type="paragraph" w:styleId="Alert"><w:name w:val="Alert"/><w:basedOn w:val="Small"/><w:rPr><w:color w:val="C0392B"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:styleId="BriefTable"><w:name w:val="Brief Table"/><w:tblPr>` +
		`<w:tblBorders><w:top w:val="single" w:sz="4" w:color="CED4DA"/><w:left w:val="single" w:sz="4" w:color="CED4DA"/>` +
		`<w:bottom w:val="single" w:sz="4" w:color="CED4DA"/><w:right w:val="single" w:sz="4" w:color="CED4DA"/>` +
		`<w:insideH w:val="single" w:sz="4" w:color="CED4DA"/><w:insideV w:val="single" w:sz="4" w:color="CED4DA"/></w:tblBorders>` +
		`<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}

func coreProps(d Doc) string {
	made := d.MadeAt.UTC().Format(time.RFC3339)
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(d.Title) + `</dc:title><dc:creator>pjsx</dc:creator><dc:language>` + esc(d.Lang) + `</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + made + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + made + `</dcterms:modified>` +
		`</cp:coreProperties>`
}
