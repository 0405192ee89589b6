import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { firstTurn, nextTurn, parseCadences, type Cadence } from '../../src/scan/cadence.js';
import type { BatchJob } from '../../src/scan/queue.js';
import { startScheduler, type Scheduler, type SchedulerOptions } from '../../src/scan/scheduler.js';
import { pruneSchedule, scheduleCounts } from '../../src/store/scan-schedule.js';
import { describeSelection, interleaveByOrganisation, scanTargets, targetsNamed, type ScanTarget } from '../../src/store/scan-targets.js';
import { describeEachEngine } from '../support/engines.js';
import { recorderQueue, registerDomain, resetScanTables, silentLogger, type RecorderQueue } from '../support/scan-fixtures.js';
import { failure } from '../support/input-error.js';
import { insertOrganisations } from '../support/web-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T08:00:00.000Z');

const [WEB_DAILY] = parseCadences('dns,ipv6,web=1d') as [Cadence];
const [MAIL_WEEKLY] = parseCadences('mail=7d') as [Cadence];

/** The current registered domains of the federation below, with their kinds and counting organisation. */
const CURRENT: ScanTarget[] = [
  { domain: 'a.gm1.example', kinds: ['mail', 'web'], organisation: 'gm0001' },
  { domain: 'b.gm1.example', kinds: ['web'], organisation: 'gm0001' },
  { domain: 'c.gm2.example', kinds: ['mail'], organisation: 'gm0002' },
  { domain: 'moved.example', kinds: ['web'], organisation: 'ws0001' },
  { domain: 'p.pv1.example', kinds: ['mail', 'web'], organisation: 'pv01' },
  { domain: 'shared.example', kinds: ['web'], organisation: 'gm0001' },
  { domain: 'w.ws1.example', kinds: ['web'], organisation: 'ws0001' },
];

const byDomain = <T extends { domain: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => a.domain.localeCompare(b.domain));

describe('describeSelection and interleaveByOrganisation', () => {
  it('describes selections briefly', () => {
    expect(describeSelection({ all: true, layer: 'rijk' })).toBe('all');
    expect(describeSelection({ organisations: ['gm0363', 'pv27'], layer: 'gemeente' })).toBe('organisations gm0363, pv27; layer gemeente');
    expect(describeSelection({ organisations: ['gm0363'], domains: ['a.nl'] })).toBe('organisation gm0363; domain a.nl');
    expect(describeSelection({ domains: ['a.nl', 'b.nl'] })).toBe('domains a.nl, b.nl');
  });

  it('orders round robin over organisations, keeping the order within each', () => {
    const t = (domain: string, organisation: string | null) => ({ domain, organisation });
    const list = [t('a1', 'a'), t('a2', 'a'), t('a3', 'a'), t('b1', 'b'), t('n1', null), t('b2', 'b'), t('c1', 'c')];
    expect(interleaveByOrganisation(list).map((x) => x.domain)).toEqual(['a1', 'b1', 'n1', 'c1', 'a2', 'b2', 'a3']);
    expect(interleaveByOrganisation([])).toEqual([]);
  });
});

