import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAccess, type Role } from '../../src/domain/access.js';
import { addDays, isoDay } from '../../src/progress/dates.js';
import type { ScanControl } from '../../src/scan/request.js';
import { AccountabilityService } from '../../src/services/accountability.js';
import { AccountService } from '../../src/services/accounts.js';
import { accountabilityStrategy, observe, seedOwners } from '../support/accountability-fixtures.js';
import { createPeople, logIn, type Browser, type Person } from '../support/people.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { createTestApp, type TestApp } from '../support/web-app.js';

/**
 * Every mutating route × every role × own / other organisation. The expectations are written out here,
 * not derived from src/domain/access.ts, so a route that forgets its check (or checks the wrong thing)
 * fails; and a mutating route that is not in the matrix fails the completeness test.
 */

const OWN = 'gm7101';
const OTHER = 'gm7102';
const LOCAL = localAccess('cli:test');
const inDays = (n: number): string => addDays(isoDay(new Date()), n);

type Caller = 'public' | Role;
type Whose = 'own' | 'other' | 'none';
/**
 * allowed: past the authorisation (any answer but 401, 403, a redirect to /login or an error);
 * denied: 403; login: 401 (API) or a redirect to /login (pages).
 */
type Outcome = 'allowed' | 'denied' | 'login';

interface Call {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
  form?: Record<string, string>;
}

interface Row {
  /** The route as the router knows it: `METHOD /path/:param`. */
  route: string;
  whose: Whose;
  /** Makes the request valid for an allowed caller (creates what it acts on). */
  call: (org: string) => Promise<Call>;
  expect: Record<Caller, Outcome>;
}

const ORG_WRITE: Record<Caller, Outcome> = { public: 'login', editor: 'allowed', admin: 'allowed', coordinator: 'allowed', administrator: 'allowed' };
const OTHER_ORG_WRITE: Record<Caller, Outcome> = { public: 'login', editor: 'denied', admin: 'denied', coordinator: 'allowed', administrator: 'allowed' };
const COORDINATORS: Record<Caller, Outcome> = { public: 'login', editor: 'denied', admin: 'denied', coordinator: 'allowed', administrator: 'allowed' };
/** An organisation's people: its admins and administrators (not coordinators). */
const ORG_ADMINS: Record<Caller, Outcome> = { public: 'login', editor: 'denied', admin: 'allowed', coordinator: 'denied', administrator: 'allowed' };
const OTHER_ORG_ADMINS: Record<Caller, Outcome> = { public: 'login', editor: 'denied', admin: 'denied', coordinator: 'denied', administrator: 'allowed' };
/** One's own account: anyone signed in. */
const SELF: Record<Caller, Outcome> = { public: 'login', editor: 'allowed', admin: 'allowed', coordinator: 'allowed', administrator: 'allowed' };

let t: TestApp;
let people: Record<Role, Person>;
const service = () => new AccountabilityService(t.store.db, fixedStrategyReader(accountabilityStrategy()));
const domainOf = (org: string) => (org === OWN ? 'web-a.nl' : 'web-b.nl');
const proposal = (org: string) => ({
  scope: 'finding',
  targetId: 'mail-secure',
  organisationCode: org,
  domain: domainOf(org),
  checkId: 'mail.dane',
  reason: 'The mail platform offers no DANE yet; migration is planned.',
  expiresOn: inDays(90),
});

/** Both sides of each organisation-scoped route: the caller's own organisation and another. */
function both(route: string, call: Row['call']): Row[] {
  return [
    { route, whose: 'own', call, expect: ORG_WRITE },
    { route, whose: 'other', call, expect: OTHER_ORG_WRITE },
  ];
}

