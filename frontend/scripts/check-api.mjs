// Fails when src/api/schema.d.ts is not what `npm run gen:api` makes from ../openapi/v1.json:
// regenerates into a temporary file and compares.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'chatdesk-api-'));
const fresh = join(dir, 'schema.d.ts');
try {
  execFileSync(
    process.execPath,
    ['node_modules/openapi-typescript/bin/cli.js', '../openapi/v1.json', '-o', fresh],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const committed = readFileSync('src/api/schema.d.ts', 'utf8');
  if (readFileSync(fresh, 'utf8') !== committed) {
    console.error('src/api/schema.d.ts is stale: run `make frontend-api` (npm run gen:api) and commit it.');
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches openapi/v1.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
