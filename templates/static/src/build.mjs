// Bundles the scripts the Go binary embeds into templates/static/dist/: app.js, the small script
// of every page (page.js), and charts.js, ECharts (only the charts and components pjsx uses) with
// app.js's drawing, which only pages with a chart load. Copies the CJK font the server draws
// chart images with into templates/static/dist/fonts/. Run by `npm run build` (make does it).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const bundles = { 'app.js': 'page.js', 'charts.js': 'main.js' };
for (const [out, entry] of Object.entries(bundles)) {
  await build({
    entryPoints: [path.join(here, entry)],
    outfile: path.join(dist, out),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2018'],
    legalComments: 'none',
    logLevel: 'warning',
  });
}

// Noto Sans SC (SIL Open Font License), pinned in package-lock.json: server-rendered PNG and SVG
// images draw Chinese with it, so a machine with no CJK system font never shows boxes.
const require = createRequire(import.meta.url);
const fontPkg = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
await mkdir(path.join(dist, 'fonts'), { recursive: true });
await copyFile(path.join(fontPkg, '400Regular', 'NotoSansSC_400Regular.ttf'),
  path.join(dist, 'fonts', 'NotoSansSC-Regular.ttf'));
await copyFile(path.join(fontPkg, 'LICENSE_FONT'), path.join(dist, 'fonts', 'NotoSansSC-LICENSE.txt'));
