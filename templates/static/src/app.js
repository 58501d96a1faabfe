// Draws every chart of the page. Text that staff typed (metric, region and source names) only
// ever reaches the DOM through textContent or escapeHTML: tooltips are HTML in ECharts.

const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHTML(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => escapes[c]);
}

function formatNumber(v, decimals, lang) {
  if (v == null || Number.isNaN(v)) return '–';
  return Number(v).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: decimals, maximumFractionDigits: decimals,
  });
}

// tooltipFor builds the tooltip of one data point from the chart's meta: period, value with
// unit, source and note of that very figure.
function tooltipFor(meta) {
  return (p) => {
    const pts = (meta.points || [])[p.seriesIndex] || [];
    const pt = pts[p.dataIndex];
    if (!pt) {
      // Mark lines (targets, milestones) carry their own name.
      return escapeHTML(p.name || p.seriesName);
    }
    const lines = [
      `<div class="tt-series">${p.marker || ''}${escapeHTML(p.seriesName)}</div>`,
      `<div class="tt-value"><b>${escapeHTML(pt.period)}</b>: ${escapeHTML(formatNumber(Array.isArray(p.value) ? p.value[1] : p.value, meta.decimals, meta.lang))} ${escapeHTML(meta.unit)}</div>`,
      `<div class="tt-source">${escapeHTML(meta.sourceLabel)}: ${escapeHTML((meta.sources || [])[pt.s])}</div>`,
    ];
    if (pt.note) lines.push(`<div class="tt-note">${escapeHTML(meta.noteLabel)}: ${escapeHTML(pt.note)}</div>`);
    return lines.join('');
  };
}

// Milestones are dotted vertical lines whose titles show on hover (and in the tooltip), so that
// several of them never pile their labels on top of each other.
function quietMilestones(option) {
  (option.series || []).forEach((s) => {
    ((s.markLine && s.markLine.data) || []).forEach((d) => {
      if (d.xAxis === undefined) return;
      d.lineStyle = { type: 'dotted', color: '#8a94a3', width: 1 };
      d.label = { show: false };
      d.emphasis = { label: { show: true, formatter: '{b}', position: 'insideEndTop' } };
    });
  });
}

function draw(echarts, el) {
  const island = document.getElementById(el.dataset.chart);
  if (!island) return null;
  const spec = JSON.parse(island.textContent);
  const option = spec.option;
  const meta = spec.meta || {};
  option.tooltip = Object.assign({}, option.tooltip, {
    confine: true,
    className: 'pjsx-tooltip',
    formatter: tooltipFor(meta),
    extraCssText: 'max-width: 360px; white-space: normal;',
  });
  quietMilestones(option);
  const chart = echarts.init(el, null, { renderer: 'canvas', locale: meta.lang === 'en' ? 'EN' : 'ZH' });
  chart.setOption(option);
  el.setAttribute('data-drawn', '1');
  return chart;
}

// Filter forms submit themselves on change, so the URL always holds the view: copy it to share
// it, reload it, go back and forward. Without JavaScript the Apply button does the same.
function autosubmit() {
  document.querySelectorAll('form[data-autosubmit]').forEach((form) => {
    // Empty fields stay out of the URL, so a shared address says only what was chosen.
    form.addEventListener('submit', () => {
      Array.from(form.elements).forEach((el) => {
        if (el.name && el.type !== 'checkbox' && el.value === '') el.disabled = true;
      });
    });
    window.addEventListener('pageshow', () => {
      Array.from(form.elements).forEach((el) => { el.disabled = false; });
    });
    form.addEventListener('change', (ev) => {
      if (ev.target && ev.target.type === 'text') return; // typed dates submit with Enter or Apply
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });
}

export function start(echarts) {
  autosubmit();
  const charts = [];
  document.querySelectorAll('[data-chart]').forEach((el) => {
    try {
      const c = draw(echarts, el);
      if (c) charts.push(c);
    } catch (err) {
      el.textContent = String(err && err.message ? err.message : err);
      el.classList.add('chart-error');
      throw err;
    }
  });
  let pending = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => charts.forEach((c) => c.resize()));
  });
  document.documentElement.setAttribute('data-charts-ready', String(charts.length));
  if (window.performance && performance.mark) performance.mark('pjsx-charts-ready');
}
