import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { isGranted, type Access, type Principal } from '../auth/principal.js';
import { secretEquals } from '../auth/passwords.js';
import { WEB_PREFIXES } from './web-apps.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Required on every route: a route without it fails at start. */
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export interface AuthOptions {
  adminToken: string | undefined;
  /** A bearer token to its principal, or null when unknown, expired or revoked. */
  resolveBearer(token: string): Promise<Principal | null>;
  /** A source write key to its principal, or null when unknown. */
  resolveWriteKey(writeKey: string): Promise<Principal | null>;
}

const ANONYMOUS: Principal = { kind: 'anonymous' };
// Routes added by plugins we do not write ourselves (the docs UI); everything else must declare access.
const PUBLIC_PLUGIN_PREFIXES = ['/docs', ...WEB_PREFIXES.map((prefix) => (prefix.endsWith('/') ? prefix : `${prefix}/`))];

export const authPlugin = fp<AuthOptions>(async function authPlugin(app: FastifyInstance, options) {
  // Set on every request by the hook below, before any handler runs.
  app.decorateRequest('principal', null as never);
  const resolvers: AuthOptions = { ...options, resolveWriteKey: sharedWithinTurn(options.resolveWriteKey) };

  app.addHook('onRoute', (route) => {
    route.config ??= {};
    if (route.config.access === undefined) {
      if (PUBLIC_PLUGIN_PREFIXES.some((prefix) => route.url.startsWith(prefix))) route.config.access = 'public';
      else throw new Error(`Route ${String(route.method)} ${route.url} does not declare who may call it (config.access)`);
    }
    const access = route.config.access;
    // The OpenAPI document tells clients (and the access test) who may call each operation.
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    schema['x-access'] = access;
    if (access !== 'public') {
      const security: Record<string, string[]>[] = [];
      if (access.some((grant) => grant !== 'source')) security.push({ bearerAuth: [] });
      if (access.includes('source')) security.push({ writeKey: [] });
      schema.security = security;
    }
  });

  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    request.principal = await authenticate(request, resolvers);
    if (access === undefined || access === 'public') return;
    if (request.principal.kind === 'anonymous') {
      throw new AppError('platform.unauthenticated', 'Authentication required: send a bearer token (or a write key for tracking)');
    }
    if (!isGranted(request.principal, access)) {
      throw new AppError('platform.forbidden', `This operation is for ${access.join(', ')}; you are ${describe(request.principal)}`);
    }
  });
});

/**
 * One lookup per write key for the requests that arrive in the same turn of the event loop: at
 * thousands of tracking calls a second, the calls that came in while a grouped transaction was
 * being written are parsed together, and most carry one of a few write keys. The lookup (a query,
 * and its building, about 20 µs and 8 KB of garbage a call) is shared by them and forgotten at the
 * end of the turn (`setImmediate`). These requests are concurrent with anything else the turn
 * holds, so sharing changes no answer: a key rotated or disabled by an earlier answered request was
 * committed before any of them arrived, and a request arriving after that answer reached its
 * client comes in a later turn, and looks the key up again.
 */
export function sharedWithinTurn<T>(lookup: (key: string) => Promise<T>): (key: string) => Promise<T> {
  let turn: Map<string, Promise<T>> | null = null;
  return (key) => {
    if (turn === null) {
      turn = new Map();
      setImmediate(() => {
        turn = null;
      });
    }
    let found = turn.get(key);
    if (found === undefined) {
      found = lookup(key);
      turn.set(key, found);
    }
    return found;
  };
}

async function authenticate(request: FastifyRequest, options: AuthOptions): Promise<Principal> {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, value = ''] = header.split(/\s+/, 2);
    if (scheme?.toLowerCase() === 'bearer') {
      if (options.adminToken && secretEquals(value, options.adminToken)) {
        return { kind: 'staff', role: 'admin', staffId: null, storeId: null, tokenId: null };
      }
      const principal = await options.resolveBearer(value);
      if (!principal) throw new AppError('platform.unauthenticated', 'The bearer token is unknown, expired or revoked');
      return principal;
    }
    if (scheme?.toLowerCase() === 'basic') {
      // Segment's convention: the write key is the user name, the password is empty.
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const writeKey = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
      const principal = writeKey ? await options.resolveWriteKey(writeKey) : null;
      if (!principal) throw new AppError('platform.unauthenticated', 'The write key is unknown or disabled');
      return principal;
    }
    throw new AppError('platform.unauthenticated', `Unsupported authorization scheme "${scheme}"; use Bearer or Basic`);
  }
  const body = request.body as { writeKey?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body.writeKey === 'string') {
    const principal = await options.resolveWriteKey(body.writeKey);
    if (!principal) throw new AppError('platform.unauthenticated', 'The write key is unknown or disabled');
    return principal;
  }
  return ANONYMOUS;
}

function describe(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous': return 'not signed in';
    case 'staff': return `staff with role ${principal.role}`;
    case 'customer': return 'a customer';
    case 'source': return `a source write key (${principal.channel})`;
  }
}

/** Associates act for their own store only; other staff for any store. */
export function assertStoreAccess(principal: Principal, storeId: string): void {
  if (principal.kind === 'staff' && principal.role === 'associate' && principal.storeId !== storeId) {
    throw new AppError('platform.forbidden', `This associate works for store ${principal.storeId ?? '(none)'}, not ${storeId}`);
  }
}
