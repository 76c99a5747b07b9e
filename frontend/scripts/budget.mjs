// A Lighthouse-style budget for the dashboard, measured in Debian's Chromium against the
// real server (the same harness as the e2e tests): for the login page (signed out) and
// the inbox (signed in), each loaded cold in a fresh browser context,
//   - the JavaScript the page loaded before it was usable, gzipped (budget: 250 kB),
//   - time to interactive: navigation start to the page's first control being usable,
//   - the navigation timing's domInteractive and loadEventEnd,
//   - long tasks (> 50 ms on the main thread) and their blocking time past 50 ms.
// Times are medians of RUNS loads and depend on the machine; only the size is a budget.
//
//   npm run budget         (make budget builds the server, dashboard and widget first)
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { log, startServer } from '../e2e/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const repo = resolve(frontend, '..');
const dist = join(frontend, 'dist');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const RUNS = Number(process.env.BUDGET_RUNS ?? 3);
const JS_BUDGET_GZIP_KB = 250;
const PASSWORD = 'Sunflower2024';

/** Records long tasks from the first byte on; read back after the page is usable. */
const LONG_TASKS = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** One cold load of `path`; `ready` is the selector-ish check that the page is usable. */
async function measure(browser, base, path, { signIn, ready }) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(60_000);
  try {
    if (signIn) {
      const response = await context.request.post(`${base}/api/v1/auth/login`, { data: signIn });
      if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
    }
    const page = await context.newPage();
    await page.addInitScript(LONG_TASKS);
    const scripts = new Map();
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => null);
      if (body) scripts.set(response.url(), gzipSync(body, { level: 9 }).length);
    });
    await page.goto(base + path, { waitUntil: 'commit' });
    const usable = await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 60_000 });
    const interactiveMs = await usable.jsonValue();
    await page.waitForLoadState('load');
    // Responses still being read when the page became usable.
    await page.waitForLoadState('networkidle').catch(() => {});
    const timing = await page.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation');
      const longTasks = window.__longTasks ?? [];
      return {
        domInteractive: nav.domInteractive,
        loadEventEnd: nav.loadEventEnd,
        longTasks: longTasks.length,
        blocking: longTasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
      };
    });
    const jsGzip = [...scripts.values()].reduce((sum, n) => sum + n, 0);
    return { ...timing, interactiveMs, jsGzip, files: scripts.size };
  } finally {
    await context.close();
  }
}

async function main() {
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}`);
  if (!existsSync(join(dist, 'index.html'))) throw new Error('frontend/dist is missing: make frontend');
  const server = await startServer({ repo, dashboardDir: dist });
  let browser;
  let over = false;
  try {
    const email = `budget+${Date.now()}@glowbeauty.it`;
    const registered = await fetch(`${server.base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, business_name: 'Glow Beauty' }),
    });
    if (!registered.ok) throw new Error(`register: ${registered.status} ${await registered.text()}`);
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });

    const pages = [
      {
        name: 'login',
        path: '/login',
        // The email field is on screen and enabled.
        ready: () => {
          const input = document.querySelector('input[type="email"], input[name="email"]');
          return input && !input.disabled && input.offsetParent !== null ? performance.now() : false;
        },
      },
      {
        name: 'inbox',
        path: '/inbox',
        signIn: { email, password: PASSWORD },
        // The inbox's heading and its search box: the list is there to use.
        ready: () => {
          const heading = document.querySelector('#inbox-heading');
          const search = document.querySelector('input[aria-label="Search name or message"]');
          return heading && search && !search.disabled ? performance.now() : false;
        },
      },
    ];
    console.log(`\nDashboard budget (median of ${RUNS} cold loads, Chromium ${browser.version()}, this machine)`);
    console.log('page    JS gz (kB)  files  TTI (ms)  domInteractive  loadEventEnd  long tasks  blocking (ms)');
    for (const target of pages) {
      const runs = [];
      for (let i = 0; i < RUNS; i += 1) runs.push(await measure(browser, server.base, target.path, target));
      const js = median(runs.map((r) => r.jsGzip)) / 1024;
      const row = [
        target.name.padEnd(7),
        js.toFixed(1).padStart(10),
        String(median(runs.map((r) => r.files))).padStart(6),
        median(runs.map((r) => r.interactiveMs)).toFixed(0).padStart(9),
        median(runs.map((r) => r.domInteractive)).toFixed(0).padStart(15),
        median(runs.map((r) => r.loadEventEnd)).toFixed(0).padStart(13),
        String(median(runs.map((r) => r.longTasks))).padStart(11),
        median(runs.map((r) => r.blocking)).toFixed(0).padStart(14),
      ];
      console.log(row.join(' '));
      if (js > JS_BUDGET_GZIP_KB) {
        over = true;
        console.error(`  over budget: ${target.name} loads ${js.toFixed(1)} kB of gzipped JavaScript (budget ${JS_BUDGET_GZIP_KB} kB)`);
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  if (over) process.exit(1);
  log(`within the ${JS_BUDGET_GZIP_KB} kB budget`);
}

main().catch((error) => {
  console.error(`[budget] FAILED: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
