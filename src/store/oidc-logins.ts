/**
 * Pending OpenID Connect logins: what the callback needs to finish one (PKCE code verifier, nonce,
 * where to go afterwards), keyed by the `state` sent to the identity provider. A row is taken — read
 * and deleted at once — so each state is used once; rows older than the login window are purged.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, OidcLoginTable } from './schema.js';

/** How long a started login may take at the identity provider. */
export const OIDC_LOGIN_WINDOW_MS = 10 * 60_000;

export type PendingOidcLogin = Selectable<OidcLoginTable>;

export async function startOidcLogin(db: Kysely<Database>, login: { state: string; provider: string; nonce: string; codeVerifier: string; returnTo: string | null }, now = new Date()): Promise<void> {
  await db.deleteFrom('oidc_login').where('created_at', '<', new Date(now.getTime() - OIDC_LOGIN_WINDOW_MS)).execute();
  await db
    .insertInto('oidc_login')
    .values({ state: login.state, provider: login.provider, nonce: login.nonce, code_verifier: login.codeVerifier, return_to: login.returnTo, created_at: now })
    .execute();
}

/** The pending login of `state`, deleted in the same statement; undefined when unknown, used or expired. */
export async function takeOidcLogin(db: Kysely<Database>, state: string, now = new Date()): Promise<PendingOidcLogin | undefined> {
  const row = await db.deleteFrom('oidc_login').where('state', '=', state).returningAll().executeTakeFirst();
  if (row === undefined || now.getTime() - row.created_at.getTime() > OIDC_LOGIN_WINDOW_MS) return undefined;
  return row;
}