const API_ROWS: Row[] = [
  ...both('PUT /api/v1/organisations/:code/commitments/:targetId', (org) =>
    Promise.resolve({ method: 'PUT', path: `/api/v1/organisations/${org}/commitments/mail-secure`, json: { plannedDate: inDays(30) } }),
  ),
  ...both('DELETE /api/v1/organisations/:code/commitments/:targetId', async (org) => {
    await service().setCommitment(LOCAL, org, 'mail-secure', { plannedDate: inDays(30) });
    return { method: 'DELETE', path: `/api/v1/organisations/${org}/commitments/mail-secure` };
  }),
  ...both('POST /api/v1/explanations', (org) => Promise.resolve({ method: 'POST', path: '/api/v1/explanations', json: proposal(org) })),
  ...both('POST /api/v1/scans', (org) => Promise.resolve({ method: 'POST', path: '/api/v1/scans', json: { organisations: [org] } })),
  { route: 'POST /api/v1/scans', whose: 'none', call: () => Promise.resolve({ method: 'POST', path: '/api/v1/scans', json: { all: true } }), expect: COORDINATORS },
  {
    route: 'POST /api/v1/explanations/:id/decision',
    whose: 'own',
    call: async (org) => {
      const e = await service().propose(LOCAL, proposal(org));
      return { method: 'POST', path: `/api/v1/explanations/${String(e.id)}/decision`, json: { decision: 'approve' } };
    },
    expect: COORDINATORS,
  },
];

/** A member of an organisation, to change or remove on the users page. */
async function member(org: string): Promise<number> {
  const accounts = new AccountService(t.store.db);
  const email = `member-${String(++members)}@${org}.test`;
  return (await accounts.addUser(LOCAL.principal, LOCAL.actor, { email, displayName: `Member ${String(members)}`, memberships: [{ organisationCode: org, role: 'editor' }] })).id;
}
let members = 0;

function bothPages(route: string, call: Row['call'], own: Record<Caller, Outcome>, other: Record<Caller, Outcome>): Row[] {
  return [
    { route, whose: 'own', call, expect: own },
    { route, whose: 'other', call, expect: other },
  ];
}

const PAGE_ROWS: Row[] = [
  ...bothPages('POST /organisations/:code/commitments/:targetId/edit', (org) => Promise.resolve({ method: 'POST', path: `/organisations/${org}/commitments/mail-secure/edit`, form: { plannedDate: inDays(40) } }), ORG_WRITE, OTHER_ORG_WRITE),
  ...bothPages(
    'POST /organisations/:code/commitments/:targetId/clear',
    async (org) => {
      await service().setCommitment(LOCAL, org, 'mail-secure', { plannedDate: inDays(30) });
      return { method: 'POST', path: `/organisations/${org}/commitments/mail-secure/clear`, form: {} };
    },
    ORG_WRITE,
    OTHER_ORG_WRITE,
  ),
  ...bothPages(
    'POST /organisations/:code/explanations',
    (org) => {
      const { scope, targetId, domain, checkId, reason, expiresOn } = proposal(org);
      return Promise.resolve({ method: 'POST', path: `/organisations/${org}/explanations`, form: { scope, targetId, domain, checkId, reason, expiresOn } });
    },
    ORG_WRITE,
    OTHER_ORG_WRITE,
  ),
  {
    route: 'POST /explanations/:id/decision',
    whose: 'own',
    call: async (org) => {
      const e = await service().propose(LOCAL, proposal(org));
      return { method: 'POST', path: `/explanations/${String(e.id)}/decision`, form: { decision: 'approve' } };
    },
    expect: COORDINATORS,
  },
  ...bothPages('POST /organisations/:code/users', (org) => Promise.resolve({ method: 'POST', path: `/organisations/${org}/users`, form: { email: `new-${String(++members)}@${org}.test`, displayName: 'New Person', role: 'editor' } }), ORG_ADMINS, OTHER_ORG_ADMINS),
  ...bothPages('POST /organisations/:code/users/:id/role', async (org) => ({ method: 'POST', path: `/organisations/${org}/users/${String(await member(org))}/role`, form: { role: 'admin' } }), ORG_ADMINS, OTHER_ORG_ADMINS),
  ...bothPages('POST /organisations/:code/users/:id/remove', async (org) => ({ method: 'POST', path: `/organisations/${org}/users/${String(await member(org))}/remove`, form: {} }), ORG_ADMINS, OTHER_ORG_ADMINS),
  { route: 'POST /account/password', whose: 'none', call: () => Promise.resolve({ method: 'POST', path: '/account/password', form: { current: 'not the current password', next: 'x', repeat: 'y' } }), expect: SELF },
  { route: 'POST /account/totp/start', whose: 'none', call: () => Promise.resolve({ method: 'POST', path: '/account/totp/start', form: {} }), expect: SELF },
  { route: 'POST /account/totp/confirm', whose: 'none', call: () => Promise.resolve({ method: 'POST', path: '/account/totp/confirm', form: { code: '000000' } }), expect: SELF },
  { route: 'POST /account/tokens', whose: 'none', call: () => Promise.resolve({ method: 'POST', path: '/account/tokens', form: { name: 'matrix', role: 'editor', organisationCode: OWN, expiresInDays: '30' } }), expect: SELF },
  { route: 'POST /account/tokens/:id/revoke', whose: 'none', call: () => Promise.resolve({ method: 'POST', path: '/account/tokens/999999/revoke', form: {} }), expect: SELF },
  { route: 'POST /account/logout-everywhere', whose: 'none', call: () => Promise.resolve({ method: 'POST', path: '/account/logout-everywhere', form: {} }), expect: SELF },
];

