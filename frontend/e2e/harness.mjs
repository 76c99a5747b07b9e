// What every browser test needs around it: the real server on a fresh data dir and a
// free port, named steps that say where a run failed (with a screenshot of it), and
// bounded waits, so a broken build fails within minutes instead of hanging `make test`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const started = Date.now();

export function log(message) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

export function freePort() {
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

/** Polls `check` until it returns a truthy value; throws `what` past `timeoutMs`. */
export async function eventually(what, check, timeoutMs = 30_000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The server binary: `CHATDESK_BIN`, else the debug build in the cargo target dir (what
 * `make e2e` builds first, so the tests never compile a second copy), else `cargo run`.
 */
function serverCommand(repo) {
  const explicit = process.env.CHATDESK_BIN;
  if (explicit) return [explicit, []];
  const target = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
  const built = join(target, 'debug', 'chatdesk');
  if (existsSync(built)) return [built, []];
  return ['cargo', ['run', '-q', '-p', 'chatdesk-server', '--bin', 'chatdesk']];
}

/** Starts the server on a fresh SQLite database; `stop()` ends it and removes its data. */
export async function startServer({ repo, dashboardDir, readyTimeoutMs = 300_000 }) {
  const data = mkdtempSync(join(tmpdir(), 'chatdesk-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const [command, args] = serverCommand(repo);
  log(`starting ${command} ${args.join(' ')} on ${base}`);
  const server = spawn(command, args, {
    cwd: repo,
    env: {
      ...process.env,
      CHATDESK_ENV: 'development',
      CHATDESK__DATA_DIR: data,
      CHATDESK__SERVER__PORT: String(port),
      CHATDESK__SERVER__DASHBOARD_DIR: dashboardDir,
      CHATDESK__WIDGET__SCRIPT_PATH: join(repo, 'frontend', 'widget', 'dist', 'widget.js'),
      // The hashing embedder: no model download, same answers on every machine.
      CHATDESK__KNOWLEDGE__EMBEDDER: 'hashing',
      CHATDESK__LLM__PROVIDER: 'none',
      CHATDESK__TELEMETRY__LEVEL: 'warn',
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((r) => server.once('exit', r));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGINT');
      const killer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await eventually(
      'the server to answer /readyz',
      async () => {
        if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
        const response = await fetch(`${base}/readyz`).catch(() => null);
        return response?.ok;
      },
      readyTimeoutMs,
      300,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  // For a watchdog that must end everything now, without awaiting.
  const kill = () => server.kill('SIGKILL');
  return { base, stop, kill };
}

/**
 * Runs named steps. The first failure records the step's name and a screenshot of the
 * page it was on (`failure.png`), then rethrows so the run exits non-zero.
 */
export function stepper(outputDir) {
  let current = null;
  const run = async (name, page, body) => {
    current = name;
    log(`step: ${name}`);
    try {
      return await body();
    } catch (error) {
      const shot = join(outputDir, 'failure.png');
      await page
        ?.screenshot({ path: shot, timeout: 10_000 })
        .then(() => log(`failure screenshot: ${shot}`))
        .catch(() => log('no failure screenshot (the page is gone)'));
      const wrapped = new Error(`step "${name}" failed: ${error instanceof Error ? error.message : error}`);
      wrapped.stack = `${wrapped.message}\n${error instanceof Error ? error.stack : ''}`;
      throw wrapped;
    }
  };
  return { run, get current() { return current; } };
}
