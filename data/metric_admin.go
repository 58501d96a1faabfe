package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

var metricCodeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{1,47}$`)

// AddMetric adds a metric to the catalog (admin). Messages Chinese first, then English.
func (s *Store) AddMetric(ctx context.Context, a Actor, m Metric) error {
	return s.addMetric(ctx, a, m, true)
}

// ValidateMetric says, without writing, what AddMetric would refuse: for a form with other
// fields already refused.
func (s *Store) ValidateMetric(ctx context.Context, m Metric) error {
	err := s.addMetric(ctx, Actor{}, m, false)
	if errors.Is(err, errOnlyChecked) {
		return nil
	}
	return err
}

var errOnlyChecked = errors.New("checked, not written")

func (s *Store) addMetric(ctx context.Context, a Actor, m Metric, write bool) error {
	return s.Tx(ctx, func(tx *sql.Tx) error { return addMetricTx(ctx, tx, a, m, write) })
}

// addMetricTx checks m by the catalog's rules and, when write is true, adds it in tx (the admin
// form's transaction, or an import's that creates the metrics its file carries).
func addMetricTx(ctx context.Context, tx *sql.Tx, a Actor, m Metric, write bool) error {
	m.Code = strings.TrimSpace(m.Code)
	m.NameZh, m.NameEn = strings.TrimSpace(m.NameZh), strings.TrimSpace(m.NameEn)
	m.UnitZh, m.UnitEn = strings.TrimSpace(m.UnitZh), strings.TrimSpace(m.UnitEn)
	m.DescriptionZh = strings.TrimSpace(NormalizeNewlines(m.DescriptionZh))
	m.DescriptionEn = strings.TrimSpace(NormalizeNewlines(m.DescriptionEn))
	verr := &ValidationError{}
	// The text rules of figures, with lengths for a catalog every page and API answer carries.
	for _, t := range []struct {
		field, text string
		max         int
		multiline   bool
	}{{"name_zh", m.NameZh, MaxMetricNameLen, false}, {"name_en", m.NameEn, MaxMetricNameLen, false},
		{"unit_zh", m.UnitZh, MaxUnitLen, false}, {"unit_en", m.UnitEn, MaxUnitLen, false},
		{"description_zh", m.DescriptionZh, MaxMetricDescriptionLen, true},
		{"description_en", m.DescriptionEn, MaxMetricDescriptionLen, true}} {
		if msg := CheckText(t.text, t.max, t.multiline); msg != "" {
			verr.Add(t.field, msg)
		}
	}
	if !metricCodeRE.MatchString(m.Code) {
		verr.Add("code", "代码为2–48位小写字母、数字或下划线,以字母开头 / a code is 2–48 lower-case letters, digits or '_', starting with a letter")
	} else {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM metrics WHERE code = ?`, m.Code).Scan(&n); err != nil {
			return fmt.Errorf("data.AddMetric: %w", err)
		}
		if n > 0 {
			verr.Add("code", "该代码已存在 / this code is taken")
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM categories WHERE code = ?`, m.Category).Scan(&n); err != nil {
		return fmt.Errorf("data.AddMetric: %w", err)
	}
	if n == 0 {
		verr.Add("category", "请选择类别 / choose a category")
	}
	if m.NameZh == "" {
		verr.Add("name_zh", "中文名称为必填项 / a Chinese name is required")
	}
	if m.NameEn == "" {
		verr.Add("name_en", "英文名称为必填项 / an English name is required")
	}
	if m.UnitZh == "" {
		verr.Add("unit_zh", "中文单位为必填项 / a Chinese unit is required")
	}
	switch m.Kind {
	case KindCount, KindPercent, KindLength, KindAmount, KindRatio:
	default:
		verr.Add("kind", "请选择类型 / choose a kind")
	}
	if m.Min != nil && m.Max != nil && *m.Min > *m.Max {
		verr.Add("max", "上限须不小于下限 / the maximum must not be below the minimum")
	}
	if m.TargetDate != "" {
		day, _, err := ParsePeriod(m.TargetDate)
		if err != nil {
			verr.Add("target_date", "目标日期应写作 YYYY、YYYY-MM 或 YYYY-MM-DD / write the target date as YYYY, YYYY-MM or YYYY-MM-DD")
		}
		m.TargetDate = day
	}
	if m.Target != nil {
		if msg := checkValue(m, *m.Target); msg != "" {
			verr.Add("target", msg)
		}
	}
	if m.Decimals < 0 || m.Decimals > 6 {
		verr.Add("decimals", "小数位须在0到6之间 / decimals lie between 0 and 6")
	}
	regions, err := regionSet(ctx, tx)
	if err != nil {
		return err
	}
	metricInfoRules(&m.MetricInfo, regions, verr)
	if err := verr.Err(); err != nil {
		return err
	}
	if !write {
		return errOnlyChecked
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(sort), 0) + 1 FROM metrics`).Scan(&m.Sort); err != nil {
		return fmt.Errorf("data.AddMetric: %w", err)
	}
	if _, err := insertMetric(ctx, tx, m); err != nil {
		return err
	}
	return writeAudit(ctx, tx, a, "metric.add", "metric:"+m.Code, nil, m)
}

// RetireMetric stops new figures for a metric; its figures stay readable.
func (s *Store) RetireMetric(ctx context.Context, a Actor, code string) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		m, err := scanMetric(tx.QueryRowContext(ctx, `SELECT `+metricColumns+` FROM metrics WHERE code = ?`, code))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("data.RetireMetric: %w", err)
		}
		if m.Retired {
			return &ValidationError{Fields: map[string]string{"code": "该指标已停用 / this metric is retired already"}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE metrics SET retired_at = ? WHERE code = ?`, now(), code); err != nil {
			return fmt.Errorf("data.RetireMetric: %w", err)
		}
		if err := recordMetricRevision(ctx, tx, code); err != nil {
			return err
		}
		after := m
		after.Retired = true
		return writeAudit(ctx, tx, a, "metric.retire", "metric:"+code, m, after)
	})
}
