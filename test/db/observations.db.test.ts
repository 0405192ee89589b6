import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import type { CheckResult, CheckStatus, Facts } from '../../src/domain/check.js';
import { InputError } from '../../src/domain/errors.js';
import type { DomainReport } from '../../src/scan/check-domain.js';
import { keyFactsHash } from '../../src/store/observations-key.js';
import { evidenceFor, historyFor, latestFor, pruneEvidence } from '../../src/store/observations-read.js';
import { recordReport, type ObservedReport, type RecordOptions } from '../../src/store/observations.js';
import { describeEachEngine } from '../support/engines.js';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const MINUTE = 60_000;
const DELAY = 60 * MINUTE;
/** Minutes after T0. */
const at = (minutes: number): Date => new Date(T0 + minutes * MINUTE);
const OPTIONS: RecordOptions = { confirmDelayMs: DELAY, now: at(100_000) };

type Spec = CheckStatus | [CheckStatus, Facts];

/** A report as the scanner hands it over (recordReport takes a DomainReport as it is). */
function report(domain: string, minutes: number, checks: Record<string, Spec>): DomainReport {
  return {
    domain,
    sets: {},
    measuredAt: at(minutes).toISOString(),
    scanner: { version: '0.1.0' },
    checks: Object.entries(checks).map(([id, spec]): CheckResult => {
      const [status, facts] = typeof spec === 'string' ? [spec, { ok: spec === 'pass' }] : spec;
      return { id, status, reason: `${id} is ${status}`, facts };
    }),
  };
}

const NOTHING = { unchanged: 0, extended: 0, opened: 0, pending: 0, confirmed: 0, dropped: 0, recheck: [] };

