// Bundles src/main.ts into one self-contained, minified IIFE: dist/widget.js.
// Run by `npm run build` (and `make widget`, which rebuilds only when a source changed).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/widget.js',
  bundle: true,
  format: 'iife',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // Browsers a shop's visitors still use: Safari 15+, Chrome/Edge/Firefox of 2020 on.
  target: ['es2019', 'chrome80', 'firefox78', 'safari15'],
  logLevel: 'info',
});
