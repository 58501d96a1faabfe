// The one script of every pjsx page. ECharts is tree-shaken to what the pages use; app.js finds
// each chart's option in its <script type="application/json"> data island and draws it.
import * as echarts from 'echarts/core';
import { LineChart, BarChart, GaugeChart } from 'echarts/charts';
import {
  TitleComponent, TooltipComponent, LegendComponent, GridComponent, DataZoomComponent,
  MarkLineComponent, MarkPointComponent, MarkAreaComponent, ToolboxComponent, AriaComponent,
  DatasetComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { LabelLayout } from 'echarts/features';
import { start } from './app.js';

echarts.use([
  LineChart, BarChart, GaugeChart,
  TitleComponent, TooltipComponent, LegendComponent, GridComponent, DataZoomComponent,
  MarkLineComponent, MarkPointComponent, MarkAreaComponent, ToolboxComponent, AriaComponent,
  DatasetComponent, CanvasRenderer, SVGRenderer, LabelLayout,
]);

// Exposed so that tests and the browser console can reach the chart instances.
window.echarts = echarts;

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => start(echarts));
} else {
  start(echarts);
}
