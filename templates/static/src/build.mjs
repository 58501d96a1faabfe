// Bundles ECharts (only the charts and components pjsx uses) with app.js into
// templates/static/dist/app.js, which the Go binary embeds. Run by `npm run build` (make does it).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: [path.join(here, 'main.js')],
  outfile: path.join(here, '..', 'dist', 'app.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2018'],
  legalComments: 'none',
  logLevel: 'warning',
});
