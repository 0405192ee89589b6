import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { expectedIds, type DomainReport } from '../../src/scan/check-domain.js';
import { openQueue, PermanentError, type JobContext, type ScanJob, type ScanQueue } from '../../src/scan/queue.js';
import { scanControl } from '../../src/scan/request.js';
import { createScanHandler, recheckJobs, type ScanHandlerOptions } from '../../src/scan/scan-handler.js';
import type { Scanner } from '../../src/scan/scanner.js';
import { latestFor } from '../../src/store/observations-read.js';
import { describeEachEngine } from '../support/engines.js';
import {
  addressDns,
  emptyDns,
  failingDns,
  gate,
  recorderQueue,
  registerDomain,
  reportOf,
  resetScanTables,
  waitFor,
} from '../support/scan-fixtures.js';
import { insertOrganisations } from '../support/web-app.js';

const OPTIONS: ScanHandlerOptions = { perIp: 4, perOrganisation: 4, confirmDelayMs: 60_000 };

type What = Parameters<Scanner['check']>[1];

/**
 * A scanner that measures nothing: each domain's report has a result for every check the job asks for, with
 * the status the test put in `statuses` (default pass). `before` runs first (a test's gate); `calls` and
 * `active` tell what ran and what runs now (`calls` without the job's DNS client).
 */
function fakeScanner(options: { dns?: Scanner['dns'] } = {}) {
  const statuses = new Map<string, Record<string, CheckStatus>>();
  const gates = new Map<string, Promise<void>>();
  const calls: { domain: string; what: What }[] = [];
  const active = new Set<string>();
  const reports: DomainReport[] = [];
  let most = 0;
  const fail = new Map<string, Error>();
  const scanner: Scanner = {
    dns: options.dns ?? emptyDns,
    check: async (domain, { dns: _jobDns, ...what }) => {
      calls.push({ domain, what }); // what to measure; the job's DNS cache is the handler's business
      active.add(domain);
      most = Math.max(most, active.size);
      try {
        await gates.get(domain);
        const error = fail.get(domain);
        if (error !== undefined) throw error;
        const ids = expectedIds({ web: what.web, mail: what.mail, ...(what.families ? { families: new Set(what.families) } : {}) });
        const table = statuses.get(domain) ?? {};
        const report = reportOf(domain, Object.fromEntries(ids.map((id) => [id, table[id] ?? 'pass'])));
        reports.push(report);
        return report;
      } finally {
        active.delete(domain);
      }
    },
  };
  return { scanner, statuses, gates, calls, active, reports, fail, most: () => most };
}

const context = (signal: AbortSignal = new AbortController().signal): JobContext => ({ id: randomBytes(4).toString('hex'), attempt: 1, signal });

describe('recheckJobs', () => {
  const job: ScanJob = { domain: 'a.example', kinds: ['web', 'mail'], organisation: 'gm0001', run: 3 };

  it('makes no job without re-checks or for unknown checks', () => {
    expect(recheckJobs(job, [])).toEqual([]);
    expect(recheckJobs(job, [{ domain: 'a.example', checkId: 'no.such.check', notBefore: new Date(0) }])).toEqual([]);
  });

  it('makes one job per domain for the families of the changed checks, at the latest time, outside any run', () => {
    const early = new Date('2026-03-02T09:00:00Z');
    const late = new Date('2026-03-02T09:05:00Z');
    expect(
      recheckJobs(job, [
        { domain: 'a.example', checkId: 'web.https.hsts', notBefore: early },
        { domain: 'a.example', checkId: 'web.dnssec', notBefore: late },
        { domain: 'a.example', checkId: 'web.https.redirect', notBefore: early },
      ]),
    ).toEqual([
      {
        job: { domain: 'a.example', kinds: ['web', 'mail'], families: ['dns', 'web'], organisation: 'gm0001' },
        key: `recheck/a.example/dns+web/${String(late.getTime())}`,
        startAfter: late,
      },
    ]);
  });
});

