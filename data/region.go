package data

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// Region is one of the four places. The four together ("平蓟三兴" joint) are not a row: a figure
// with no region belongs to them.
type Region struct {
	Code       string `json:"code"`
	NameZh     string `json:"name_zh"`
	NameEn     string `json:"name_en"`
	ProvinceZh string `json:"province_zh"`
	ProvinceEn string `json:"province_en"`
	Sort       int    `json:"sort"`
}

// Regions lists the places in their display order.
func (s *Store) Regions(ctx context.Context) ([]Region, error) {
	// Read once per catalog version: a page asks for them several times (its filters, each
	// chart, its sentences), and after a save of a figure the reader waits for every query.
	at, err := s.VersionOf(ctx, Shows{})
	if err != nil {
		return nil, err
	}
	c := &s.regions
	c.mu.Lock()
	if c.ok && c.at == at {
		defer c.mu.Unlock()
		return slices.Clone(c.regions), nil
	}
	c.mu.Unlock()
	out, err := s.readRegions(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.regions, c.at, c.ok = out, at, true // read after at: never older than the catalog at at
	c.mu.Unlock()
	return slices.Clone(out), nil
}

// regionsRead is the regions as read at a catalog version.
type regionsRead struct {
	mu      sync.Mutex
	at      int64
	ok      bool
	regions []Region
}

func (s *Store) readRegions(ctx context.Context) ([]Region, error) {
	rows, err := s.r.QueryContext(ctx,
		`SELECT code, name_zh, name_en, province_zh, province_en, sort FROM regions ORDER BY sort, code`)
	if err != nil {
		return nil, fmt.Errorf("data.Regions: %w", err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Code, &r.NameZh, &r.NameEn, &r.ProvinceZh, &r.ProvinceEn, &r.Sort); err != nil {
			return nil, fmt.Errorf("data.Regions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Category groups metrics: mechanism, ecology, transport, industry, public services, healthcare.
type Category struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	Sort   int    `json:"sort"`
}

// Categories lists the categories in their display order.
func (s *Store) Categories(ctx context.Context) ([]Category, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name_zh, name_en, sort FROM categories ORDER BY sort, code`)
	if err != nil {
		return nil, fmt.Errorf("data.Categories: %w", err)
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.Code, &c.NameZh, &c.NameEn, &c.Sort); err != nil {
			return nil, fmt.Errorf("data.Categories: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
