// The size budget: dist/widget.js must stay under 30 KB gzipped (it loads on every page
// of every site that embeds it). Fails the run when it does not, or when there is no build.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET = 30 * 1024;
const file = fileURLToPath(new URL('../dist/widget.js', import.meta.url));

let bytes;
try {
  bytes = readFileSync(file);
} catch {
  console.error(`size: ${file} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const gzipped = gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const line = `widget.js: ${kb(bytes.length)} raw, ${kb(gzipped)} gzipped (budget ${kb(BUDGET)})`;
if (gzipped > BUDGET) {
  console.error(`${line}: OVER BUDGET`);
  process.exit(1);
}
console.log(line);
