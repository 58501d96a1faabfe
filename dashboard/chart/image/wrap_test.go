package image

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/golang/freetype/truetype"

	"pjsx/templates"
)

// TestSourcesWrapBetweenWordsOrCharacters: a Latin source breaks at spaces, never inside a word;
// a Chinese one between characters, with a comma kept on the line before it; a URL longer than a
// line is broken where it must, and nothing is lost.
func TestSourcesWrapBetweenWordsOrCharacters(t *testing.T) {
	ttf, err := fs.ReadFile(templates.FS, "static/dist/fonts/NotoSansSC-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := truetype.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	face := truetype.NewFace(f, &truetype.Options{Size: 11, DPI: 96})
	en := "Sources: Beijing Municipal Commission of Transport, annual report on the construction of the Pinggu line; Hebei Provincial Government"
	lines := wrapText(en, face, 260, 10)
	if len(lines) < 3 {
		t.Fatalf("not wrapped: %q", lines)
	}
	words := strings.Fields(en)
	var got []string
	for _, l := range lines {
		if strings.HasPrefix(l, " ") || strings.HasSuffix(l, " ") {
			t.Errorf("line %q starts or ends with a space", l)
		}
		got = append(got, strings.Fields(l)...)
	}
	if strings.Join(got, " ") != strings.Join(words, " ") {
		t.Errorf("a word was broken or lost:\n%q\n%q", got, words)
	}
	zh := "来源：北京市交通委员会，平谷线建设年度报告；河北省人民政府关于推进京津冀协同发展的工作报告"
	lines = wrapText(zh, face, 150, 10)
	if len(lines) < 3 || strings.Join(lines, "") != zh {
		t.Fatalf("Chinese wrapped to %q", lines)
	}
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "，") || strings.HasPrefix(l, "；") {
			t.Errorf("line %q starts with punctuation", l)
		}
	}
	// A half-width comma after a Chinese word stays on its line too.
	mixed := "来源：新华社《京冀首条跨省域城市轨道交通线路》,2025-02-21；河北日报《平谷线建设图片报道》,2025-03-24；新京报,2025-05-10:河北段车站主体结构完成60%"
	for _, w := range []float64{120, 160, 200, 240} {
		lines = wrapText(mixed, face, w, 20)
		if strings.Join(lines, "") != mixed {
			t.Fatalf("mixed wrapped to %q", lines)
		}
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, ",") || strings.HasPrefix(l, "；") {
				t.Errorf("width %v: line %q starts with punctuation", w, l)
			}
		}
	}
	url := "https://example.org/" + strings.Repeat("abcdefghij", 12)
	lines = wrapText(url, face, 200, 10)
	if len(lines) < 2 || strings.Join(lines, "") != url {
		t.Errorf("URL wrapped to %q", lines)
	}
	cut := wrapText(en, face, 260, 2)
	if len(cut) != 2 || !strings.HasSuffix(cut[1], "…") {
		t.Errorf("cut to two lines: %q", cut)
	}
}
