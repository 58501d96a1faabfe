package dashboard

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pjsx/dashboard/i18n"
	"pjsx/templates"
)

// TestMessagesComplete finds every message key the templates and handlers use and checks that
// it has both a Chinese and an English text.
func TestMessagesComplete(t *testing.T) {
	used := map[string]string{}
	tmplKey := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := fs.ReadFile(templates.FS, p)
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = p
		}
		return nil
	})
	goKey := regexp.MustCompile(`\btr\([a-zA-Z.]+, "([a-z0-9_.]+)"\)`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = f
		}
	}
	if len(used) < 20 {
		t.Fatalf("found only %d message keys in use; the scan is broken", len(used))
	}
	for key, where := range used {
		if !i18n.Default.Has(key) {
			t.Errorf("%s uses message %q, which has no text", where, key)
			continue
		}
		for _, lang := range []string{i18n.Zh, i18n.En} {
			if text := i18n.Default.T(lang, key); text == "" || text == "["+key+"]" {
				t.Errorf("message %q has no %s text", key, lang)
			}
		}
	}
}
