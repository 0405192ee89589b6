import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { runInProcess } from '../support/run-cli.js';

const run = runInProcess;
const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

describe('thorbecke snapshot (embedded database)', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-snapshot-cli-'));
    delete process.env.DATABASE_URL;
    process.env.THORBECKE_DATA_DIR = path.join(dir, 'data');
    process.env.LOG_LEVEL = 'silent';
    // Three current observations on two domains, and one closed one that a snapshot leaves out.
    const store = await openStore({ engine: 'pglite', dataDir: path.join(dir, 'data') });
    try {
      await migrateToLatest(store.db);
      const row = (domain: string, check: string, state: 'current' | 'closed', status: 'pass' | 'fail') => ({
        domain,
        check_id: check,
        state,
        status,
        known_status: status,
        reason: `${check} is ${status}`,
        key_facts_hash: 'x',
        first_seen: new Date('2026-03-02T08:00:00Z'),
        last_seen: new Date('2026-03-02T09:00:00Z'),
        scanner_version: '0.1.0',
      });
      await store.db
        .insertInto('observation')
        .values([
          row('a.nl', 'web.https', 'current', 'pass'),
          row('a.nl', 'web.dnssec', 'current', 'fail'),
          row('b.nl', 'web.https', 'current', 'fail'),
          row('b.nl', 'web.dnssec', 'closed', 'pass'),
        ])
        .execute();
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('says so when there are no snapshots yet', async () => {
    expect(await run('snapshot', 'list')).toEqual({ status: 0, out: 'No snapshots yet (thorbecke snapshot create NAME).\n', err: '' });
    expect(await run('snapshot', 'list', '--json')).toEqual({ status: 0, out: '[]\n', err: '' });
  });

  it('creates snapshots and lists them, newest first', async () => {
    const first = await run('snapshot', 'create', '2026-Q1', '--note', 'Staat van de digitale overheid');
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(new RegExp(`^Snapshot 2026-Q1: 2 domains, 3 results, taken at ${ISO}\\n$`));
    const second = await run('snapshot', 'create', '2026-Q2');
    expect(second.status).toBe(0);

    const by = `cli:${userInfo().username}`;
    const list = await run('snapshot', 'list');
    expect(list.status).toBe(0);
    expect(list.out).toMatch(
      new RegExp(
        `^2026-Q2, taken at ${ISO} by ${by}: 2 domains, 3 results\\n` +
          `2026-Q1, taken at ${ISO} by ${by}: 2 domains, 3 results — Staat van de digitale overheid\\n$`,
      ),
    );
    const json = JSON.parse((await run('snapshot', 'list', '--json')).out) as Record<string, unknown>[];
    expect(json.map((s) => s.name)).toEqual(['2026-Q2', '2026-Q1']);
    expect(json[1]).toEqual({
      name: '2026-Q1',
      takenAt: expect.stringMatching(new RegExp(`^${ISO}$`)) as unknown,
      createdBy: by,
      note: 'Staat van de digitale overheid',
      domains: 2,
      results: 3,
    });
  });

  it('shows a snapshot as counts per check and status', async () => {
    const { status, out, err } = await run('snapshot', 'show', '2026-Q1');
    expect(err).toBe('');
    expect(status).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^2026-Q1, taken at .* by cli:.*: 2 domains, 3 results — Staat van de digitale overheid$/);
    expect(lines.slice(1)).toEqual([
      '',
      'check       pass  warning  fail  not-applicable  error  blocked  total',
      'web.dnssec     0        0     1               0      0        0      1',
      'web.https      1        0     1               0      0        0      2',
      '',
    ]);

    const json = JSON.parse((await run('snapshot', 'show', '2026-Q1', '--json')).out) as { checks: unknown[]; results: number };
    expect(json.results).toBe(3);
    expect(json.checks).toEqual([
      { checkId: 'web.dnssec', total: 1, statuses: { pass: 0, warning: 0, fail: 1, 'not-applicable': 0, error: 0, blocked: 0 } },
      { checkId: 'web.https', total: 2, statuses: { pass: 1, warning: 0, fail: 1, 'not-applicable': 0, error: 0, blocked: 0 } },
    ]);
  });

  it('refuses a taken name, an invalid name and an unknown snapshot with exit status 1', async () => {
    expect(await run('snapshot', 'create', '2026-Q1')).toEqual({
      status: 1,
      out: '',
      err: 'Error: a snapshot named 2026-Q1 exists already; snapshots are immutable, choose another name\n',
    });
    const invalid = await run('snapshot', 'create', 'Q1 2026');
    expect(invalid.status).toBe(1);
    expect(invalid.err).toMatch(/^Error: "Q1 2026" is not a valid snapshot name: .*\^\[A-Za-z0-9\]\[A-Za-z0-9._-\]\{0,63\}\$/);
    expect(await run('snapshot', 'show', 'nope')).toEqual({
      status: 1,
      out: '',
      err: 'Error: There is no snapshot named nope (thorbecke snapshot list shows them).\n',
    });
    expect((await run('snapshot', 'list', '--json')).out).not.toContain('Q1 2026');
    expect((await run('snapshot', 'create')).status).toBe(2);
  });
});
