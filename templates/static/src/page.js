// The script of every page (dist/app.js, a few KB): forms that submit themselves and, only on a
// page that draws a chart, the chart bundle (dist/charts.js, ECharts), whose address the layout
// gives in data-charts. Pages without charts (milestones, export, staff, login) never fetch it.
import { start } from './app.js';

const self = document.currentScript;

function run() {
  const charts = self && self.dataset.charts;
  if (charts && document.querySelector('[data-chart]')) {
    const s = document.createElement('script');
    s.src = charts; // charts.js calls start with ECharts once it has run
    document.head.appendChild(s);
    return;
  }
  start(null);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', run);
} else {
  run();
}
