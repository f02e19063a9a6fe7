/** Problem details as the API sends them (RFC 9457). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { path: string; message: string }[];
  [key: string]: unknown;
}

/** Thrown for every answer that is not 2xx; `problem` holds what the server said. */
export class PasserelleApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
    readonly headers: Headers,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.name = 'PasserelleApiError';
  }
}

export interface ClientOptions {
  /** Where the API is, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** Bearer token: staff session, API token or customer session. */
  token?: string;
  /** A source write key, for tracking calls. */
  writeKey?: string;
  fetch?: typeof fetch;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A raw body (CSV, text) sent as is with its content type. */
  rawBody?: { content: string | Uint8Array; contentType: string };
  headers?: Record<string, string>;
}

/** The one function every SDK call goes through. */
export type Transport = <T>(method: string, path: string, options?: RequestOptions) => Promise<T>;

export function createTransport(options: ClientOptions): Transport {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/$/, '');
  return async <T>(method: string, path: string, request: RequestOptions = {}): Promise<T> => {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    else if (options.writeKey) headers.authorization = `Basic ${btoa(`${options.writeKey}:`)}`;
    let body: string | Uint8Array | undefined;
    if (request.rawBody) {
      body = request.rawBody.content;
      headers['content-type'] = request.rawBody.contentType;
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    const response = await doFetch(url, { method, headers, body: body as RequestInit['body'] });
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const problem = (parsed && typeof parsed === 'object' ? parsed : { type: 'about:blank', title: response.statusText, status: response.status, detail: text, code: 'unknown' }) as ProblemDetails;
      throw new PasserelleApiError(response.status, problem, response.headers);
    }
    return parsed as T;
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Encodes a path segment (ids, skus). */
export const seg = (value: string): string => encodeURIComponent(value);
