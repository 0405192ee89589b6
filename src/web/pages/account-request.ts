/**
 * What the signed-in pages need from a request: the person behind the session (or the login page for
 * the public), the Access that services authorise and audit with, and the submitted form's text fields.
 */
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { can, type Access, type Action, type Principal } from '../../domain/access.js';
import { AuthenticationError, NotAllowedError, NotFoundError } from '../../domain/errors.js';
import type { Organisation } from '../../domain/organisation.js';
import { findOrganisation } from '../../store/organisations.js';
import type { Database } from '../../store/schema.js';
import { actorFrom, principalOf, sessionOf, type SessionInfo } from '../auth/context.js';

export type AccountPrincipal = Extract<Principal, { kind: 'account' }>;

/**
 * The signed-in person and their session. The public are sent to the login page (a GET redirects there);
 * an API token opens no pages.
 */
export function signedIn(c: Context): { principal: AccountPrincipal; session: SessionInfo } {
  const principal = principalOf(c);
  const session = sessionOf(c);
  if (principal.kind === 'public') throw new AuthenticationError('Log in to see this page.');
  if (principal.kind !== 'account' || session === undefined) throw new NotAllowedError('This page is for people who are logged in.');
  return { principal, session };
}

/**
 * The organisation of the path (`:code`), for a signed-in person who may do `action` there: the login page
 * for the public, 403 for anyone else without the right, 404 for an unknown organisation.
 */
export async function organisationFor(c: Context, db: Kysely<Database>, action: Action): Promise<Organisation> {
  const { principal } = signedIn(c);
  const code = (c.req.param('code') ?? '').toLowerCase().slice(0, 20);
  if (!can(principal, action, code)) throw new NotAllowedError(`You may not do this for ${code}.`);
  const org = /^[a-z]{2,4}\d{2,5}$/.test(code) ? await findOrganisation(db, code) : undefined;
  if (org === undefined) throw new NotFoundError(`There is no organisation "${code}".`);
  return org;
}

/** Who asks and who is recorded, for the services. */
export function accessOf(c: Context): Access {
  return { principal: principalOf(c), actor: actorFrom(c) };
}

/** The submitted form's fields as text, trimmed unless `raw` (passwords); files and repeated fields are ignored. */
export async function formOf(c: Context): Promise<(name: string, raw?: 'raw') => string> {
  const body = await c.req.parseBody();
  return (name, raw) => {
    const value = body[name];
    if (typeof value !== 'string') return '';
    return raw === undefined ? value.trim() : value;
  };
}

/** `?done=` for the page a write redirects to. */
export function withDone(path: string, done: string, hash = ''): string {
  return `${path}${path.includes('?') ? '&' : '?'}done=${encodeURIComponent(done)}${hash}`;
}