/** Routes anyone may use by design (logging in and out). */
const PUBLIC_BY_DESIGN = new Set(['POST /login', 'POST /login/second-factor', 'POST /logout']);

const fakeScans: ScanControl = {
  request: (selection) => Promise.resolve({ run: 1, total: selection.organisations?.length ?? 1, unregistered: [] }),
  progress: () => Promise.resolve(undefined),
};

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(accountabilityStrategy()), {}, { scanControl: fakeScans });
  await seedOwners(t.store.db, { [OWN]: { layer: 'gemeente', domains: ['web-a.nl'] }, [OTHER]: { layer: 'gemeente', domains: ['web-b.nl'] } });
  await observe(t.store.db, 'web-a.nl', 'mail.dane', 'fail');
  await observe(t.store.db, 'web-b.nl', 'mail.dane', 'fail');
  people = await createPeople(t.store, OWN);
});
afterAll(async () => {
  await t.store.close();
});

async function viaToken(caller: Caller, request: Call): Promise<Response> {
  const auth: Record<string, string> = caller === 'public' ? {} : { Authorization: `Bearer ${people[caller].token}` };
  return t.app.request(request.path, {
    method: request.method,
    headers: { 'Content-Type': 'application/json', ...auth },
    ...(request.json !== undefined ? { body: JSON.stringify(request.json) } : {}),
  });
}

const toLogin = (res: Response) => res.status === 303 && (res.headers.get('location') ?? '').startsWith('/login?next=');

function judge(res: Response, expected: Outcome, isPage: boolean): void {
  if (expected === 'allowed') {
    expect(res.status).toBeLessThan(500);
    expect([401, 403]).not.toContain(res.status);
    expect(toLogin(res)).toBe(false);
  } else if (expected === 'denied') expect(res.status).toBe(403);
  else if (isPage) expect(res.status === 401 || toLogin(res)).toBe(true);
  else expect(res.status).toBe(401);
}

const browsers = new Map<Caller, Browser>();

/** A form post with the caller's session (logged in once; again after "log out everywhere"). */
async function viaSession(caller: Caller, request: Call): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' };
  const form = new URLSearchParams(request.form ?? {});
  if (caller !== 'public') {
    let browser = browsers.get(caller);
    if (browser === undefined) {
      browser = await logIn(t.app, people[caller].email);
      browsers.set(caller, browser);
    }
    headers.Cookie = browser.cookie;
    form.set('_csrf', browser.csrf);
    if (request.path === '/account/logout-everywhere') browsers.delete(caller);
  }
  return t.app.request(request.path, { method: request.method, headers, body: form.toString() });
}

