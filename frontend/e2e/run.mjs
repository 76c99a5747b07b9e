// Browser end-to-end tests: the real server on a fresh SQLite database and a free port,
// serving the built dashboard and widget, driven by Debian's Chromium through
// playwright-core. Two tests: the operator's flow in the dashboard (dashboard.mjs) and
// the widget on a plain host page (widget.mjs). Screenshots of each main page go to
// frontend/test-output/; a failure names its step and saves failure.png there.
//
//   make e2e               (builds the server, dashboard and widget first; part of make test)
//   npm run e2e            (uses $CARGO_TARGET_DIR/debug/chatdesk, else cargo run)
//   CHROMIUM=/path CHATDESK_BIN=/path/chatdesk npm run e2e
//
// Without Chromium the run is skipped with a warning, except under CI=true, where it fails.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { dashboardFlow, PASSWORD } from './dashboard.mjs';
import { log, startServer, stepper } from './harness.mjs';
import { widgetFlow } from './widget.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const repo = resolve(frontend, '..');
const dist = join(frontend, 'dist');
const output = join(frontend, 'test-output');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The whole run's ceiling: a hang anywhere still ends `make test`. */
const RUN_LIMIT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 8 * 60_000);

let server = null;

async function main() {
  if (!existsSync(executablePath)) {
    const message = `no Chromium at ${executablePath} (apt-get install chromium; scripts/setup.sh does it)`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`[e2e] SKIPPED: ${message}`);
    return;
  }
  for (const built of [join(dist, 'index.html'), join(frontend, 'widget', 'dist', 'widget.js')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run make frontend widget (make e2e does)`);
  }
  mkdirSync(output, { recursive: true });
  rmSync(join(output, 'failure.png'), { force: true });

  server = await startServer({ repo, dashboardDir: dist });
  let browser;
  const step = stepper(output).run;
  let passed = 0;
  try {
    log('server ready; launching Chromium');
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
    // Generous for a small machine shared with cargo builds; still bounded.
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(60_000);

    const { email } = await dashboardFlow({ context, base: server.base, output, step });
    passed += 1;
    await widgetFlow({ context, base: server.base, output, step, email, password: PASSWORD });
    passed += 1;
    log(`screenshots in ${output}`);
  } finally {
    console.log(`e2e: ${passed} passed, ${2 - passed} failed`);
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

const watchdog = setTimeout(() => {
  console.error(`[e2e] FAILED: the run exceeded ${RUN_LIMIT_MS / 1000}s`);
  server?.kill();
  process.exit(1);
}, RUN_LIMIT_MS);
watchdog.unref();

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(`[e2e] FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
