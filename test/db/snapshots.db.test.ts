import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { ConflictError, InputError } from '../../src/domain/errors.js';
import type { ObservationState } from '../../src/store/schema.js';
import {
  createSnapshot,
  findSnapshot,
  listSnapshots,
  snapshotResults,
  snapshotSummary,
  type Snapshot,
} from '../../src/store/snapshots.js';
import { describeEachEngine } from '../support/engines.js';
import { failure } from '../support/input-error.js';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const MINUTE = 60_000;
/** Minutes after T0. */
const at = (minutes: number): Date => new Date(T0 + minutes * MINUTE);

interface Row {
  domain: string;
  check: string;
  state?: ObservationState;
  status?: CheckStatus;
  known?: 'pass' | 'warning' | 'fail' | 'not-applicable' | null;
  from?: number;
  to?: number;
}

describeEachEngine('snapshots', (ctx) => {
  const db = () => ctx.store().db;
  const count = async (table: 'snapshot' | 'snapshot_result'): Promise<number> => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db());
    return rows[0]?.n ?? -1;
  };
  /** Observations written directly, as the recorder would have left them. */
  const observe = async (...rows: Row[]): Promise<void> => {
    await db()
      .insertInto('observation')
      .values(
        rows.map((r) => {
          const status = r.status ?? 'pass';
          return {
            domain: r.domain,
            check_id: r.check,
            state: r.state ?? 'current',
            status,
            known_status: r.known !== undefined ? r.known : status === 'error' || status === 'blocked' ? null : status,
            reason: `${r.check} is ${status}`,
            key_facts_hash: 'x',
            first_seen: at(r.from ?? 0),
            last_seen: at(r.to ?? r.from ?? 0),
            scanner_version: '0.1.0',
          };
        }),
      )
      .execute();
  };
  const take = (name: string, note?: string): Promise<Snapshot> => createSnapshot(db(), { name, createdBy: 'test:alice', note });
  const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );

  // Snapshots themselves cannot be removed: each test takes snapshots under names of its own.
  beforeEach(async () => {
    await sql`truncate observation_evidence, observation restart identity cascade`.execute(db());
  });

  it('copies the current observations, not closed, pending or dropped ones, and counts them', async () => {
    await observe(
      { domain: 'a.nl', check: 'web.https', status: 'pass', from: 10, to: 50 },
      { domain: 'a.nl', check: 'web.https', state: 'closed', status: 'fail', from: 0, to: 9 },
      { domain: 'a.nl', check: 'web.dnssec', status: 'fail', from: 5, to: 50 },
      { domain: 'a.nl', check: 'web.dnssec', state: 'pending', status: 'pass', from: 40, to: 50 },
      { domain: 'b.nl', check: 'web.https', status: 'error', known: 'warning', from: 20, to: 60 },
      { domain: 'b.nl', check: 'web.dnssec', state: 'dropped', status: 'pass', from: 30, to: 30 },
      { domain: 'b.nl', check: 'web.dnssec', status: 'not-applicable', from: 1, to: 60 },
      { domain: 'c.nl', check: 'web.https', state: 'closed', status: 'pass', from: 1, to: 2 },
    );
    const before = Date.now();
    const s = await take('2026-Q1', 'Staat van de digitale overheid');
    expect(s).toMatchObject({ name: '2026-Q1', createdBy: 'test:alice', note: 'Staat van de digitale overheid', domains: 2, results: 4 });
    expect(s.takenAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(s.takenAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(await findSnapshot(db(), '2026-Q1')).toEqual(s);

    const results = await snapshotResults(db(), s.id);
    expect(results).toEqual([
      { domain: 'a.nl', checkId: 'web.dnssec', status: 'fail', knownStatus: 'fail', reason: 'web.dnssec is fail', since: at(5), lastSeen: at(50) },
      { domain: 'a.nl', checkId: 'web.https', status: 'pass', knownStatus: 'pass', reason: 'web.https is pass', since: at(10), lastSeen: at(50) },
      { domain: 'b.nl', checkId: 'web.dnssec', status: 'not-applicable', knownStatus: 'not-applicable', reason: 'web.dnssec is not-applicable', since: at(1), lastSeen: at(60) },
      { domain: 'b.nl', checkId: 'web.https', status: 'error', knownStatus: 'warning', reason: 'web.https is error', since: at(20), lastSeen: at(60) },
    ]);
    expect((await snapshotResults(db(), s.id, { domain: 'B.NL.' })).map((r) => r.checkId)).toEqual(['web.dnssec', 'web.https']);
    expect((await snapshotResults(db(), s.id, { checkId: 'web.https' })).map((r) => r.domain)).toEqual(['a.nl', 'b.nl']);
    expect(await snapshotResults(db(), s.id, { domain: 'a.nl', checkId: 'web.https' })).toHaveLength(1);

    const none = { pass: 0, warning: 0, fail: 0, 'not-applicable': 0, error: 0, blocked: 0 };
    expect(await snapshotSummary(db(), s.id)).toEqual([
      { checkId: 'web.dnssec', total: 2, statuses: { ...none, fail: 1, 'not-applicable': 1 } },
      { checkId: 'web.https', total: 2, statuses: { ...none, pass: 1, error: 1 } },
    ]);
  });

  it('is not changed by later observations; a later snapshot shows them', async () => {
    await observe({ domain: 'a.nl', check: 'web.https', status: 'pass', from: 0, to: 10 }, { domain: 'b.nl', check: 'web.https', status: 'fail' });
    const first = await take('later-1');
    const frozen = await snapshotResults(db(), first.id);

    // The recorder closes a.nl's interval and opens a new one; a new domain appears; last_seen moves.
    await db().updateTable('observation').set({ state: 'closed' }).where('domain', '=', 'a.nl').execute();
    await observe({ domain: 'a.nl', check: 'web.https', status: 'fail', from: 20, to: 20 }, { domain: 'c.nl', check: 'web.https' });
    await db().updateTable('observation').set({ last_seen: at(99) }).where('domain', '=', 'b.nl').execute();

    expect(await snapshotResults(db(), first.id)).toEqual(frozen);
    expect(await findSnapshot(db(), 'later-1')).toEqual(first);
    const second = await take('later-2');
    expect(second).toMatchObject({ domains: 3, results: 3 });
    expect((await snapshotResults(db(), second.id)).map((r) => [r.domain, r.status, r.lastSeen])).toEqual([
      ['a.nl', 'fail', at(20)],
      ['b.nl', 'fail', at(99)],
      ['c.nl', 'pass', at(0)],
    ]);
    const names = (await listSnapshots(db())).map((s) => s.name);
    expect(names.indexOf('later-2')).toBeLessThan(names.indexOf('later-1'));
    expect(names.indexOf('later-2')).toBe(0);
  });

  it('is refused any UPDATE, DELETE or TRUNCATE by the database', async () => {
    await observe({ domain: 'a.nl', check: 'web.https' }, { domain: 'b.nl', check: 'web.https' });
    const s = await take('immutable');
    const statements = [
      sql`update snapshot set note = 'changed' where id = ${s.id}`,
      sql`update snapshot set domains = 0`,
      sql`update snapshot_result set status = 'fail' where snapshot_id = ${s.id}`,
      sql`delete from snapshot_result where snapshot_id = ${s.id}`,
      sql`delete from snapshot where id = ${s.id}`,
      sql`truncate snapshot_result`,
      sql`truncate snapshot_result, snapshot`,
      sql`truncate snapshot cascade`,
    ];
    for (const statement of statements) {
      const error = await errorOf(statement.execute(db()));
      expect(error, statement.compile(db()).sql).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^snapshots are immutable: (UPDATE|DELETE|TRUNCATE) on snapshot(_result)? is not allowed$/);
    }
    expect(await findSnapshot(db(), 'immutable')).toEqual(s);
    expect(await snapshotResults(db(), s.id)).toHaveLength(2);
  });

  it('refuses a name that is taken, changing nothing', async () => {
    await observe({ domain: 'a.nl', check: 'web.https' });
    const original = await take('taken', 'the first');
    await observe({ domain: 'b.nl', check: 'web.https' });
    const [snapshots, results] = [await count('snapshot'), await count('snapshot_result')];

    const error = await errorOf(take('taken', 'the second'));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('a snapshot named taken exists already; snapshots are immutable, choose another name');
    expect([await count('snapshot'), await count('snapshot_result')]).toEqual([snapshots, results]);
    expect(await findSnapshot(db(), 'taken')).toEqual(original);
  });

  it('lets one of two simultaneous snapshots with the same name win; the other is a conflict', async () => {
    await observe({ domain: 'a.nl', check: 'web.https' }, { domain: 'b.nl', check: 'web.https' });
    const before = await count('snapshot_result');
    const outcomes = await Promise.allSettled([take('race'), take('race')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [rejected] = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
    expect(await count('snapshot_result')).toBe(before + 2);
  });

  it('refuses an invalid name before the database, which refuses it too', async () => {
    await observe({ domain: 'a.nl', check: 'web.https' });
    const [snapshots, results] = [await count('snapshot'), await count('snapshot_result')];
    for (const name of ['', '-2026', '.hidden', 'Q4 2026', 'x'.repeat(65), '2026/Q4', 'peilmoment-é', '2026-Q4\n', '../x']) {
      const error = await failure(take(name));
      expect(error.message).toContain(`"${name}" is not a valid snapshot name`);
      expect(error.message).toContain('^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');
    }
    expect([await count('snapshot'), await count('snapshot_result')]).toEqual([snapshots, results]);
    expect((await take('x'.repeat(64))).name).toHaveLength(64);
    await expect(take('2026-Q4_v1.2', '   ')).resolves.toMatchObject({ name: '2026-Q4_v1.2', note: null });

    // The backstop: the database's check on the name.
    const direct = await errorOf(
      db().insertInto('snapshot').values({ name: 'Q4 2026', taken_at: new Date(), created_by: 'test', domains: 0, results: 0 }).execute(),
    );
    expect((direct as { code?: string }).code).toBe('23514');
    await expect(createSnapshot(db(), { name: 'ok', createdBy: ' ' })).rejects.toBeInstanceOf(InputError);
  });

  it('takes a snapshot of an empty database: 0 domains, 0 results', async () => {
    const s = await take('empty');
    expect(s).toMatchObject({ name: 'empty', domains: 0, results: 0, note: null });
    expect(await snapshotResults(db(), s.id)).toEqual([]);
    expect(await snapshotSummary(db(), s.id)).toEqual([]);
    expect(await findSnapshot(db(), 'no-such-snapshot')).toBeUndefined();
  });
});
