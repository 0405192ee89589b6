/**
 * Who is asking, as every handler sees it: set once per request by the authentication middleware
 * (src/web/auth/middleware.ts) from the session cookie, an API token or the local token.
 */
import type { Context } from 'hono';
import { actorOf, type Actor, type Principal } from '../../domain/access.js';

/** The signed-in person's session, for pages (CSRF token of its forms, second-factor state). */
export interface SessionInfo {
  id: string;
  accountId: number;
  csrfToken: string;
  method: 'password' | 'oidc';
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Unset until the authentication middleware ran: use principalOf(c). */
    principal: Principal | undefined;
    session: SessionInfo | undefined;
    /** The client's address (behind a trusted proxy: from X-Forwarded-For). */
    clientIp: string | undefined;
  }
}

const PUBLIC: Principal = { kind: 'public' };

export function principalOf(c: Context): Principal {
  // Unset before the authentication middleware ran (an error in an earlier middleware).
  return c.get('principal') ?? PUBLIC;
}

export function sessionOf(c: Context): SessionInfo | undefined {
  return c.get('session');
}

/** The actor of a change made in this request: for the audit log. */
export function actorFrom(c: Context): Actor {
  const isApi = c.req.path.startsWith('/api/');
  return actorOf(principalOf(c), isApi ? 'api' : 'web', c.get('clientIp'));
}
