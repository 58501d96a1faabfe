package data

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrNotFound is returned when the asked-for record does not exist; handlers make it a 404.
var ErrNotFound = errors.New("not found")

// ValidationError lists, per field, why an input was refused. Nothing was written.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %s", k, e.Fields[k])
	}
	return "invalid " + strings.Join(parts, "; ")
}

// Add records a message for field, keeping the first one given.
func (e *ValidationError) Add(field, msg string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = msg
	}
}

// Err is nil when no field was refused.
func (e *ValidationError) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}
