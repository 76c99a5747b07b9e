// End-to-end harness: the real server (cargo run) on a fresh SQLite database in a temp
// folder and a free port, serving the built dashboard, driven by Debian's Chromium through
// playwright-core. Walks register -> onboarding -> a product with variants, and saves a
// screenshot of each main page under frontend/test-output/.
//
//   npm run e2e            (builds the dashboard first when dist/ is missing)
//   CHROMIUM=/path npm run e2e
//
// Not part of `make test` yet; the flows grow with the inbox and orders APIs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const repo = resolve(frontend, '..');
const dist = join(frontend, 'dist');
const output = join(frontend, 'test-output');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const started = Date.now();

function log(message) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Polls /readyz; bounded, so a server that never starts fails the run instead of hanging. */
async function waitUntilReady(base, server, attempts = 600) {
  for (let i = 0; i < attempts; i += 1) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      const response = await fetch(`${base}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not become ready');
}

async function main() {
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (scripts/setup.sh does it)`);
  }
  if (!existsSync(join(dist, 'index.html'))) {
    log('building the dashboard');
    const build = spawnSync('npm', ['run', 'build'], { cwd: frontend, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  mkdirSync(output, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), 'chatdesk-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;

  log(`starting the server on ${base} (cargo run; the first build takes a while)`);
  const server = spawn('cargo', ['run', '-q', '-p', 'chatdesk-server', '--bin', 'chatdesk'], {
    cwd: repo,
    env: {
      ...process.env,
      CHATDESK__DATA_DIR: data,
      CHATDESK__SERVER__PORT: String(port),
      CHATDESK__SERVER__DASHBOARD_DIR: dist,
      CHATDESK__TELEMETRY__LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let browser;
  try {
    await waitUntilReady(base, server);
    log('server ready; launching Chromium');
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    // Generous: the machine is small and shared with cargo builds.
    page.setDefaultTimeout(30_000);
    const shot = async (name) => {
      // The viewport only: a full-page capture draws the fixed header mid-page.
      await page.screenshot({ path: join(output, `${name}.png`) });
      log(`screenshot ${name}.png`);
    };

    await page.goto(`${base}/register`);
    await page.getByLabel(/your name/i).fill('Ana');
    await page.getByLabel(/business name/i).fill('Glow Beauty');
    await page.getByLabel(/^email/i).fill(`ana+${Date.now()}@glowbeauty.it`);
    await page.getByLabel(/^password/i).fill('Sunflower2024');
    await shot('01-register');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL('**/onboarding');
    await page.getByRole('button', { name: 'Save and continue' }).waitFor();
    await shot('02-onboarding-business');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.getByRole('button', { name: "Skip, I'll use the playground" }).click();

    log('adding a product with variants');
    await page.getByLabel(/^name/i).fill('Glow Serum');
    await page.getByLabel(/^price/i).fill('29.00');
    await page.getByRole('button', { name: 'Add variant' }).click();
    await page.getByRole('button', { name: 'Add variant' }).click();
    const variantNames = page.getByRole('textbox', { name: /^variant/i });
    await variantNames.nth(0).fill('30ml');
    await variantNames.nth(1).fill('50ml');
    await page.getByRole('textbox', { name: /price change/i }).nth(1).fill('10.00');
    await shot('03-onboarding-product');
    await page.getByRole('button', { name: 'Create product' }).click();

    await page.getByRole('button', { name: 'Use this tone' }).waitFor();
    await page.getByText('Luxe', { exact: true }).click();
    await shot('04-onboarding-tone');
    await page.getByRole('button', { name: 'Use this tone' }).click();

    await page.getByText('Products in the catalog: 1').waitFor();
    await shot('05-onboarding-checklist');
    await page.getByRole('button', { name: 'Finish and open the playground' }).click();
    await page.waitForURL('**/playground');
    await shot('06-playground');

    await page.goto(`${base}/products`);
    const row = page.getByRole('row', { name: /Glow Serum/ });
    await row.waitFor();
    const rowText = await row.innerText();
    if (!rowText.includes('30ml') || !rowText.includes('50ml')) throw new Error(`variants missing from the products table: ${rowText}`);
    await shot('07-products');

    for (const [path, name, heading] of [
      ['/knowledge', '08-knowledge', 'Knowledge'],
      ['/channels', '09-channels', 'Channels'],
      ['/settings', '10-settings', 'Settings'],
      ['/orders', '11-orders', 'Orders'],
      ['/inbox', '12-inbox', 'Inbox'],
      ['/', '13-home', null],
    ]) {
      await page.goto(base + path);
      if (heading) await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      else await page.getByRole('heading', { level: 1 }).waitFor();
      await shot(name);
    }

    // A website widget: the embed snippet and the theme form with its live preview.
    await page.goto(`${base}/channels`);
    await page.getByRole('button', { name: 'Create widget' }).click();
    await page.getByLabel(/^name/i).fill('Website chat');
    await page.getByRole('button', { name: 'Connect', exact: true }).last().click();
    await page.getByRole('button', { name: 'Copy snippet' }).waitFor();
    await page.getByLabel('Button text').fill('Chat with us');
    await shot('15-widget-embed');
    await page.keyboard.press('Escape');

    await page.goto(`${base}/settings`);
    await page.getByRole('tab', { name: 'Assistant' }).click();
    await page.getByText('Brand tone').waitFor();
    await shot('16-settings-assistant');

    // Spanish and the dark theme, remembered across pages.
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByLabel('Language').first().click();
    await page.getByRole('option', { name: 'Español' }).click();
    await page.goto(`${base}/products`);
    await page.getByRole('heading', { name: 'Productos', level: 1 }).waitFor();
    await shot('17-products-es-dark');

    // A reload keeps the session (refresh cookie) and the page.
    await page.goto(`${base}/products`);
    await page.reload();
    await page.getByRole('row', { name: /Glow Serum/ }).waitFor();
    if (!page.url().endsWith('/products')) throw new Error(`a reload lost the page: ${page.url()}`);

    // A phone: the navbar collapses behind the burger.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Mostrar u ocultar la navegación' }).click();
    await shot('14-phone-navigation');

    log(`passed in ${((Date.now() - started) / 1000).toFixed(1)}s; screenshots in ${output}`);
  } finally {
    await browser?.close();
    server.kill('SIGINT');
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
    rmSync(data, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[e2e] FAILED: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
