import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AuthenticationError } from '../../domain/errors.js';

/**
 * Writes through the API need the server's local token (`Authorization: Bearer <token>`, from
 * `<data dir>/server.json`) until accounts exist: only the CLI on the same machine may write.
 */
export function checkLocalToken(authorization: string | undefined, token: string | undefined, what: string): void {
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (token === undefined || given === undefined) throw new AuthenticationError(`${what} needs the local token of this server (the thorbecke CLI reads it from the data folder).`);
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AuthenticationError("The token is not this server's local token.");
}

/**
 * Middleware that checks the local token for the given methods before anything else (a caller without it
 * learns nothing about what a valid request looks like).
 */
export function requireLocalToken(token: string | undefined, methods: readonly string[], what: string): MiddlewareHandler {
  return async (c, next) => {
    if (methods.includes(c.req.method)) checkLocalToken(c.req.header('authorization'), token, what);
    await next();
  };
}
