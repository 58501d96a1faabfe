package dashboard

// provenanceMessages are the strings that say where a page's figures come from.
var provenanceMessages = map[string][2]string{
	"cite.heading": {"引用本页", "Cite this page"},
	"about.sheet":  {"出处", "Provenance"},
	"cite.hint":    {"复制下面一行，粘贴到报告中。", "Copy this line into your report."},
}