describeEachEngine('observations', (ctx) => {
  const db = () => ctx.store().db;
  const count = async (table: 'observation' | 'observation_evidence'): Promise<number> => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db());
    return rows[0]?.n ?? -1;
  };
  const record = (r: ObservedReport, options: Partial<RecordOptions> = {}) => recordReport(db(), r, { ...OPTIONS, ...options });

  beforeEach(async () => {
    await sql`truncate observation_evidence, observation restart identity cascade`.execute(db());
  });

  it('opens one row per check on the first report, with its evidence', async () => {
    const outcome = await record(report('Example.NL.', 0, { 'web.https.hsts': 'pass', 'web.dnssec': 'fail', 'web.rpki': 'error' }));
    expect(outcome).toEqual({ ...NOTHING, opened: 3 });
    expect(await count('observation')).toBe(3);
    expect(await count('observation_evidence')).toBe(3);
    const latest = await latestFor(db(), 'example.nl');
    expect(latest.map((l) => [l.checkId, l.status, l.knownStatus])).toEqual([
      ['web.dnssec', 'fail', 'fail'],
      ['web.https.hsts', 'pass', 'pass'],
      ['web.rpki', 'error', null],
    ]);
    expect(latest[0]).toMatchObject({ since: at(0), lastSeen: at(0), pending: null, scannerVersion: '0.1.0', reason: 'web.dnssec is fail' });
  });

  it('adds no rows for an unchanged report (volatile facts and key order aside) and moves last_seen', async () => {
    await record(report('example.nl', 0, { a: ['pass', { version: 'TLSv1.3', elapsedMs: 12, measuredAt: 'x', nested: { handshakes: 3, b: 1 } }], b: 'fail' }));
    const outcome = await record(report('example.nl', 10, { a: ['pass', { nested: { b: 1, handshakes: 9 }, elapsedMs: 80, version: 'TLSv1.3' }], b: 'fail' }));
    expect(outcome).toEqual({ ...NOTHING, extended: 2 });
    expect(await count('observation')).toBe(2);
    expect(await count('observation_evidence')).toBe(2);
    const latest = await latestFor(db(), 'example.nl');
    expect(latest.map((l) => [l.since, l.lastSeen])).toEqual([
      [at(0), at(10)],
      [at(0), at(10)],
    ]);
  });

  it('keeps evidence of every report when asked, still without new observations', async () => {
    await record(report('example.nl', 0, { a: 'pass' }));
    await record(report('example.nl', 10, { a: 'pass' }), { evidence: 'every-report' });
    expect(await count('observation')).toBe(1);
    const [current] = await historyFor(db(), 'example.nl');
    expect((await evidenceFor(db(), current?.id ?? -1)).map((e) => e.measuredAt)).toEqual([at(10), at(0)]);
  });

  it('opens a new interval when the key facts change with the same status', async () => {
    await record(report('example.nl', 0, { a: ['fail', { accepted: ['RC4'] }] }));
    const outcome = await record(report('example.nl', 10, { a: ['fail', { accepted: ['RC4', '3DES'] }] }));
    expect(outcome).toEqual({ ...NOTHING, opened: 1 });
    const history = await historyFor(db(), 'example.nl', 'a');
    expect(history.map((h) => [h.state, h.status, h.firstSeen, h.lastSeen])).toEqual([
      ['current', 'fail', at(10), at(10)],
      ['closed', 'fail', at(0), at(0)],
    ]);
  });

  it('opens pass ↔ warning at once: the set verdict does not change', async () => {
    await record(report('example.nl', 0, { a: 'pass' }));
    expect(await record(report('example.nl', 10, { a: 'warning' }))).toEqual({ ...NOTHING, opened: 1 });
    expect((await latestFor(db(), 'example.nl'))[0]).toMatchObject({ status: 'warning', knownStatus: 'warning', since: at(10) });
  });

  it('holds pass → fail as pending until a re-check after the delay agrees', async () => {
    await record(report('example.nl', 0, { a: 'pass', b: 'pass' }));
    const first = await record(report('example.nl', 10, { a: 'fail', b: 'pass' }));
    expect(first).toEqual({ ...NOTHING, extended: 1, pending: 1, recheck: [{ domain: 'example.nl', checkId: 'a', notBefore: at(70) }] });
    expect(await count('observation')).toBe(3);
    let [a] = await latestFor(db(), 'example.nl');
    expect(a).toMatchObject({ status: 'pass', since: at(0), lastSeen: at(0), pending: { status: 'fail', since: at(10), lastSeen: at(10) } });

    // Too early: still pending, no new row.
    const early = await record(report('example.nl', 40, { a: 'fail', b: 'pass' }));
    expect(early).toEqual({ ...NOTHING, extended: 1, pending: 1, recheck: [{ domain: 'example.nl', checkId: 'a', notBefore: at(70) }] });
    expect(await count('observation')).toBe(3);

    const confirmed = await record(report('example.nl', 70, { a: 'fail', b: 'pass' }));
    expect(confirmed).toEqual({ ...NOTHING, extended: 1, confirmed: 1 });
    expect(await count('observation')).toBe(3);
    [a] = await latestFor(db(), 'example.nl');
    expect(a).toMatchObject({ status: 'fail', knownStatus: 'fail', since: at(10), lastSeen: at(70), pending: null });
    expect((await historyFor(db(), 'example.nl', 'a')).map((h) => [h.state, h.status])).toEqual([
      ['current', 'fail'],
      ['closed', 'pass'],
    ]);

    // And back: fail → pass needs the same confirmation.
    expect((await record(report('example.nl', 80, { a: 'pass' }))).pending).toBe(1);
    expect((await latestFor(db(), 'example.nl'))[0]).toMatchObject({ status: 'fail', pending: { status: 'pass' } });
  });

  it('drops a pending change that the re-check does not confirm, and moves last_seen of the current one', async () => {
    await record(report('example.nl', 0, { a: 'pass' }));
    await record(report('example.nl', 10, { a: 'fail' }));
    const outcome = await record(report('example.nl', 70, { a: 'pass' }));
    expect(outcome).toEqual({ ...NOTHING, extended: 1, dropped: 1 });
    expect((await latestFor(db(), 'example.nl'))[0]).toMatchObject({ status: 'pass', since: at(0), lastSeen: at(70), pending: null });
    expect((await historyFor(db(), 'example.nl')).map((h) => h.state)).toEqual(['current']);
    expect((await historyFor(db(), 'example.nl', 'a', { includeDropped: true })).map((h) => [h.state, h.status])).toEqual([
      ['current', 'pass'],
      ['dropped', 'fail'],
    ]);
  });

  it('records error after pass as error, never as fail: the known status stays pass', async () => {
    await record(report('example.nl', 0, { a: 'pass' }));
    expect(await record(report('example.nl', 10, { a: 'error' }))).toEqual({ ...NOTHING, opened: 1 });
    expect((await latestFor(db(), 'example.nl'))[0]).toMatchObject({ status: 'error', knownStatus: 'pass', since: at(10), pending: null });
    expect(await record(report('example.nl', 20, { a: 'blocked' }))).toEqual({ ...NOTHING, opened: 1 });
    expect((await latestFor(db(), 'example.nl'))[0]).toMatchObject({ status: 'blocked', knownStatus: 'pass' });

    // A fail after the error is still a change from the known pass: it waits for its re-check, which an
    // error in between neither confirms nor drops.
    expect((await record(report('example.nl', 30, { a: 'fail' }))).pending).toBe(1);
    expect((await record(report('example.nl', 40, { a: 'error' }))).opened).toBe(1);
    expect((await latestFor(db(), 'example.nl'))[0]).toMatchObject({ status: 'error', knownStatus: 'pass', pending: { status: 'fail', since: at(30) } });
    expect((await record(report('example.nl', 90, { a: 'fail' }))).confirmed).toBe(1);
    expect((await latestFor(db(), 'example.nl'))[0]).toMatchObject({ status: 'fail', knownStatus: 'fail', since: at(30), pending: null });
    expect((await historyFor(db(), 'example.nl', 'a')).map((h) => `${h.state} ${h.status}`)).toEqual([
      'current fail',
      'closed error',
      'closed blocked',
      'closed error',
      'closed pass',
    ]);
  });

  it('changes nothing when the same report is recorded twice (re-delivery), at every step', async () => {
    const steps = [
      report('example.nl', 0, { a: 'pass', b: 'pass', c: 'pass' }),
      report('example.nl', 10, { a: 'fail', b: 'error', c: 'pass' }),
      report('example.nl', 70, { a: 'fail', b: 'pass', c: ['pass', { other: true }] }),
    ];
    const snapshot = async () => ({
      rows: (await sql`select * from observation order by id`.execute(db())).rows,
      evidence: (await sql`select * from observation_evidence order by id`.execute(db())).rows,
    });
    for (const step of steps) {
      await record(step);
      const before = await snapshot();
      const again = await record(step);
      expect(again).toMatchObject({ unchanged: 3, extended: 0, opened: 0, confirmed: 0, dropped: 0 });
      expect(await snapshot()).toEqual(before);
    }
    // An older report arriving late changes nothing either.
    const before = await snapshot();
    expect((await record(steps[0] as ObservedReport)).unchanged).toBe(3);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a report from the future or with two results for one check', async () => {
    await expect(record(report('example.nl', 100_010, { a: 'pass' }))).rejects.toBeInstanceOf(InputError);
    const twice = report('example.nl', 0, { a: 'pass' });
    await expect(record({ ...twice, checks: [...twice.checks, ...twice.checks] })).rejects.toBeInstanceOf(InputError);
    expect(await count('observation')).toBe(0);
  });

  it('adds no observation rows for a second round of 2,000 unchanged domains × 38 checks', { timeout: 180_000 }, async () => {
    const ids = CATALOGUE.map((c) => c.id);
    expect(ids).toHaveLength(38);
    const statuses: CheckStatus[] = ['pass', 'warning', 'fail', 'not-applicable', 'error', 'blocked'];
    const round = (minutes: number, d: number): ObservedReport => ({
      domain: `d${d}.example.nl`,
      measuredAt: at(minutes).toISOString(),
      scanner: { version: '0.1.0' },
      checks: ids.map((id, i) => ({
        id,
        status: statuses[(d + i) % statuses.length] ?? 'pass',
        reason: 'r',
        facts: { domain: `d${d}.example.nl`, i, elapsedMs: minutes + i },
      })),
    });
    const DOMAINS = 2000;
    for (let d = 0; d < DOMAINS; d++) await record(round(0, d));
    const rowsAfterFirst = await count('observation');
    const evidenceAfterFirst = await count('observation_evidence');
    expect(rowsAfterFirst).toBe(DOMAINS * 38);
    let extended = 0;
    for (let d = 0; d < DOMAINS; d++) extended += (await record(round(1440, d))).extended;
    const added = (await count('observation')) - rowsAfterFirst;
    console.info(`[${ctx.engine}] second round of ${DOMAINS} × 38 unchanged results: ${added} observation rows added, ${extended} extended`);
    expect(added).toBe(0);
    expect(extended).toBe(DOMAINS * 38);
    expect(await count('observation_evidence')).toBe(evidenceAfterFirst);
  });

  it('prunes evidence by age, keeping the newest evidence of each current observation', async () => {
    await record(report('example.nl', 0, { a: 'pass', b: 'pass' }));
    await record(report('example.nl', 10, { a: ['pass', { changed: true }], b: 'pass' }), { evidence: 'every-report' });
    await record(report('example.nl', 20, { a: ['pass', { changed: true }], b: 'pass' }), { evidence: 'every-report' });
    // a: closed interval (evidence at 0), current (10, 20); b: current (0, 10, 20). Before 15: all but 20.
    expect(await count('observation_evidence')).toBe(6);
    expect(await pruneEvidence(db(), at(15))).toBe(4);
    expect(await pruneEvidence(db(), at(15))).toBe(0);
    expect(await count('observation_evidence')).toBe(2);
    // Past the newest: the current observations keep their latest facts.
    expect(await pruneEvidence(db(), at(1000))).toBe(0);
    const [current] = await historyFor(db(), 'example.nl', 'a');
    expect(await evidenceFor(db(), current?.id ?? -1)).toEqual([{ measuredAt: at(20), facts: { changed: true } }]);
    expect(await count('observation')).toBe(3);
  });
});

it('hashes key facts independently of key order and volatile values', () => {
  expect(keyFactsHash({ b: 1, a: [2, { y: 1, x: 2 }], elapsedMs: 40 })).toBe(keyFactsHash({ a: [2, { x: 2, y: 1 }], b: 1, elapsedMs: 7 }));
  expect(keyFactsHash({ a: [1, 2] })).not.toBe(keyFactsHash({ a: [2, 1] }));
});
