import { describe, expect, it, vi } from 'vitest';
import { AuthStore } from '../auth/store';
import { createApi } from './client';
import { ApiError, unwrap } from './errors';

const BASE = 'http://dashboard.test';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const tokens = (access: string) => ({
  access_token: access,
  token_type: 'Bearer',
  expires_in: 900,
  access_expires_at: '2030-01-01T00:00:00Z',
  refresh_token: 'rt',
  refresh_expires_at: '2030-02-01T00:00:00Z',
});

const me = { user: { id: 'u1', email: 'ana@glow.it', email_verified: true, created_at: '' }, role: 'owner', memberships: [] };

/** A server whose valid access token is `fresh`; `refreshWorks` decides the cookie's fate. */
function fakeServer(refreshWorks: boolean) {
  const calls: { path: string; auth: string | null; body: string }[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    const auth = request.headers.get('Authorization');
    calls.push({ path, auth, body: request.method === 'GET' ? '' : await request.clone().text() });
    if (path === '/api/v1/auth/refresh') {
      return refreshWorks
        ? json(200, tokens('fresh'))
        : json(401, { error: { code: 'invalid_refresh_token', message: 'expired', request_id: 'r1' } });
    }
    if (auth !== 'Bearer fresh') return json(401, { error: { code: 'unauthorized', message: 'token expired', request_id: 'r2' } });
    if (path === '/api/v1/workspace') return json(200, { id: 'w1', business_name: JSON.parse(calls.at(-1)?.body || '{}').business_name });
    return json(200, me);
  });
  return { fetch, calls };
}

describe('API client session refresh', () => {
  it('refreshes once on a 401 and replays the request with the new token', async () => {
    const store = new AuthStore();
    store.signIn('stale');
    const server = fakeServer(true);
    const api = createApi({ baseUrl: BASE, fetch: server.fetch, store });

    const data = await unwrap(api.client.GET('/api/v1/auth/me'));

    expect(data.user.email).toBe('ana@glow.it');
    expect(server.calls.map((c) => [c.path, c.auth])).toEqual([
      ['/api/v1/auth/me', 'Bearer stale'],
      ['/api/v1/auth/refresh', null],
      ['/api/v1/auth/me', 'Bearer fresh'],
    ]);
    expect(store.getSnapshot()).toEqual({ status: 'signed_in', accessToken: 'fresh' });
  });

  it('replays a request body intact after refreshing', async () => {
    const store = new AuthStore();
    store.signIn('stale');
    const server = fakeServer(true);
    const api = createApi({ baseUrl: BASE, fetch: server.fetch, store });

    const saved = await unwrap(api.client.PATCH('/api/v1/workspace', { body: { business_name: 'Glow Beauty' } }));

    expect(saved.business_name).toBe('Glow Beauty');
    expect(server.calls.at(-1)?.body).toBe('{"business_name":"Glow Beauty"}');
  });

  it('shares one refresh between concurrent 401s (a refresh token works once)', async () => {
    const store = new AuthStore();
    store.signIn('stale');
    const server = fakeServer(true);
    const api = createApi({ baseUrl: BASE, fetch: server.fetch, store });

    await Promise.all([unwrap(api.client.GET('/api/v1/auth/me')), unwrap(api.client.GET('/api/v1/auth/me'))]);

    expect(server.calls.filter((c) => c.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('signs out and surfaces the original error when the refresh fails', async () => {
    const store = new AuthStore();
    store.signIn('stale');
    const server = fakeServer(false);
    const api = createApi({ baseUrl: BASE, fetch: server.fetch, store });

    const error = await unwrap(api.client.GET('/api/v1/auth/me')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unauthorized');
    expect((error as ApiError).requestId).toBe('r2');
    expect(store.getSnapshot()).toEqual({ status: 'signed_out', accessToken: null });
    // One try, one refresh, no endless loop.
    expect(server.calls).toHaveLength(2);
  });

  it('never refreshes for a failed sign-in', async () => {
    const store = new AuthStore();
    const server = fakeServer(true);
    const api = createApi({ baseUrl: BASE, fetch: server.fetch, store });

    const error = await unwrap(api.client.POST('/api/v1/auth/login', { body: { email: 'a@b.it', password: 'x' } })).catch((e: unknown) => e);

    expect((error as ApiError).status).toBe(401);
    expect(server.calls.map((c) => c.path)).toEqual(['/api/v1/auth/login']);
  });
});

describe('server errors', () => {
  it('gathers field errors by form path', () => {
    const error = ApiError.fromBody(422, {
      error: {
        code: 'validation_failed',
        message: 'variants[1].name: empty',
        request_id: 'r3',
        details: { fields: [{ field: 'variants[1].name', code: 'invalid', message: 'empty' }, { field: 'price', code: 'invalid', message: 'must be above zero' }] },
      },
    });
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual({ 'variants.1.name': 'empty', price: 'must be above zero' });
  });
});
