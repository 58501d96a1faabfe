// The chart bundle (dist/charts.js), loaded only by pages that draw a chart (page.js fetches it;
// the embed page names it). ECharts is tree-shaken to what the pages use; app.js finds each
// chart's option in its <script type="application/json"> data island and draws it.
import * as echarts from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import {
  TitleComponent, TooltipComponent, LegendPlainComponent, GridSimpleComponent, DataZoomInsideComponent,
  DataZoomSliderComponent, MarkLineComponent, ToolboxComponent, AriaComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { LabelLayout } from 'echarts/features'; // hides a dated point's label that would overlap another
import { start } from './app.js';

// Only what the pages draw: every component left out is bytes an old intranet PC need not fetch.
echarts.use([
  LineChart, BarChart,
  TitleComponent, TooltipComponent, LegendPlainComponent, GridSimpleComponent, DataZoomInsideComponent,
  DataZoomSliderComponent, MarkLineComponent, ToolboxComponent, AriaComponent, CanvasRenderer, LabelLayout,
]);

// Exposed so that tests and the browser console can reach the chart instances.
window.echarts = echarts;

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => start(echarts));
} else {
  start(echarts);
}
