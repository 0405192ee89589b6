/**
 * CSRF protection on every form, in two layers: Hono's csrf middleware refuses form posts whose Origin
 * (or Sec-Fetch-Site) is not this site — also for the login form, where there is no session yet — and
 * every write made with a session cookie must carry the session's synchroniser token (`_csrf` form field
 * or `X-CSRF-Token` header). Requests with a bearer token carry no ambient credentials and need neither.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import type { Config } from '../../config/schema.js';
import { NotAllowedError } from '../../domain/errors.js';
import { sessionOf } from './context.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Form posts from this site only: its public address or the address the request came to. */
export function originCheck(config: Config): MiddlewareHandler {
  const publicOrigin = new URL(config.THORBECKE_PUBLIC_URL).origin;
  const check = csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin });
  // A request with a bearer token was not sent by a browser on someone's behalf (nothing ambient to abuse).
  return async (c, next) => (c.req.header('authorization') === undefined ? check(c, next) : next());
}

/** The synchroniser token check for writes made with a session. */
export function sessionToken(): MiddlewareHandler {
  return async (c, next) => {
    const session = sessionOf(c);
    if (session !== undefined && !SAFE.has(c.req.method)) {
      const given = c.req.header('x-csrf-token') ?? (await formToken(c));
      const a = Buffer.from(given ?? '');
      const b = Buffer.from(session.csrfToken);
      if (a.length !== b.length || !timingSafeEqual(a, b)) {
        throw new NotAllowedError('The form has expired or did not come from this site. Reload the page and try again.');
      }
    }
    await next();
  };
}

async function formToken(c: Context): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  const body = await c.req.parseBody();
  const value = body._csrf;
  return typeof value === 'string' ? value : undefined;
}