describeEachEngine('scan handler', (ctx) => {
  const db = () => ctx.store().db;

  beforeEach(async () => {
    await resetScanTables(db());
  });

  it('records the report as observations, for the families of the job', async () => {
    const fake = fakeScanner();
    const queue = recorderQueue();
    const handle = createScanHandler({ db: db(), queue, scanner: fake.scanner }, OPTIONS);
    await handle({ domain: 'a.example', kinds: ['web'], families: ['dns', 'web'] }, context());
    expect(fake.calls).toEqual([{ domain: 'a.example', what: { web: true, mail: false, families: ['dns', 'web'] } }]);
    const latest = await latestFor(db(), 'a.example');
    expect(latest.map((l) => [l.checkId, l.status]).sort()).toEqual([
      ['web.dnssec', 'pass'],
      ['web.https.available', 'pass'],
      ['web.https.hsts', 'pass'],
      ['web.https.redirect', 'pass'],
    ]);
    expect(latest[0]?.since.toISOString()).toBe(fake.reports[0]?.measuredAt);
    expect(queue.all()).toEqual([]);

    // Without families: every check of the kinds.
    await handle({ domain: 'b.example', kinds: ['web', 'mail'] }, context());
    expect(fake.calls[1]?.what).toEqual({ web: true, mail: true });
    expect((await latestFor(db(), 'b.example')).map((l) => l.checkId).sort()).toEqual(expectedIds({ web: true, mail: true }).sort());
  });

  it('queues a re-check of the changed families after the confirmation delay', async () => {
    const fake = fakeScanner();
    const queue = recorderQueue();
    const handle = createScanHandler({ db: db(), queue, scanner: fake.scanner }, OPTIONS);
    const job: ScanJob = { domain: 'a.example', kinds: ['web'], organisation: 'gm0001' };
    await handle(job, context());
    expect(queue.all()).toEqual([]);

    fake.statuses.set('a.example', { 'web.https.hsts': 'fail' });
    await handle(job, context());
    const measuredAt = Date.parse(fake.reports[1]?.measuredAt ?? '');
    expect(queue.all()).toEqual([
      {
        job: { domain: 'a.example', kinds: ['web'], families: ['web'], organisation: 'gm0001' },
        key: `recheck/a.example/web/${String(measuredAt + 60_000)}`,
        startAfter: new Date(measuredAt + 60_000),
      },
    ]);
    const hsts = (await latestFor(db(), 'a.example')).find((l) => l.checkId === 'web.https.hsts');
    expect(hsts).toMatchObject({ status: 'pass', pending: { status: 'fail' } });
  });

  it('fails a job whose families do not apply to its kinds for good, without scanning', async () => {
    const fake = fakeScanner();
    const handle = createScanHandler({ db: db(), queue: recorderQueue(), scanner: fake.scanner }, OPTIONS);
    await expect(handle({ domain: 'a.example', kinds: ['web'], families: ['mail'] }, context())).rejects.toBeInstanceOf(PermanentError);
    await expect(handle({ domain: 'a.example', kinds: ['mail'], families: ['web', 'security-txt'] }, context())).rejects.toThrow(/no check of web, security-txt applies/);
    expect(fake.calls).toEqual([]);
  });

  it('scans a domain whose addresses cannot be looked up (the checks report that)', async () => {
    const fake = fakeScanner({ dns: failingDns });
    const handle = createScanHandler({ db: db(), queue: recorderQueue(), scanner: fake.scanner }, { ...OPTIONS, perIp: 1 });
    await Promise.all(['a.example', 'b.example'].map((d) => handle({ domain: d, kinds: ['web'], families: ['web'] }, context())));
    expect(fake.calls.map((c) => c.domain).sort()).toEqual(['a.example', 'b.example']);
  });

  it('scans one domain of an organisation at a time with a limit of one, and other organisations meanwhile', async () => {
    const fake = fakeScanner();
    const first = gate();
    const third = gate();
    fake.gates.set('one.gm1.example', first.promise);
    fake.gates.set('three.gm2.example', third.promise);
    const handle = createScanHandler({ db: db(), queue: recorderQueue(), scanner: fake.scanner }, { ...OPTIONS, perOrganisation: 1 });
    const perOrganisation = new Map<string, number>();
    const job = (domain: string, organisation: string): ScanJob => ({ domain, kinds: ['web'], families: ['web'], organisation });
    const jobs = [job('one.gm1.example', 'gm0001'), job('two.gm1.example', 'gm0001'), job('three.gm2.example', 'gm0002')];
    const done = jobs.map((j) => handle(j, context()));

    // One of gm0001 and the one of gm0002 run at the same time.
    await waitFor(() => (fake.active.has('one.gm1.example') && fake.active.has('three.gm2.example') ? true : undefined));
    await sleep(50);
    expect(fake.calls.map((c) => c.domain)).not.toContain('two.gm1.example');
    for (const d of fake.active) perOrganisation.set(d.split('.')[1] ?? '', (perOrganisation.get(d.split('.')[1] ?? '') ?? 0) + 1);
    expect(Object.fromEntries(perOrganisation)).toEqual({ gm1: 1, gm2: 1 });

    first.open();
    await waitFor(() => (fake.calls.some((c) => c.domain === 'two.gm1.example') ? true : undefined));
    third.open();
    await Promise.all(done);
    expect(fake.calls.map((c) => c.domain)).toEqual(['one.gm1.example', 'three.gm2.example', 'two.gm1.example']);
  });

  it('scans domains that share a web address one at a time with a per-IP limit of one', async () => {
    const fake = fakeScanner({ dns: addressDns({ 'a.example': ['192.0.2.1'], 'b.example': ['192.0.2.1', '192.0.2.2'], 'c.example': ['192.0.2.3'] }) });
    const held = gate();
    fake.gates.set('a.example', held.promise);
    const handle = createScanHandler({ db: db(), queue: recorderQueue(), scanner: fake.scanner }, { ...OPTIONS, perIp: 1 });
    const job = (domain: string, organisation: string): ScanJob => ({ domain, kinds: ['web'], families: ['web'], organisation });
    const done = [handle(job('a.example', 'gm0001'), context()), handle(job('b.example', 'gm0002'), context()), handle(job('c.example', 'gm0003'), context())];
    await waitFor(() => (fake.active.has('a.example') && fake.calls.some((c) => c.domain === 'c.example') ? true : undefined));
    await sleep(50);
    expect(fake.calls.map((c) => c.domain)).not.toContain('b.example');
    held.open();
    await Promise.all(done);
    expect(fake.calls.map((c) => c.domain).sort()).toEqual(['a.example', 'b.example', 'c.example']);
  });

  it('gives up waiting for the organisation when the job is aborted, and frees nothing', async () => {
    const fake = fakeScanner();
    const held = gate();
    fake.gates.set('one.gm1.example', held.promise);
    const handle = createScanHandler({ db: db(), queue: recorderQueue(), scanner: fake.scanner }, { ...OPTIONS, perOrganisation: 1 });
    const job = (domain: string): ScanJob => ({ domain, kinds: ['web'], families: ['web'], organisation: 'gm0001' });
    const running = handle(job('one.gm1.example'), context());
    await waitFor(() => (fake.active.has('one.gm1.example') ? true : undefined));
    const controller = new AbortController();
    const waiting = handle(job('two.gm1.example'), context(controller.signal));
    const reason = new Error('the job exceeded its time');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    // The first still holds the organisation: a third waits for it, then runs.
    const third = handle(job('three.gm1.example'), context());
    await sleep(50);
    expect(fake.calls.map((c) => c.domain)).toEqual(['one.gm1.example']);
    held.open();
    await Promise.all([running, third]);
    expect(fake.calls.map((c) => c.domain)).toEqual(['one.gm1.example', 'three.gm1.example']);
    expect(await latestFor(db(), 'two.gm1.example')).toEqual([]);
  });

  it('does not record the late report of a job whose time ran out', async () => {
    const fake = fakeScanner();
    const held = gate();
    fake.gates.set('late.example', held.promise);
    const handle = createScanHandler({ db: db(), queue: recorderQueue(), scanner: fake.scanner }, OPTIONS);
    const controller = new AbortController();
    const running = handle({ domain: 'late.example', kinds: ['web'], families: ['web'] }, context(controller.signal));
    await waitFor(() => (fake.active.has('late.example') ? true : undefined));
    controller.abort(new Error('expired'));
    held.open();
    await expect(running).rejects.toThrow('expired');
    expect(await latestFor(db(), 'late.example')).toEqual([]);
  });

  describe('with the real queue', () => {
    const open: ScanQueue[] = [];
    const errors: unknown[] = [];

    afterEach(async () => {
      await Promise.all(open.splice(0).map((q) => q.stop()));
      expect(errors.splice(0)).toEqual([]);
    });

    it('scans every registered domain of a requested run once, with its progress', { timeout: 60_000 }, async () => {
      const codes = ['gm0001', 'gm0002', 'gm0003', 'gm0004'];
      await insertOrganisations(ctx.store(), codes.map((code, i) => ({ code, name: `Gemeente ${String(i + 1)}`, layer: 'gemeente' })));
      const domains = Array.from({ length: 20 }, (_, i) => `d${String(i).padStart(2, '0')}.example.nl`);
      const kindsOf = (i: number): ('web' | 'mail')[] => (i % 3 === 0 ? ['web', 'mail'] : i % 3 === 1 ? ['web'] : ['mail']);
      for (const [i, d] of domains.entries()) await registerDomain(db(), d, kindsOf(i), [codes[i % codes.length] ?? 'gm0001']);

      const queue = await openQueue(
        ctx.store(),
        { queue: `t_${randomBytes(4).toString('hex')}`, pollingIntervalSeconds: 0.05, retryDelaySeconds: 1, supervise: false, stopTimeoutSeconds: 10 },
        { onError: (e) => errors.push(e) },
      );
      open.push(queue);
      const fake = fakeScanner();
      fake.fail.set('kapot.example', new PermanentError('this domain can never be scanned'));
      queue.work(createScanHandler({ db: db(), queue, scanner: fake.scanner }, { perIp: 2, perOrganisation: 2, confirmDelayMs: 60_000 }), { concurrency: 4 });

      const control = scanControl(db(), queue);
      const started = new Date(Date.now() - 1000);
      const requested = await control.request({ all: true }, 'test');
      expect(requested).toMatchObject({ total: 20, unregistered: [] });
      const progress = await waitFor(async () => {
        const p = await control.progress(requested.run);
        return p !== undefined && p.done === p.total ? p : undefined;
      });
      expect(progress).toMatchObject({ id: requested.run, kind: 'requested', requestedBy: 'test', selection: 'all', total: 20, done: 20, failed: 0, running: 0, waiting: 0 });

      // Each domain scanned once, for its own kinds; one set of observations per domain.
      expect(fake.calls.map((c) => c.domain).sort()).toEqual(domains);
      for (const [i, d] of domains.entries()) {
        const kinds = kindsOf(i);
        const expected = expectedIds({ web: kinds.includes('web'), mail: kinds.includes('mail') });
        expect((await latestFor(db(), d)).map((l) => l.checkId).sort()).toEqual([...expected].sort());
      }
      const { rows } = await sql<{ domain: string; n: number }>`select domain, count(*)::int as n from observation group by domain order by domain`.execute(db());
      expect(rows.map((r) => r.domain)).toEqual(domains);
      expect(await queue.report.runs([requested.run, requested.run + 100])).toEqual(new Map([[requested.run, { done: 20, failed: 0, running: 0, waiting: 0 }]]));

      // A run with a domain that fails for good: counted as failed, with its reason.
      const broken = await control.request({ domains: ['kapot.example'] }, 'test');
      expect(broken).toMatchObject({ total: 1, unregistered: ['kapot.example'] });
      await waitFor(async () => ((await control.progress(broken.run))?.failed === 1 ? true : undefined));
      expect(await queue.report.runFailures(broken.run, 10)).toEqual([{ domain: 'kapot.example', reason: 'this domain can never be scanned' }]);
      expect((await queue.report.recentFailures(10)).map((f) => [f.domain, f.reason])).toEqual([['kapot.example', 'this domain can never be scanned']]);
      expect(await queue.report.finishedSince(started)).toBe(21);
      expect(await control.progress(broken.run + 1)).toBeUndefined();
    });
  });
});
