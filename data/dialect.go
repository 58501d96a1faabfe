package data

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
)

// Dialect is the kind of database a Store talks to. SQLite is the default; PostgreSQL is the
// second store (issue 17). Queries are written once, in SQLite's placeholders (`?`, `:name`), and
// the PostgreSQL connection rebinds them (rebind); where the SQL itself must differ, the call site
// holds both texts and picks one by the Store's dialect.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// IsPostgresDSN says whether a --db value names a PostgreSQL database rather than a SQLite file.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// bound is a query rewritten for PostgreSQL: its text with $n placeholders, and for each $n the
// argument it takes: a positional `?` (its 0-based position among the `?`) or a name.
type bound struct {
	text   string
	params []boundParam
}

type boundParam struct {
	pos  int    // index among the positional arguments, when name is ""
	name string // the :name of a named argument
}

var rebound sync.Map // query text → *bound; queries are constants, so the cache stays small

// rebind turns SQLite placeholders into PostgreSQL ones: `?` → `$n`, `:name` → `$n` (one n per
// name), and SQLite's NULL-safe `IS x` / `IS NOT x` (x a placeholder or a column) into
// `IS [NOT] DISTINCT FROM x`; PostgreSQL's own `IS NULL`, `IS TRUE`, `IS DISTINCT FROM`… stay.
// Quoted strings, identifiers, comments and `::` casts are left alone.
func rebind(query string) *bound {
	if b, ok := rebound.Load(query); ok {
		return b.(*bound)
	}
	b := rebindText(query)
	rebound.Store(query, b)
	return b
}

func rebindText(q string) *bound {
	var out strings.Builder
	out.Grow(len(q) + 16)
	b := &bound{}
	names := map[string]int{} // name → its $n
	positional := 0
	emit := func(p boundParam) {
		n := 0
		if p.name != "" {
			if k, ok := names[p.name]; ok {
				n = k
			}
		}
		if n == 0 {
			b.params = append(b.params, p)
			n = len(b.params)
			if p.name != "" {
				names[p.name] = n
			}
		}
		rewriteIS(&out)
		fmt.Fprintf(&out, "$%d", n)
	}
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // '' inside a string
						j += 2
						continue
					}
					break
				}
				j++
			}
			out.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			out.WriteString(q[i : i+j])
			i += j - 1
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			end := len(q)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			out.WriteString(q[i:end])
			i = end - 1
		case c == '$' && i+1 < len(q) && q[i+1] == '$': // a dollar-quoted body
			j := strings.Index(q[i+2:], "$$")
			end := len(q)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			out.WriteString(q[i:end])
			i = end - 1
		case c == ':' && i+1 < len(q) && q[i+1] == ':': // a cast
			out.WriteString("::")
			i++
		case c == ':' && i+1 < len(q) && isNameStart(q[i+1]):
			j := i + 1
			for j < len(q) && isNamePart(q[j]) {
				j++
			}
			emit(boundParam{name: q[i+1 : j]})
			i = j - 1
		case c == '?':
			emit(boundParam{pos: positional})
			positional++
		case isNameStart(c) && (i == 0 || !isNamePart(q[i-1])):
			j := i
			for j < len(q) && isNamePart(q[j]) {
				j++
			}
			word := q[i:j]
			if strings.EqualFold(word, "IS") { // IS before a column (IS before a placeholder: emit)
				next, after := nextWord(q, j)
				if strings.EqualFold(next, "NOT") {
					if col, _ := nextWord(q, after); col != "" && !pgIsKeywords[strings.ToUpper(col)] {
						word, j = "IS DISTINCT FROM", after
					}
				} else if next != "" && !pgIsKeywords[strings.ToUpper(next)] {
					word = "IS NOT DISTINCT FROM"
				}
			}
			out.WriteString(word)
			i = j - 1
		default:
			out.WriteByte(c)
		}
	}
	b.text = out.String()
	return b
}

// pgIsKeywords are the words PostgreSQL's own IS takes: after any other word (a column) the IS
// is SQLite's NULL-safe equality.
var pgIsKeywords = map[string]bool{"NULL": true, "TRUE": true, "FALSE": true, "UNKNOWN": true, "DISTINCT": true,
	"DOCUMENT": true, "NORMALIZED": true, "JSON": true, "OF": true, "NFC": true, "NFD": true, "NFKC": true, "NFKD": true}

// nextWord is the word after blanks from i (or "" when a non-word comes first) and where it ends.
func nextWord(q string, i int) (string, int) {
	for i < len(q) && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
		i++
	}
	j := i
	for j < len(q) && isNamePart(q[j]) {
		j++
	}
	if j == i || !isNameStart(q[i]) {
		return "", i
	}
	return q[i:j], j
}

// rewriteIS turns a trailing "IS " or "IS NOT " in out into PostgreSQL's NULL-safe comparison.
func rewriteIS(out *strings.Builder) {
	s := out.String() // no copy
	t := strings.TrimRight(s, " \t\n")
	var repl string
	var cut int
	switch {
	case endsWithWord(t, "IS NOT"):
		cut, repl = len(t)-len("IS NOT"), "IS DISTINCT FROM "
	case endsWithWord(t, "IS"):
		cut, repl = len(t)-len("IS"), "IS NOT DISTINCT FROM "
	default:
		return
	}
	out.Reset()
	out.WriteString(s[:cut])
	out.WriteString(repl)
}

// endsWithWord says whether s ends with word (any case) after a space, tab or newline.
func endsWithWord(s, word string) bool {
	n := len(s) - len(word)
	return n > 0 && strings.EqualFold(s[n:], word) && strings.ContainsRune(" \t\n", rune(s[n-1]))
}

func isNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isNamePart(c byte) bool { return isNameStart(c) || (c >= '0' && c <= '9') }

// pick is the SQL for this store's dialect, where the two must differ.
func (s *Store) pick(sqlite, postgres string) string {
	if s.dialect == Postgres {
		return postgres
	}
	return sqlite
}

// RedactDSN is a --db value fit for a log: a PostgreSQL address without its password.
func RedactDSN(dsn string) string {
	if !IsPostgresDSN(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable address)"
	}
	return u.Redacted()
}
