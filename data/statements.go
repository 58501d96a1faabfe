package data

import (
	"context"
	"database/sql"
	"sync"
)

// readStatements keeps the readers' prepared statements of the hottest queries (a chart's
// series), prepared once per connection instead of once per call: SQLite parses and plans a
// query on every prepare, and for a series of a few hundred figures that was a sixth of its time
// (issue 16). PostgreSQL's driver caches its statements itself; a Stmt costs nothing more there.
type readStatements struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// query runs one of the readers' queries through its prepared statement.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.readStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	rs := &s.stmts
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if st := rs.stmts[query]; st != nil {
		return st, nil
	}
	st, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if rs.stmts == nil {
		rs.stmts = map[string]*sql.Stmt{}
	}
	rs.stmts[query] = st
	return st, nil
}
