// The website widget where it lives: a plain page on another origin than the API, with
// nothing but the embed tag. The widget mounts in a closed shadow root, so it is driven
// the way a keyboard user would (Tab to the launcher, Enter, type, Enter) and read
// through the page-facing `window.ChatDesk.messages()`.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { eventually, freePort, log } from './harness.mjs';

async function api(base, path, { token, method = 'GET', body } = {}) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A shop's page: a heading, a paragraph, and the snippet before </body>. */
function hostPage(base, publicKey) {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Glow Beauty shop</title></head>
  <body style="font-family: sans-serif; margin: 40px">
    <h1>Glow Beauty</h1>
    <p>Vitamin C serums, made in Milan.</p>
    <script src="${base}/widget.js" data-chatdesk-widget="${publicKey}" async></script>
  </body>
</html>`;
}

async function serveHostPage(html) {
  const port = await freePort();
  const server = createServer((request, response) => {
    if (request.url === '/' || request.url === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

export async function widgetFlow({ context, base, output, step, email, password }) {
  const { access_token: token } = await api(base, '/auth/login', {
    method: 'POST',
    body: { email, password },
  });
  const channels = await api(base, '/channels', { token });
  const widget = channels.items.find((c) => c.platform === 'web');
  if (!widget) throw new Error('the dashboard flow created no website widget');
  if (widget.widget.theme.button_text !== 'Chat with us') {
    throw new Error(`the dashboard did not save the widget's theme: ${JSON.stringify(widget.widget.theme)}`);
  }

  let host;
  try {
    host = await serveHostPage(hostPage(base, widget.widget.public_key));
    // Only the shop's own origin may use the widget from now on.
    await api(base, `/channels/${widget.id}/widget`, {
      token,
      method: 'PATCH',
      body: { allowed_origins: [host.origin] },
    });
    const page = await context.newPage();
    await step('the widget loads on a plain page on another origin', page, async () => {
      await page.goto(host.origin);
      await eventually('the widget to mount', () => page.evaluate(() => Boolean(window.ChatDesk)));
      await page.screenshot({ path: join(output, '21-widget-closed.png') });
    });

    await step('open it from the keyboard and ask a price', page, async () => {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await eventually('the chat panel to open', () => page.evaluate(() => window.ChatDesk.isOpen));
      await page.keyboard.type('How much is Glow Serum?');
      await page.keyboard.press('Enter');
      const reply = await eventually(
        "the assistant's answer with the price",
        () =>
          page.evaluate(() =>
            window.ChatDesk.messages()
              .filter((m) => m.from === 'business')
              .map((m) => m.text)
              .find((text) => text.includes('29')),
          ),
        45_000,
      ).catch(async (error) => {
        // What the server holds says whether the answer was never written or never shown.
        const inbox = await api(base, '/conversations', { token }).catch((e) => e.message);
        const shown = await page.evaluate(() => window.ChatDesk.messages()).catch((e) => e.message);
        throw new Error(`${error.message}\n  the widget shows: ${JSON.stringify(shown)}\n  the inbox holds: ${JSON.stringify(inbox)}`);
      });
      log(`  widget answer: ${reply.replace(/\n/g, ' ')}`);
      const visitor = await page.evaluate(() => window.ChatDesk.messages().filter((m) => m.from === 'visitor'));
      if (visitor.length !== 1 || visitor[0].delivery === 'failed') {
        throw new Error(`the visitor's message was not sent once: ${JSON.stringify(visitor)}`);
      }
      await page.screenshot({ path: join(output, '22-widget-reply.png') });
    });
    await page.close();
  } finally {
    await host?.close();
  }
}
