// Draws every chart of the page. Text that staff typed (metric, region and source names) only
// ever reaches the DOM through textContent or escapeHTML: tooltips are HTML in ECharts.

const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHTML(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => escapes[c]);
}

// tooltipFor builds the tooltip of one data point from the chart's meta: period, the value as
// the server wrote it (a figure keeps its own decimals), unit, source and note of that very
// figure. A mark line (target, milestone) has its own meta and never shows a figure.
function tooltipFor(meta) {
  return (p) => {
    if (p.componentType === 'markLine') {
      const mark = (meta.marks || [])[p.dataIndex];
      if (!mark) return escapeHTML(p.name);
      if (mark.kind === 'break') return `<div class="tt-mark"><b>${escapeHTML(mark.label)}</b></div><div class="tt-note">${escapeHTML(mark.title)}</div>`;
      if (mark.kind !== 'milestone') return `<div class="tt-mark">${escapeHTML(mark.label)}</div>`;
      return [
        `<div class="tt-series">${escapeHTML(String(mark.n))}. <b>${escapeHTML(mark.label)}</b></div>`,
        `<div class="tt-value">${escapeHTML(mark.title)}</div>`,
        `<div class="tt-source">${escapeHTML(meta.sourceLabel)}: ${escapeHTML(mark.source)}</div>`,
      ].join('');
    }
    const pts = (meta.points || [])[p.seriesIndex] || [];
    const pt = pts[p.dataIndex];
    if (!pt) return escapeHTML(p.seriesName);
    const sources = (pt.s || []).map((i) => (meta.sources || [])[i]).join('; ');
    const partial = pt.partial ? ` (${escapeHTML(meta.partialLabel)})` : '';
    const lines = [
      `<div class="tt-series">${p.marker || ''}${escapeHTML(p.seriesName)}</div>`,
      `<div class="tt-value"><b>${escapeHTML(pt.period)}</b>: ${escapeHTML(pt.label ? `${pt.label} (${pt.text})` : pt.text)} ${escapeHTML(meta.unit)}${partial}</div>`,
      `<div class="tt-source">${escapeHTML(meta.sourceLabel)}: ${escapeHTML(sources)}</div>`,
    ];
    if (pt.note) lines.push(`<div class="tt-note">${escapeHTML(meta.noteLabel)}: ${escapeHTML(pt.note)}</div>`);
    (pt.others || []).forEach((o) => lines.push(`<div class="tt-note">${escapeHTML(meta.otherLabel)}: ${escapeHTML(o)}</div>`));
    return lines.join('');
  };
}

function wan(v) {
  const a = Math.abs(v);
  if (a >= 1e8) return `${+(v / 1e8).toFixed(2)}亿`;
  if (a >= 1e4) return `${+(v / 1e4).toFixed(2)}万`;
  return String(v);
}

// english writes a value-axis tick of an English unit in 10,000s or 100 millions (scale: its
// power of ten) in the unit's base, as the server writes the labels (chart.Worded): 350,000,
// 2.5 million, 1.2 billion.
function english(scale) {
  return (v) => {
    const n = +(v * 10 ** scale).toPrecision(12);
    const a = Math.abs(n);
    if (a >= 1e12) return `${+(n / 1e12).toPrecision(12)} trillion`;
    if (a >= 1e9) return `${+(n / 1e9).toPrecision(12)} billion`;
    if (a >= 1e6) return `${+(n / 1e6).toPrecision(12)} million`;
    return n.toLocaleString('en-US', { maximumFractionDigits: 6 });
  };
}

// Point labels show the server's text of each figure, not a number ECharts rounds its own way.
// Points drawn without a line between them (a few reports) carry their date too.
function labelsFromMeta(option, meta, narrow) {
  (option.series || []).forEach((s, si) => {
    if (!s.label || !s.label.show || s.label.formatter) return;
    const pts = (meta.points || [])[si] || [];
    const dated = s.lineStyle && s.lineStyle.opacity === 0; // reports days apart: no line between
    s.labelLayout = Object.assign({ hideOverlap: true }, s.labelLayout); // labels never print over each other
    s.label.formatter = (p) => {
      const pt = pts[p.dataIndex];
      if (!pt) return '';
      const text = pt.label || pt.text;
      return dated && !narrow ? text + '\n' + pt.period : text; // on a phone the tooltip dates it
    };
  });
}

// A phone's chart is about 340 px wide: the plot takes the room the desktop margins leave for
// long axis labels, and milestones closer than a label's width share one label ("2–4") instead
// of printing their numbers over each other. The list under the chart names each of them.
const narrowBelow = 560;

function fitNarrow(option, meta, width) {
  const xs = [].concat(option.xAxis || []);
  if (!xs.length || xs[0].type !== 'time') return;
  [].concat(option.grid || []).forEach((g) => {
    g.left = Math.min(Number(g.left) || 44, 44);
    g.right = Math.min(Number(g.right) || 20, 20);
  });
  const ms = (t) => new Date(t).getTime();
  const lo = ms(xs[0].min);
  const hi = ms(xs[0].max);
  if (!(hi > lo)) return;
  const plot = width - 64;
  const marks = meta.marks || [];
  (option.series || []).forEach((s) => {
    let kept = null;
    let lastX = -Infinity;
    ((s.markLine && s.markLine.data) || []).forEach((item, i) => {
      const mark = marks[i];
      const d = Array.isArray(item) ? item[0] : item;
      if (!mark || !d.label) return;
      if (mark.kind === 'target') {
        d.label.position = 'insideStartBottom'; // under its line: the milestone numbers sit above
        return;
      }
      if (mark.kind !== 'milestone') return;
      const x = ((ms(d.xAxis) - lo) / (hi - lo)) * plot;
      if (kept && x - lastX < 4 * (kept.label.formatter.length + String(mark.n).length) + 10) {
        kept.label.formatter = `${kept.first}–${mark.n}`;
        d.label.show = false;
        return;
      }
      kept = { label: d.label, first: mark.n };
      lastX = x;
    });
  });
}

