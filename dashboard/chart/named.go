package chart

import (
	"context"
	"errors"

	"pjsx/data"
)

// metricsOf is what a chart name draws: the metrics of a named chart (catalog data; those the
// catalog does not hold are left out), or the one metric of that code, as the catalog had them at
// the end of asOf ("" now). named says which.
func metricsOf(ctx context.Context, r Reader, name, asOf string) (metrics []data.Metric, title [2]string, named bool, err error) {
	nc, err := r.NamedChart(ctx, name)
	switch {
	case errors.Is(err, data.ErrNotFound):
		m, err := r.MetricAsOf(ctx, name, asOf)
		if err != nil {
			return nil, title, false, err
		}
		return []data.Metric{m}, [2]string{m.NameZh, m.NameEn}, false, nil
	case err != nil:
		return nil, title, true, err
	}
	for _, code := range nc.Metrics {
		m, err := r.MetricAsOf(ctx, code, asOf)
		switch {
		case err == nil:
			metrics = append(metrics, m)
		case !errors.Is(err, data.ErrNotFound):
			return nil, title, true, err
		}
	}
	if len(metrics) == 0 {
		return nil, title, true, data.ErrNotFound
	}
	title = [2]string{nc.TitleZh, nc.TitleEn}
	if title[0] == "" {
		title = [2]string{metrics[0].NameZh, metrics[0].NameEn}
	}
	return metrics, title, true, nil
}
