// The widget's REST calls: start, send, history (`/api/v1/widget/{public_key}/...`).
// No cookies and no credentials: the public key and the visitor id are all there is.

import type {
  Paginated,
  SendRequest,
  SendResponse,
  StartResponse,
  WireMessage,
} from './wire';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A call that did not succeed. `status` is 0 when no answer arrived at all. */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    /** From Retry-After, when the server said how long to wait. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(code ? `${status} ${code}` : `widget api: ${status || 'network error'}`);
  }

  /** Worth trying again with the same client message id: nothing says it cannot work. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export class WidgetApi {
  readonly base: string;

  constructor(
    readonly apiOrigin: string,
    readonly publicKey: string,
    private readonly fetchFn: FetchLike = (input, init) => fetch(input, init),
  ) {
    this.base = `${apiOrigin}/api/v1/widget/${encodeURIComponent(publicKey)}`;
  }

  start(visitorId: string | null): Promise<StartResponse> {
    return this.call<StartResponse>('POST', '/conversations', visitorId ? { visitor_id: visitorId } : {});
  }

  send(request: SendRequest): Promise<SendResponse> {
    return this.call<SendResponse>('POST', '/messages', request);
  }

  history(visitorId: string, perPage: number): Promise<Paginated<WireMessage>> {
    const query = `?visitor_id=${encodeURIComponent(visitorId)}&per_page=${perPage}`;
    return this.call<Paginated<WireMessage>>('GET', `/messages${query}`);
  }

  /** The socket's address: the same origin, ws(s) for http(s). */
  socketUrl(visitorId: string): string {
    return `${this.base.replace(/^http/, 'ws')}/ws?visitor_id=${encodeURIComponent(visitorId)}`;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchFn(this.base + path, {
        method,
        mode: 'cors',
        credentials: 'omit',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new WidgetApiError(0, null);
    }
    if (!response.ok) {
      let code: string | null = null;
      try {
        const error = (await response.json()) as { error?: { code?: unknown } };
        code = typeof error.error?.code === 'string' ? error.error.code : null;
      } catch {
        code = null;
      }
      const seconds = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
      throw new WidgetApiError(response.status, code, retryAfterMs);
    }
    try {
      return (await response.json()) as T;
    } catch {
      throw new WidgetApiError(response.status, 'malformed_response');
    }
  }
}