// Milestones are dotted vertical lines numbered at the top, their titles in the tooltip and in
// the list under the chart, so several of them never pile their labels on top of each other.
// Targets are dashed lines labelled at their end.
function styleMarks(option, meta) {
  const marks = meta.marks || [];
  (option.series || []).forEach((s) => {
    ((s.markLine && s.markLine.data) || []).forEach((item, i) => {
      const mark = marks[i];
      const d = Array.isArray(item) ? item[0] : item; // a segment is a pair; its first end holds the style
      if (!mark) return;
      if (mark.kind === 'milestone') {
        d.lineStyle = { type: 'dotted', color: '#8a94a3', width: 1 };
        d.label = { show: true, formatter: String(mark.n), position: 'end', color: '#1f2937' };
      } else if (mark.kind === 'break') {
        d.lineStyle = { type: 'dashed', color: '#4b5563', width: 1.5 };
        d.label = { show: true, formatter: '≠', position: 'end', color: '#4b5563' };
      } else {
        d.lineStyle = { type: 'dashed', color: '#c2410c', width: 1.2 };
        d.label = { show: true, formatter: '{b}', position: 'insideStartTop', color: '#c2410c' };
      }
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
  styleMarks(option, meta);
  if (meta.wan) { // Chinese value axes from 10,000 up read in 万 and 亿, as the labels do
    [].concat(option.xAxis || [], option.yAxis || []).forEach((ax) => {
      if (ax.type !== 'value') return;
      ax.axisLabel = Object.assign({ formatter: wan }, ax.axisLabel);
    });
  }
  if (meta.scale) { // English axes of a unit in 10,000s read in its base, as the labels do
    [].concat(option.xAxis || [], option.yAxis || []).forEach((ax) => {
      if (ax.type !== 'value') return;
      ax.axisLabel = Object.assign({ formatter: english(meta.scale) }, ax.axisLabel);
    });
  }
  const narrow = el.clientWidth < narrowBelow;
  labelsFromMeta(option, meta, narrow);
  if (narrow) fitNarrow(option, meta, el.clientWidth);
  // A title longer than a phone's width ends in … rather than running off both sides or under
  // the save button at the top right.
  [].concat(option.title || []).forEach((t) => {
    t.textStyle = Object.assign({ width: Math.max(120, el.clientWidth - 140), overflow: 'truncate' }, t.textStyle);
  });
  // A legend entry longer than a phone's chart ("metric · place" on a named chart) breaks onto
  // a second line instead of running off both sides.
  [].concat(option.legend || []).forEach((l) => {
    l.textStyle = Object.assign({ width: Math.max(120, el.clientWidth - 80), overflow: 'break' }, l.textStyle);
  });
  // A narrow phone screen hides time labels that would overlap rather than piling them up.
  [].concat(option.xAxis || []).forEach((ax) => {
    if (ax.type === 'time') ax.axisLabel = Object.assign({ hideOverlap: true }, ax.axisLabel);
  });
  // The save button downloads the server's PNG of this view (sources, as-of date, watermark).
  [].concat(option.toolbox || []).forEach((tb) => {
    const d = tb.feature && tb.feature.myDownload;
    if (!d) return;
    d.onclick = () => {
      const a = document.createElement('a');
      a.href = d.url;
      a.download = d.file;
      document.body.appendChild(a);
      a.click();
      a.remove();
    };
  });
  // The server's SVG of the chart stood in its place until now (first view without ECharts).
  el.querySelectorAll('picture, .chart-first').forEach((img) => img.remove());
  const chart = echarts.init(el, null, { renderer: 'canvas', locale: meta.lang === 'en' ? 'EN' : 'ZH' });
  chart.setOption(option);
  el.setAttribute('data-drawn', '1');
  return chart;
}

// Filter forms submit themselves on change, so the URL always holds the view: copy it to share
// it, reload it, go back and forward. Without JavaScript the Apply button does the same.
export function autosubmit() {
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

// A metric page shows its views beyond the first as previews (issue 16): the server's picture,
// the sentences and the downloads, with data-rest naming where the whole card is. fillCard
// puts the whole card (data island and table) in the preview's place, its table as open as the
// reader left it; a card that cannot be fetched stays the preview, whose table links to the view.
function fillCard(preview) {
  return fetch(preview.dataset.rest, { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.text() : ''))
    .then((html) => {
      const t = document.createElement('template');
      t.innerHTML = html; // the server's own escaped HTML; a template's scripts never run
      const card = t.content.querySelector('figure.chart-card');
      if (!card || !preview.isConnected) return;
      const was = preview.querySelector('details.chart-table');
      const now = card.querySelector('details.chart-table');
      if (was && now) now.open = was.open;
      preview.replaceWith(card);
    })
    .catch(() => {});
}

// start draws every chart of the page with ECharts (charts.js calls it once loaded), after the
// previews have become whole cards; page.js has set up the forms already.
export function start(echarts) {
  const previews = Array.from(document.querySelectorAll('figure[data-rest]'));
  Promise.all(previews.map(fillCard)).then(() => drawAll(echarts));
}

function drawAll(echarts) {
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
  chartsReady(charts.length);
}

// chartsReady marks the page as drawn (tests and the performance timeline wait for it).
export function chartsReady(n) {
  document.documentElement.setAttribute('data-charts-ready', String(n));
  if (window.performance && performance.mark) performance.mark('pjsx-charts-ready');
}
