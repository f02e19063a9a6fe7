import { createClient, PasserelleApiError, type PasserelleClient } from '../../../sdk/index.js';

/** The apps talk to the server that served them, through the project's own SDK. */
export function clientFor(token: string | null): PasserelleClient {
  return createClient({ baseUrl: window.location.origin, ...(token ? { token } : {}) });
}

/** A session kept per app in this browser tab (sign-out or closing the tab forgets it). */
export function storedSession<T>(app: string): { get(): T | null; set(value: T | null): void } {
  const key = `passerelle.${app}.session`;
  return {
    get: () => {
      const raw = sessionStorage.getItem(key);
      return raw ? (JSON.parse(raw) as T) : null;
    },
    set: (value) => (value === null ? sessionStorage.removeItem(key) : sessionStorage.setItem(key, JSON.stringify(value))),
  };
}

/** What to tell a person when a call fails: the problem's detail, else a generic line. */
export function messageOf(error: unknown): string {
  if (error instanceof PasserelleApiError) return error.problem.detail ?? error.problem.title ?? `Error ${error.status}`;
  return error instanceof Error ? error.message : String(error);
}

export type { PasserelleClient };
