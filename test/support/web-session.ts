import type { Hono } from 'hono';
import { expect } from 'vitest';
import { localAccess, type GlobalRole, type OrganisationRole } from '../../src/domain/access.js';
import { AccountService } from '../../src/services/accounts.js';
import type { Store } from '../../src/store/db.js';

/**
 * Signing in and posting forms in process, as a browser would: accounts are added with the local
 * principal, logging in POSTs /login (with an Origin, which the CSRF middleware requires) and keeps the
 * session cookie, forms are posted with the `_csrf` token read from the page they are on.
 */

/** A password that passes the rules (long, not guessable). */
export const PASSWORD = 'Kastanje-vlinder-regenboog-tegelpad-93';
export const ORIGIN = 'http://localhost';

export async function addAccount(
  store: Store,
  email: string,
  options: { name?: string; globalRole?: GlobalRole; memberships?: [string, OrganisationRole][]; password?: string | null } = {},
): Promise<number> {
  const { principal, actor } = localAccess('test');
  const password = options.password === undefined ? PASSWORD : options.password;
  const summary = await new AccountService(store.db).addUser(principal, actor, {
    email,
    displayName: options.name ?? email.split('@')[0] ?? email,
    ...(password === null ? {} : { password }),
    globalRole: options.globalRole ?? null,
    memberships: (options.memberships ?? []).map(([organisationCode, role]) => ({ organisationCode, role })),
  });
  return summary.id;
}

/** The `name=value` of a response's Set-Cookie for `name` (undefined when it is not set, or cleared). */
export function cookieOf(res: Response, name = 'thorbecke-session'): string | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  const pair = header?.split(';')[0];
  return pair === undefined || pair === `${name}=` ? undefined : pair;
}

/** POSTs a urlencoded form with the Origin header and the cookie. */
export function post(app: Hono, path: string, fields: Record<string, string>, cookie?: string, lang: 'nl' | 'en' = 'nl'): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'Accept-Language': lang, ...(cookie === undefined ? {} : { Cookie: cookie }) },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

/** GETs a page with the cookie. */
export function get(app: Hono, path: string, cookie?: string, lang: 'nl' | 'en' = 'nl'): Promise<Response> {
  return Promise.resolve(app.request(path, { headers: { 'Accept-Language': lang, ...(cookie === undefined ? {} : { Cookie: cookie }) } }));
}

/** Logs in with e-mail and password; returns the session cookie and where the login sent the browser. */
export async function login(app: Hono, email: string, password = PASSWORD): Promise<{ cookie: string; location: string }> {
  const res = await post(app, '/login', { email, password, next: '/account' });
  expect(res.status, `login of ${email}`).toBe(303);
  const cookie = cookieOf(res);
  expect(cookie).toBeDefined();
  return { cookie: cookie ?? '', location: res.headers.get('Location') ?? '' };
}

/** The `_csrf` token of the forms on a page. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, 'a _csrf field on the page').toBeDefined();
  return token ?? '';
}

/** GETs a page (200) and posts a form from it with its CSRF token. */
export async function submit(app: Hono, page: string, action: string, fields: Record<string, string>, cookie: string, lang: 'nl' | 'en' = 'nl'): Promise<Response> {
  const res = await get(app, page, cookie, lang);
  expect(res.status, page).toBe(200);
  return post(app, action, { _csrf: csrfOf(await res.text()), ...fields }, cookie, lang);
}