describeEachEngine('scan targets and the scheduler', (ctx) => {
  const db = () => ctx.store().db;
  let now = T0;
  const clock = () => new Date(now);
  const running: Scheduler[] = [];

  /** A scheduler on the fake clock whose loop never fires by itself (only its first tick and `tick()`). */
  function scheduler(queue: RecorderQueue, options: Partial<SchedulerOptions> = {}): Scheduler {
    const s = startScheduler(db(), queue, { cadences: [WEB_DAILY], evidenceRetentionMs: 90 * DAY, tickMs: DAY, firstWindowMs: HOUR, now: clock, ...options }, silentLogger);
    running.push(s);
    return s;
  }

  const schedule = async (cadence: string) =>
    (await db().selectFrom('scan_schedule').selectAll().where('cadence', '=', cadence).orderBy('domain').execute()).map((r) => ({
      domain: r.domain,
      nextAt: r.next_at.getTime(),
      lastEnqueuedAt: r.last_enqueued_at?.getTime() ?? null,
    }));

  const keyOf = (cadence: Cadence, at: number, domain: string): string => `cadence/${cadence.name}/${String(at)}/${domain}`;

  beforeEach(async () => {
    now = T0;
    await resetScanTables(db());
    await insertOrganisations(ctx.store(), [
      { code: 'gm0001', name: 'Gemeente Een', layer: 'gemeente' },
      { code: 'gm0002', name: 'Gemeente Twee', layer: 'gemeente' },
      { code: 'pv01', name: 'Provincie Een', layer: 'provincie' },
      { code: 'ws0001', name: 'Waterschap Een', layer: 'waterschap' },
      { code: 'gm0999', name: 'Gemeente Opgeheven', layer: 'gemeente', valid_to: '2020-01-01' },
    ]);
    await registerDomain(db(), 'a.gm1.example', ['web', 'mail'], ['gm0001']);
    await registerDomain(db(), 'b.gm1.example', ['web'], ['gm0001']);
    await registerDomain(db(), 'c.gm2.example', ['mail'], ['gm0002']);
    await registerDomain(db(), 'shared.example', ['web'], ['gm0002', 'gm0001']);
    await registerDomain(db(), 'p.pv1.example', ['web', 'mail'], ['pv01']);
    await registerDomain(db(), 'w.ws1.example', ['web'], ['ws0001']);
    await registerDomain(db(), 'old.example', ['web'], ['gm0999']);
    await registerDomain(db(), 'moved.example', ['web'], ['gm0999', 'ws0001']);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  describe('scanTargets', () => {
    it('selects every registered domain of organisations that exist today', async () => {
      expect(byDomain(await scanTargets(db(), { all: true }))).toEqual(CURRENT);
    });

    it("selects an organisation's domains, case-insensitively", async () => {
      const targets = byDomain(await scanTargets(db(), { organisations: [' GM0001 '] }));
      expect(targets).toEqual([
        { domain: 'a.gm1.example', kinds: ['mail', 'web'], organisation: 'gm0001' },
        { domain: 'b.gm1.example', kinds: ['web'], organisation: 'gm0001' },
        { domain: 'shared.example', kinds: ['web'], organisation: 'gm0001' },
      ]);
      const second = byDomain(await scanTargets(db(), { organisations: ['gm0002'] }));
      expect(second.map((t) => t.domain)).toEqual(['c.gm2.example', 'shared.example']);
    });

    it("selects a layer's domains, without ended organisations", async () => {
      const targets = byDomain(await scanTargets(db(), { layer: 'gemeente' }));
      expect(targets.map((t) => t.domain)).toEqual(['a.gm1.example', 'b.gm1.example', 'c.gm2.example', 'shared.example']);
      expect(await scanTargets(db(), { layer: 'rijk' })).toEqual([]);
    });

    it('selects the union of organisations, a layer and names', async () => {
      const targets = byDomain(await scanTargets(db(), { organisations: ['pv01'], layer: 'waterschap', domains: ['B.gm1.example.'] }));
      expect(targets).toEqual([
        { domain: 'b.gm1.example', kinds: ['web'], organisation: 'gm0001' },
        { domain: 'moved.example', kinds: ['web'], organisation: 'ws0001' },
        { domain: 'p.pv1.example', kinds: ['mail', 'web'], organisation: 'pv01' },
        { domain: 'w.ws1.example', kinds: ['web'], organisation: 'ws0001' },
      ]);
    });

    it('scans a name that is not registered (or only to an ended organisation) for web and mail, under no organisation', async () => {
      const targets = byDomain(await scanTargets(db(), { domains: ['Elders.Example.', 'a.gm1.example', 'old.example'] }));
      expect(targets).toEqual([
        { domain: 'a.gm1.example', kinds: ['mail', 'web'], organisation: 'gm0001' },
        { domain: 'elders.example', kinds: ['mail', 'web'], organisation: null },
        { domain: 'old.example', kinds: ['mail', 'web'], organisation: null },
      ]);
    });

    it('refuses unknown organisations, an unknown layer, a bad name and an empty selection', async () => {
      expect((await failure(scanTargets(db(), { organisations: ['gm0001', 'gm4242', 'xx1'] }))).message).toMatch(/Unknown organisations: gm4242, xx1/);
      expect((await failure(scanTargets(db(), { layer: 'county' }))).message).toMatch(/Unknown layer "county"/);
      expect((await failure(scanTargets(db(), { domains: ['not a domain'] }))).message).toMatch(/not a domain name/);
      expect((await failure(scanTargets(db(), { domains: ['-bad.example'] }))).message).toMatch(/not a domain name/);
      await expect(scanTargets(db(), {})).rejects.toBeInstanceOf(InputError);
      await expect(scanTargets(db(), { organisations: [], domains: [] })).rejects.toBeInstanceOf(InputError);
    });

    it('finds the registered targets among names (the scheduler)', async () => {
      const found = await targetsNamed(db(), ['shared.example', 'old.example', 'elders.example']);
      expect([...found.values()]).toEqual([{ domain: 'shared.example', kinds: ['web'], organisation: 'gm0001' }]);
      expect(await targetsNamed(db(), [])).toEqual(new Map());
    });
  });

  describe('scheduler', () => {
    it('adds new domains with first turns inside the first window, and enqueues nothing before their turn', async () => {
      const queue = recorderQueue();
      const s = scheduler(queue);
      expect(await s.tick()).toEqual({ added: 0, enqueued: 0 }); // the first tick, at start, added them
      const rows = await schedule(WEB_DAILY.name);
      expect(rows).toEqual(
        CURRENT.map((t) => ({ domain: t.domain, nextAt: firstTurn(t.domain, WEB_DAILY, new Date(T0), HOUR).getTime(), lastEnqueuedAt: null })),
      );
      for (const r of rows) {
        expect(r.nextAt).toBeGreaterThanOrEqual(T0);
        expect(r.nextAt).toBeLessThan(T0 + HOUR);
      }
      // Only a domain whose first turn is now itself (offset 0) could have been enqueued.
      expect(queue.all()).toEqual([]);
      expect(rows.every((r) => r.nextAt > T0)).toBe(true);

      // Half-way through the window: exactly the domains whose turn has come.
      now = T0 + HOUR / 2;
      const half = await s.tick();
      const dueNow = rows.filter((r) => r.nextAt <= now).map((r) => r.domain);
      expect(half).toEqual({ added: 0, enqueued: dueNow.length });
      expect(queue.all().map((j) => j.job.domain).sort()).toEqual(dueNow);
    });

    it('enqueues each due domain once per turn, and again a period later', async () => {
      const queue = recorderQueue();
      const s = scheduler(queue);
      now = T0 + HOUR;
      expect(await s.tick()).toEqual({ added: 0, enqueued: CURRENT.length });
      const first = new Map(CURRENT.map((t) => [t.domain, firstTurn(t.domain, WEB_DAILY, new Date(T0), HOUR).getTime()]));
      expect(byDomain(queue.all().map((j) => ({ domain: j.job.domain, ...j })))).toEqual(
        CURRENT.map((t) => ({
          domain: t.domain,
          job: { domain: t.domain, kinds: t.kinds, families: ['dns', 'ipv6', 'web'], ...(t.organisation !== null ? { organisation: t.organisation } : {}) },
          key: keyOf(WEB_DAILY, first.get(t.domain) ?? -1, t.domain),
        })),
      );
      expect(await schedule(WEB_DAILY.name)).toEqual(
        CURRENT.map((t) => ({ domain: t.domain, nextAt: nextTurn(t.domain, WEB_DAILY, new Date(now)).getTime(), lastEnqueuedAt: now })),
      );
      expect(await scheduleCounts(db(), WEB_DAILY.name, new Date(now - DAY))).toEqual({ domains: CURRENT.length, scheduled: CURRENT.length });

      // The same moment again, and just before the earliest next turn: nothing more.
      expect(await s.tick()).toEqual({ added: 0, enqueued: 0 });
      const second = new Map(CURRENT.map((t) => [t.domain, nextTurn(t.domain, WEB_DAILY, new Date(T0 + HOUR)).getTime()]));
      now = Math.min(...second.values()) - 1;
      expect(await s.tick()).toEqual({ added: 0, enqueued: 0 });
      queue.clear();

      // A period later every domain has had its next turn: once each, keyed by that turn.
      now = T0 + HOUR + DAY;
      expect(await s.tick()).toEqual({ added: 0, enqueued: CURRENT.length });
      expect(queue.all().map((j) => j.key).sort()).toEqual(CURRENT.map((t) => keyOf(WEB_DAILY, second.get(t.domain) ?? -1, t.domain)).sort());
      queue.clear();
      expect(await s.tick()).toEqual({ added: 0, enqueued: 0 });
    });

    it('gives web-only domains no job for a mail-only cadence', async () => {
      const queue = recorderQueue();
      const s = scheduler(queue, { cadences: [WEB_DAILY, MAIL_WEEKLY] });
      now = T0 + HOUR;
      expect(await s.tick()).toEqual({ added: 0, enqueued: CURRENT.length + 3 });
      const mailJobs = queue.all().filter((j) => j.key?.startsWith('cadence/mail/'));
      expect(mailJobs.map((j) => j.job).sort((a, b) => a.domain.localeCompare(b.domain))).toEqual([
        { domain: 'a.gm1.example', kinds: ['mail', 'web'], families: ['mail'], organisation: 'gm0001' },
        { domain: 'c.gm2.example', kinds: ['mail'], families: ['mail'], organisation: 'gm0002' },
        { domain: 'p.pv1.example', kinds: ['mail', 'web'], families: ['mail'], organisation: 'pv01' },
      ]);
      // The web-only domains are in the mail schedule all the same, their turn moved on.
      const mailRows = await schedule(MAIL_WEEKLY.name);
      expect(mailRows).toHaveLength(CURRENT.length);
      expect(mailRows.every((r) => r.nextAt > now && r.lastEnqueuedAt === now)).toBe(true);
    });

    it('interleaves the organisations of a batch', async () => {
      const queue = recorderQueue();
      const s = scheduler(queue);
      now = T0 + HOUR;
      await s.tick();
      expect(queue.batches).toHaveLength(1);
      const organisations = (queue.batches[0] ?? []).map((j: BatchJob) => j.job.organisation);
      expect(organisations).toHaveLength(CURRENT.length);
      expect(new Set(organisations.slice(0, 4)).size).toBe(4);
      for (let i = 1; i < organisations.length; i++) expect(organisations[i]).not.toBe(organisations[i - 1]);
    });

    it('forgets domains of ended organisations and cadences no longer configured', async () => {
      const queue = recorderQueue();
      const s = scheduler(queue, { cadences: [WEB_DAILY, MAIL_WEEKLY] });
      await s.tick();
      expect(await schedule(WEB_DAILY.name)).toHaveLength(CURRENT.length);
      await db().updateTable('organisation').set({ valid_to: '2021-01-01' }).where('code', '=', 'ws0001').execute();

      // Before housekeeping: the ended organisation's domains get no job when their turn comes.
      now = T0 + HOUR - 1;
      await s.tick();
      expect(queue.all().map((j) => j.job.domain)).not.toContain('w.ws1.example');
      expect(queue.all().map((j) => j.job.domain)).not.toContain('moved.example');

      // Pruning by hand: w.ws1 and moved (its other owner ended long ago), for both cadences; then the old cadence.
      expect(await pruneSchedule(db(), [WEB_DAILY.name, MAIL_WEEKLY.name])).toBe(4);
      expect((await schedule(WEB_DAILY.name)).map((r) => r.domain)).toEqual(['a.gm1.example', 'b.gm1.example', 'c.gm2.example', 'p.pv1.example', 'shared.example']);
      expect(await pruneSchedule(db(), [WEB_DAILY.name])).toBe(5);
      expect(await schedule(MAIL_WEEKLY.name)).toEqual([]);
      expect(await pruneSchedule(db(), [WEB_DAILY.name])).toBe(0);
    });

    it('prunes the schedule in its hourly housekeeping', async () => {
      const queue = recorderQueue();
      const s = scheduler(queue);
      await s.tick();
      await db().updateTable('organisation').set({ valid_to: '2021-01-01' }).where('code', '=', 'gm0001').execute();
      now = T0 + HOUR;
      await s.tick();
      expect((await schedule(WEB_DAILY.name)).map((r) => r.domain)).toEqual(['c.gm2.example', 'moved.example', 'p.pv1.example', 'shared.example', 'w.ws1.example']);
      // shared.example still belongs to gm0002, and now counts for it.
      expect(queue.all().find((j) => j.job.domain === 'shared.example')?.job.organisation).toBe('gm0002');
      expect(queue.all().map((j) => j.job.domain).filter((d) => d.endsWith('gm1.example'))).toEqual([]);
    });

    it('queues each turn once when two schedulers tick at the same time on the same database', async () => {
      // More domains, so that the two rounds overlap.
      const extra = Array.from({ length: 60 }, (_, i) => `x${String(i).padStart(2, '0')}.example`);
      for (const [i, d] of extra.entries()) await registerDomain(db(), d, i % 3 === 0 ? ['mail'] : ['web'], [i % 2 === 0 ? 'gm0002' : 'pv01']);
      const all = [...CURRENT.map((t) => t.domain), ...extra].sort();
      const one = recorderQueue();
      const two = recorderQueue();
      const s1 = scheduler(one);
      const s2 = scheduler(two);
      await Promise.all([s1.tick(), s2.tick()]);
      expect((await schedule(WEB_DAILY.name)).map((r) => r.domain)).toEqual(all);
      const before = [...one.all(), ...two.all()];

      now = T0 + HOUR;
      await Promise.all([s1.tick(), s2.tick()]);
      const jobs = [...one.all(), ...two.all()];
      const keys = new Set(jobs.map((j) => j.key));
      // Each due domain has exactly one distinct key (duplicates of one key are deduplicated by the queue).
      expect(keys.size).toBe(all.length);
      expect([...new Set(jobs.map((j) => j.job.domain))].sort()).toEqual(all);
      for (const d of all) {
        const expected = keyOf(WEB_DAILY, firstTurn(d, WEB_DAILY, new Date(T0), HOUR).getTime(), d);
        expect(jobs.filter((j) => j.job.domain === d).every((j) => j.key === expected)).toBe(true);
      }
      // Every turn moved on once, from the first turn to the next after now.
      expect(await schedule(WEB_DAILY.name)).toEqual(all.map((d) => ({ domain: d, nextAt: nextTurn(d, WEB_DAILY, new Date(now)).getTime(), lastEnqueuedAt: now })));
      expect(before).toEqual([]);

      one.clear();
      two.clear();
      await Promise.all([s1.tick(), s2.tick()]);
      expect([...one.all(), ...two.all()]).toEqual([]);
    });
  });
});