describe('API: every mutating route × every role × own / other organisation (API tokens)', () => {
  const callers: Caller[] = ['public', 'editor', 'admin', 'coordinator', 'administrator'];
  for (const row of API_ROWS) {
    for (const caller of callers) {
      it(`${row.route} [${row.whose}] as ${caller} → ${row.expect[caller]}`, async () => {
        const request = await row.call(row.whose === 'other' ? OTHER : OWN);
        const res = await viaToken(caller, request);
        judge(res, row.expect[caller], false);
        if (row.expect[caller] !== 'allowed') expect(res.headers.get('content-type')).toBe('application/problem+json');
      });
    }
  }

  it('a session cookie without the CSRF token cannot write through the API', async () => {
    const browser: Browser = await logIn(t.app, people.editor.email);
    const res = await t.app.request(`/api/v1/organisations/${OWN}/commitments/mail-secure`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Cookie: browser.cookie },
      body: JSON.stringify({ plannedDate: inDays(20) }),
    });
    expect(res.status).toBe(403);
    const withToken = await t.app.request(`/api/v1/organisations/${OWN}/commitments/mail-secure`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Cookie: browser.cookie, 'X-CSRF-Token': browser.csrf },
      body: JSON.stringify({ plannedDate: inDays(20) }),
    });
    expect(withToken.status).toBe(200);
  });

  it('a revoked or unknown token is refused outright', async () => {
    const res = await t.app.request('/api/v1/explanations', { method: 'POST', headers: { Authorization: 'Bearer thk_not-a-token', 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('records every allowed write in the audit log, attributed to the person', async () => {
    const rows = await t.store.db.selectFrom('audit_log').select(['actor', 'actor_account_id', 'via', 'action']).where('via', '=', 'api').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actor_account_id !== null)).toBe(true);
    // (Scan requests go to a fake scan control here; test/db/audit.db.test.ts covers their entry.)
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['commitment.set', 'commitment.clear', 'explanation.propose', 'explanation.approve']));
  });
});

describe('pages: every form × every role × own / other organisation (sessions with CSRF tokens)', () => {
  const callers: Caller[] = ['public', 'editor', 'admin', 'coordinator', 'administrator'];
  for (const row of PAGE_ROWS) {
    for (const caller of callers) {
      it(`${row.route} [${row.whose}] as ${caller} → ${row.expect[caller]}`, async () => {
        const request = await row.call(row.whose === 'other' ? OTHER : OWN);
        judge(await viaSession(caller, request), row.expect[caller], true);
      });
    }
  }

  it('a form of a signed-in person without its CSRF token is refused, and changes nothing', async () => {
    const browser = await logIn(t.app, people.editor.email);
    const before = await t.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await t.app.request(`/organisations/${OWN}/commitments/mail-secure/edit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', Cookie: browser.cookie },
      body: new URLSearchParams({ plannedDate: inDays(50) }).toString(),
    });
    expect(res.status).toBe(403);
    const after = await t.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('completeness', () => {
  it('every mutating route of the application is in the matrix or public by design', () => {
    const covered = new Set([...API_ROWS.map((r) => r.route), ...PAGE_ROWS.map((r) => r.route), ...PUBLIC_BY_DESIGN]);
    const mutating = t.app.routes.filter((r) => ['POST', 'PUT', 'DELETE', 'PATCH'].includes(r.method)).map((r) => `${r.method} ${r.path}`);
    expect(mutating.length).toBeGreaterThan(5);
    expect([...new Set(mutating)].filter((route) => !covered.has(route))).toEqual([]);
  });
});
