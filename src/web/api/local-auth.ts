import type { Context, MiddlewareHandler } from 'hono';
import type { Access } from '../../domain/access.js';
import { AuthenticationError } from '../../domain/errors.js';
import { actorFrom, principalOf } from '../auth/context.js';

/**
 * Writes through the API need a caller: an API token (`Authorization: Bearer thk_…`), a session (with its
 * CSRF token), or the server's local token (the CLI on the same machine). Checked before anything else,
 * so a caller without one learns nothing about what a valid request looks like; what the caller may do is
 * decided by the service (src/domain/access.ts).
 */
export function requireCaller(methods: readonly string[], what: string): MiddlewareHandler {
  return async (c, next) => {
    if (methods.includes(c.req.method) && principalOf(c).kind === 'public') {
      throw new AuthenticationError(`${what} needs an API token (Authorization: Bearer …), a session, or this server's local token.`);
    }
    await next();
  };
}

/** The principal and actor of this request, for a service call. */
export function accessOf(c: Context): Access {
  return { principal: principalOf(c), actor: actorFrom(c) };
}
