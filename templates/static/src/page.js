// The script of every page (dist/app.js, a few KB): forms that submit themselves and, only on a
// page that draws a chart, the chart bundle (dist/charts.js, ECharts), whose address the layout
// gives in data-charts. Pages without charts (milestones, export, staff, login) never fetch it.
//
// A chart's first view is the server's SVG of it (an <img> in its place, issue 16): ECharts,
// 147 KB gzipped, is fetched only when the reader first touches, points at, scrolls or types on
// the page, and then draws the interactive charts (tooltips, zoom) over the pictures.
import { autosubmit, chartsReady } from './app.js';

const self = document.currentScript;
const firstTouch = ['pointerdown', 'pointermove', 'touchstart', 'keydown', 'wheel', 'scroll', 'focusin'];

function loadCharts(src) {
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    firstTouch.forEach((type) => window.removeEventListener(type, load, true));
    const s = document.createElement('script');
    s.src = src; // charts.js calls start with ECharts once it has run
    document.head.appendChild(s);
  };
  firstTouch.forEach((type) => window.addEventListener(type, load, { capture: true, passive: true }));
}

function run() {
  autosubmit();
  const charts = self && self.dataset.charts;
  if (charts && document.querySelector('[data-chart]')) {
    loadCharts(charts);
    return;
  }
  chartsReady(0);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', run);
} else {
  run();
}
