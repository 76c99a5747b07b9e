// The server's error body `{"error": {"code", "message", "request_id", "details"}}` as a
// thrown value, with the invalid fields of a 422 gathered by form path.
import type { ErrorBody } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  /** Field path (`variants.0.name`, as Mantine forms name them) -> message. */
  readonly fields: Record<string, string>;
  /** The error's `details` as sent (e.g. `{"window": "closed"}` of `outside_messaging_window`). */
  readonly details: unknown;

  constructor(
    status: number,
    code: string,
    message: string,
    requestId: string | null = null,
    fields: Record<string, string> = {},
    details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.fields = fields;
    this.details = details;
  }

  static fromBody(status: number, body: unknown): ApiError {
    const error = (body as Partial<ErrorBody> | null)?.error;
    if (!error || typeof error.code !== 'string') {
      return new ApiError(status, status === 0 ? 'network_error' : 'http_error', `HTTP ${status}`);
    }
    return new ApiError(status, error.code, error.message, error.request_id ?? null, fieldErrors(error.details), error.details ?? null);
  }
}

/** `operating_hours[1].opens` -> `operating_hours.1.opens`. */
export function formPath(serverPath: string): string {
  return serverPath.replace(/\[(\d+)\]/g, '.$1');
}

function fieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!details || typeof details !== 'object') return out;
  const d = details as { fields?: unknown; field?: unknown };
  if (Array.isArray(d.fields)) {
    for (const f of d.fields) {
      const field = (f as { field?: unknown }).field;
      const message = (f as { message?: unknown }).message;
      if (typeof field === 'string') out[formPath(field)] = typeof message === 'string' ? message : 'invalid';
    }
  } else if (typeof d.field === 'string') {
    out[formPath(d.field)] = '';
  }
  return out;
}

/** What openapi-fetch resolves to: data on success, the error body otherwise. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, else throws the server's error. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
  if (!result.response.ok) throw ApiError.fromBody(result.response.status, result.error);
  return result.data as T;
}
