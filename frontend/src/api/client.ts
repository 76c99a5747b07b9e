// The typed API client. Every call carries the access token from the auth store; a 401
// refreshes the session once (through the httpOnly refresh cookie, see
// apps/server/src/routes/auth.rs) and replays the request, so an expired access token
// never costs the operator the page they are on. A failed refresh signs out.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { TokenPair } from './types';
import { ApiError } from './errors';
import { authStore, type AuthStore } from '../auth/store';

export interface ApiOptions {
  baseUrl?: string;
  fetch?: (input: Request) => Promise<Response>;
  store?: AuthStore;
}

const REFRESH_PATH = '/api/v1/auth/refresh';
/** Auth calls that answer 401 for a reason a refresh cannot fix. */
const NO_RETRY = ['/api/v1/auth/login', '/api/v1/auth/register', REFRESH_PATH, '/api/v1/auth/logout'];

export function createApi(options: ApiOptions = {}) {
  const baseUrl = options.baseUrl ?? (typeof window === 'undefined' ? '' : window.location.origin);
  const send = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  const store = options.store ?? authStore;
  let refreshing: Promise<string | null> | null = null;

  async function exchange(): Promise<string | null> {
    const response = await send(
      new Request(baseUrl + REFRESH_PATH, { method: 'POST', credentials: 'same-origin' }),
    ).catch(() => null);
    if (!response?.ok) {
      store.signOut();
      return null;
    }
    const tokens = (await response.json()) as TokenPair;
    store.signIn(tokens.access_token);
    return tokens.access_token;
  }

  /**
   * One refresh at a time: a refresh token works once, and presenting it twice revokes
   * the session, so concurrent 401s (and other tabs, through a Web Lock) share one call.
   */
  function refresh(): Promise<string | null> {
    if (!refreshing) {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      const run = locks ? locks.request('chatdesk-refresh', exchange) : exchange();
      refreshing = run.finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }

  function authorize(request: Request, token: string | null): Request {
    const next = new Request(request, { credentials: 'same-origin' });
    if (token) next.headers.set('Authorization', `Bearer ${token}`);
    return next;
  }

  async function authedFetch(request: Request): Promise<Response> {
    const replay = request.clone();
    const response = await send(authorize(request, store.accessToken));
    const path = new URL(request.url, 'http://x').pathname;
    if (response.status !== 401 || NO_RETRY.includes(path)) return response;
    const token = await refresh();
    if (!token) return response;
    return send(authorize(replay, token));
  }

  const client = createClient<paths>({ baseUrl, fetch: authedFetch });
  return { client, refresh, authedFetch, baseUrl, store };
}

export type Api = ReturnType<typeof createApi>;

export const api = createApi();
export const client = api.client;

/**
 * Uploads a file with XMLHttpRequest, the one browser API that reports upload progress,
 * with the same refresh-once-on-401 rule as every other call.
 */
export async function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (percent: number) => void,
  target: Api = api,
): Promise<T> {
  const attempt = (token: string | null) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', target.baseUrl + path);
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          body = null;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new ApiError(0, 'network_error', 'network error'));
      xhr.send(form);
    });
  let result = await attempt(target.store.accessToken);
  if (result.status === 401) {
    const token = await target.refresh();
    if (token) result = await attempt(token);
  }
  if (result.status < 200 || result.status >= 300) throw ApiError.fromBody(result.status, result.body);
  return result.body as T;
}

/** Fetches a file the API returns (a CSV export) and hands it to the browser as a download. */
export async function download(path: string, fileName: string, target: Api = api): Promise<void> {
  const response = await target.authedFetch(new Request(target.baseUrl + path));
  if (!response.ok) throw ApiError.fromBody(response.status, await response.json().catch(() => null));
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}
