/**
 * Authentication, once per request, before any route: who is asking (src/web/auth/context.ts). An
 * `Authorization: Bearer` header carries either the server's local token (the CLI on this machine) or an
 * API token; otherwise the session cookie counts. A wrong bearer token is refused outright (401), a
 * stale cookie is simply ignored (the visitor is public). Responses to anyone signed in are never cached.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../../domain/access.js';
import { AuthenticationError } from '../../domain/errors.js';
import type { AccountService } from '../../services/accounts.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { findLiveSession, type SessionRecord } from '../../store/sessions.js';
import type { Config } from '../../config/schema.js';
import { readSessionCookie } from './cookie.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** A session whose password was accepted but whose second factor is still to come (the TOTP page only). */
    pendingSession: SessionRecord | undefined;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface AuthenticationDeps {
  db: Kysely<Database>;
  config: Config;
  accounts: AccountService;
  localToken?: string | undefined;
}

export function authentication(deps: AuthenticationDeps): MiddlewareHandler {
  return async (c, next) => {
    let principal: Principal = { kind: 'public' };
    c.set('session', undefined);
    c.set('pendingSession', undefined);
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer !== undefined) {
      if (deps.localToken !== undefined && sameSecret(bearer, deps.localToken)) principal = { kind: 'local', name: localName(c.req.header(CLI_USER_HEADER)) };
      else principal = (await deps.accounts.principalOfToken(bearer)) ?? fail();
    } else {
      const secret = readSessionCookie(c, deps.config);
      const session = secret === undefined ? undefined : await findLiveSession(deps.db, secret);
      if (session?.awaitingSecondFactor === true) c.set('pendingSession', session);
      else if (session !== undefined) {
        const person = await deps.accounts.principalOf(session.accountId, 'session');
        if (person !== undefined) {
          principal = person;
          c.set('session', { id: session.id, accountId: session.accountId, csrfToken: session.csrfToken, method: session.method });
        }
      }
    }
    c.set('principal', principal);
    await next();
    if (principal.kind !== 'public') c.header('Cache-Control', 'private, no-store');
  };
}

/** The CLI names its OS user (`cli:alice`) for the audit log; only trusted together with the local token. */
export const CLI_USER_HEADER = 'x-thorbecke-cli-user';

function localName(header: string | undefined): string {
  return header !== undefined && /^[\w.:@-]{1,64}$/.test(header) ? header : 'cli (local token)';
}

function fail(): never {
  throw new AuthenticationError('The API token is unknown, expired or revoked.');
}
