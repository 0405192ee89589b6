import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { localAccess } from '../../src/domain/access.js';
import { AccountService } from '../../src/services/accounts.js';
import { addDays, isoDay } from '../../src/progress/dates.js';
import { OrganisationService } from '../../src/services/organisations.js';
import { StrategyService } from '../../src/services/strategy.js';
import { openStore, type Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { createApp } from '../../src/web/app.js';
import { writeServerFile } from '../../src/web/local-token.js';
import { accountabilityStrategy, observe, seedOwners } from '../support/accountability-fixtures.js';
import { runInProcess as run } from '../support/run-cli.js';

const expires = addDays(isoDay(new Date()), 60);

describe('thorbecke explanation and commitment (embedded database)', () => {
  let dir: string;
  let dataDir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-explanation-cli-'));
    dataDir = path.join(dir, 'data');
    delete process.env.DATABASE_URL;
    process.env.THORBECKE_DATA_DIR = dataDir;
    process.env.LOG_LEVEL = 'silent';
    const store = await openStore({ engine: 'pglite', dataDir });
    try {
      await migrateToLatest(store.db);
      await new StrategyService(store.db).apply(accountabilityStrategy(), { appliedBy: 'test' });
      await seedOwners(store.db, { gm7201: { layer: 'gemeente', domains: ['cli-a.nl'] } });
      await observe(store.db, 'cli-a.nl', 'mail.dane', 'fail');
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('proposes, lists, approves and shows an explanation', async () => {
    const proposed = await run(
      'explanation', 'propose', '--org', 'GM7201', '--target', 'mail-secure', '--scope', 'finding', '--domain', 'cli-a.nl', '--check', 'mail.dane',
      '--reason', 'Our provider offers no DANE yet.', '--expires', expires, '--by', 'CISO',
    );
    expect(proposed.err).toBe('');
    expect(proposed.status).toBe(0);
    expect(proposed.out).toBe(
      `Explanation 1 proposed: finding mail.dane on cli-a.nl, target mail-secure for gm7201, expires ${expires}.\n` +
        'A coordinator decides it: thorbecke explanation approve 1 --by NAME (or reject … --note WHY).\n',
    );
    expect((await run('explanation', 'list', '--state', 'proposed')).out).toBe(`#1 proposed  gm7201  mail-secure  finding mail.dane on cli-a.nl  expires ${expires}\n`);
    expect(await run('explanation', 'approve', '1', '--by', 'Coordinator', '--note', 'ok')).toEqual({ status: 0, out: 'Explanation 1 approved by Coordinator.\n', err: '' });
    const shown = await run('explanation', 'show', '1');
    expect(shown.out).toMatch(/^Explanation 1: approved\n/);
    expect(shown.out).toMatch(/ {2}decided by: {3}Coordinator at .* — ok\n/);
    const json = JSON.parse((await run('explanation', 'show', '1', '--json')).out) as { basis: unknown };
    expect(json.basis).toEqual({ scope: 'finding', domain: 'cli-a.nl', checkId: 'mail.dane', status: 'fail', keyFactsHash: 'fail-facts' });
  });

  it('explains bad input readably', async () => {
    const bad = await run('explanation', 'propose', '--org', 'gm7201', '--target', 'mail-secure', '--scope', 'domain', '--domain', 'elders.nl', '--reason', 'short', '--expires', expires, '--by', 'x');
    expect(bad.status).toBe(1);
    expect(bad.err).toBe('Error: The explanation is not valid.\n  - reason: a reason has at least 10 characters\n');
    const twice = await run('explanation', 'reject', '1', '--by', 'x', '--note', 'no');
    expect(twice).toMatchObject({ status: 1, err: 'Error: Explanation 1 is approved: only a proposed explanation can be decided.\n' });
    expect((await run('explanation', 'show', 'x1')).status).toBe(2);
    expect((await run('explanation', 'show', '99')).err).toBe('Error: No explanation 99.\n');
  });

  it('sets, lists and clears a planned date with milestones', async () => {
    const set = await run('commitment', 'set', 'gm7201', 'mail-secure', '--planned', '2027-06-30', '--milestone', '2026-12-31=25', '--milestone', '2027-03-31=60%', '--by', 'CIO');
    expect(set).toEqual({ status: 0, out: 'Planned date of gm7201 for mail-secure: 2027-06-30 with 2 milestone(s).\n', err: '' });
    expect((await run('commitment', 'list', 'gm7201')).out).toMatch(/^gm7201 {2}mail-secure {2}planned 2027-06-30 {2}milestones 2026-12-31 25%, 2027-03-31 60% {2}\(set by CIO at .*\)\n$/);
    expect((await run('commitment', 'set', 'gm7201', 'mail-secure', '--planned', '2027-06-30', '--milestone', 'soon', '--by', 'CIO')).status).toBe(2);
    expect(await run('commitment', 'clear', 'gm7201', 'mail-secure')).toEqual({ status: 0, out: 'Planned date of gm7201 for mail-secure removed: the deadline counts again.\n', err: '' });
    expect((await run('commitment', 'list', '--json')).out).toBe('[]\n');
  });

  describe('while a server holds the embedded database', () => {
    let store: Store;
    let server: ServerType;
    let removeFile: () => void;
    const token = 'cli-test-local-token-0123456789abcdefghij';

    beforeAll(async () => {
      store = await openStore({ engine: 'pglite', dataDir });
      const strategy = new StrategyService(store.db);
      const app = createApp({
        db: store.db,
        strategy,
        organisations: new OrganisationService(store.db, strategy),
        config: loadConfig({}),
        logger: pino({ level: 'silent' }),
        appVersion: '0.0.0-test',
        localToken: token,
      });
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
          resolve(s);
        });
      });
      const { port } = server.address() as AddressInfo;
      removeFile = writeServerFile(dataDir, { url: `http://127.0.0.1:${String(port)}/`, token, pid: process.pid });
    });
    afterAll(async () => {
      removeFile();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    });

    it('goes through the server API with the local token', async () => {
      const proposed = await run('explanation', 'propose', '--org', 'gm7201', '--target', 'mail-secure', '--scope', 'target', '--reason', 'Whole target explained.', '--expires', expires, '--by', 'CISO');
      expect(proposed.err).toBe('');
      expect(proposed.out).toMatch(/^Explanation 2 proposed: the whole target, target mail-secure for gm7201/);
      expect((await run('explanation', 'reject', '2', '--by', 'Coordinator', '--note', 'Not enough.')).out).toBe('Explanation 2 rejected by Coordinator.\n');
      expect((await run('explanation', 'list', '--org', 'gm7201')).out.split('\n').filter(Boolean)).toHaveLength(2);
      const bad = await run('explanation', 'propose', '--org', 'gm7201', '--target', 'nope', '--scope', 'target', '--reason', 'Whole target explained.', '--expires', expires, '--by', 'CISO');
      expect(bad).toMatchObject({ status: 1, err: 'Error: There is no target "nope" measured per organisation in the current strategy.\n  - targetId: unknown target "nope"\n' });
      expect((await run('commitment', 'set', 'gm7201', 'mail-secure', '--planned', '2027-01-31', '--by', 'CIO')).status).toBe(0);
      expect((await run('commitment', 'list')).out).toMatch(/^gm7201 {2}mail-secure {2}planned 2027-01-31/);
      expect(await run('commitment', 'clear', 'gm7201', 'mail-secure')).toMatchObject({ status: 0, err: '' });
      expect((await run('explanation', 'show', '42')).err).toBe('Error: No explanation 42.\n');
    });

    it("goes to a (remote) server with a person's API token, which decides what the person may do", async () => {
      const local = localAccess('cli:test');
      const accounts = new AccountService(store.db);
      await seedOwners(store.db, { gm7202: { layer: 'gemeente', domains: ['cli-b.nl'] } });
      const person = await accounts.addUser(local.principal, local.actor, { email: 'ed@gm7201.test', displayName: 'Ed', memberships: [{ organisationCode: 'gm7201', role: 'editor' }] });
      const principal = await accounts.principalOf(person.id, 'session');
      if (principal === undefined) throw new Error('no principal');
      const { secret } = await accounts.createToken(principal, { accountId: person.id, name: 'Ed', via: 'web' }, { name: 'cli', organisationCode: 'gm7201', role: 'editor' });
      process.env.THORBECKE_SERVER_URL = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
      process.env.THORBECKE_API_TOKEN = secret;
      try {
        expect(await run('commitment', 'set', 'gm7201', 'mail-secure', '--planned', '2027-02-28')).toMatchObject({ status: 0, err: '' });
        expect((await run('commitment', 'list', 'gm7201')).out).toMatch(/planned 2027-02-28 {2}\(set by Ed at /);
        expect(await run('commitment', 'set', 'gm7202', 'mail-secure', '--planned', '2027-02-28')).toMatchObject({ status: 1, err: 'Error: You may not set planned dates for gm7202.\n' });
        expect(await run('explanation', 'approve', '1', '--by', 'Ed')).toMatchObject({ status: 1, err: expect.stringMatching(/may not decide on explanations/) as string });
        process.env.THORBECKE_API_TOKEN = 'thk_wrong';
        expect(await run('commitment', 'list')).toMatchObject({ status: 1, err: 'Error: The API token is unknown, expired or revoked.\n' });
      } finally {
        delete process.env.THORBECKE_SERVER_URL;
        delete process.env.THORBECKE_API_TOKEN;
      }
    });
  });
});
