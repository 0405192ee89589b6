import type { Hono } from 'hono';
import { localAccess, type Role } from '../../src/domain/access.js';
import { AccountService } from '../../src/services/accounts.js';
import type { Store } from '../../src/store/db.js';
import { csrfOf, get, login, PASSWORD } from './web-session.js';

export { PASSWORD } from './web-session.js';

export interface Person {
  id: number;
  email: string;
  role: Role;
  /** An API token acting with the person's role (for `own` organisation roles: of that organisation). */
  token: string;
}

/**
 * One person per role: an editor and an admin of `own`, a coordinator and an administrator, each with
 * a password and an API token of their role.
 */
export async function createPeople(store: Store, own: string): Promise<Record<Role, Person>> {
  const accounts = new AccountService(store.db);
  const local = localAccess('cli:test');
  const people = {} as Record<Role, Person>;
  for (const role of ['editor', 'admin', 'coordinator', 'administrator'] as const) {
    const global = role === 'coordinator' || role === 'administrator';
    const email = `${role}@${own}.test`;
    const account = await accounts.addUser(local.principal, local.actor, {
      email,
      displayName: `${role[0]?.toUpperCase() ?? ''}${role.slice(1)} ${own}`,
      password: PASSWORD,
      ...(global ? { globalRole: role } : { memberships: [{ organisationCode: own, role }] }),
    });
    const principal = await accounts.principalOf(account.id, 'session');
    if (principal === undefined) throw new Error('no principal');
    const { secret } = await accounts.createToken(principal, { accountId: account.id, name: principal.name, via: 'web' }, { name: `${role} token`, role, organisationCode: global ? null : own });
    people[role] = { id: account.id, email, role, token: secret };
  }
  return people;
}

/** What a browser holds after logging in: the session cookie and the CSRF token of its forms. */
export interface Browser {
  cookie: string;
  csrf: string;
}

/** Logs in through the login form (no second factor) and reads the CSRF token from a page. */
export async function logIn(app: Hono, email: string, password = PASSWORD): Promise<Browser> {
  const { cookie } = await login(app, email, password);
  return { cookie, csrf: csrfOf(await (await get(app, '/about', cookie)).text()) };
}
