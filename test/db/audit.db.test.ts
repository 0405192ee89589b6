import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access.js';
import { ImportService } from '../../src/services/import.js';
import { importMap } from '../../src/services/map-import.js';
import { StrategyService } from '../../src/services/strategy.js';
import { appendAudit } from '../../src/store/audit.js';
import { GENESIS_HASH } from '../../src/store/audit-chain.js';
import { listAuditEntries } from '../../src/store/audit-read.js';
import { verifyAudit } from '../../src/store/audit-verify.js';
import { createScanRun } from '../../src/store/scan-runs.js';
import { createSnapshot } from '../../src/store/snapshots.js';
import { addSubscription, removeSubscription } from '../../src/store/subscriptions.js';
import { describeEachEngine } from '../support/engines.js';
import { sampleStrategy } from '../support/sample-strategy.js';

const alice: Actor = { accountId: null, name: 'cli:alice', via: 'cli' };
const bob: Actor = { accountId: 7, name: 'Bob Jansen', via: 'web', ip: '192.0.2.7' };

describeEachEngine('audit log', (ctx) => {
  const db = () => ctx.store().db;
  beforeEach(() => ctx.reset());

  /** `n` entries, each in its own transaction, all at once. */
  const appendMany = (n: number, actor: Actor = alice) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        db()
          .transaction()
          .execute((trx) =>
            appendAudit(trx, actor, {
              action: 'commitment.write',
              organisationCode: i % 2 === 0 ? 'gm0363' : 'gm0599',
              subject: `commitment ${i}`,
              before: i % 3 === 0 ? null : { planned: '2027-01-01', milestones: [{ on: '2026-06-30', share: 0.25 }] },
              after: { planned: `2027-0${(i % 9) + 1}-15`, note: 'ünïcode, "quotes" and\nnew lines', n: i, big: 1e21, tiny: 0.1 + 0.2 },
            }),
          ),
      ),
    );

  /** Runs `statement` with the append-only trigger off, as a superuser tampering behind its back would. */
  const behindTheTrigger = async (statement: ReturnType<typeof sql>): Promise<void> => {
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db());
    try {
      await statement.execute(db());
    } finally {
      await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db());
    }
  };

  it('keeps one chain when transactions append at the same time, and verifies it', async () => {
    const ids = await appendMany(25);
    expect(new Set(ids).size).toBe(25);
    const rows = await db().selectFrom('audit_log').select(['id', 'prev_hash', 'hash']).orderBy('id').execute();
    expect(rows).toHaveLength(25);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);

    const progress: number[] = [];
    const result = await verifyAudit(db(), { batchSize: 7, onProgress: (n) => progress.push(n) });
    expect(result).toEqual({ entries: 25, head: rows.at(-1)?.hash, problems: [], problemCount: 0 });
    expect(progress).toEqual([7, 14, 21, 25]);
    expect(await verifyAudit(db(), { expectHead: rows[10]?.hash })).toMatchObject({ problemCount: 0 });
  });

  it('verifies an empty log', async () => {
    expect(await verifyAudit(db())).toEqual({ entries: 0, head: GENESIS_HASH, problems: [], problemCount: 0 });
  });

  it('finds an entry changed behind the trigger, in its columns or its JSON', async () => {
    await appendMany(12);
    await appendMany(1, bob);
    await behindTheTrigger(sql`update audit_log set actor = 'mallory' where id = 3`);
    await behindTheTrigger(sql`update audit_log set after = jsonb_set(after, '{planned}', '"2030-01-01"') where id = 6`);
    await behindTheTrigger(sql`update audit_log set before = null where id = 8`);
    await behindTheTrigger(sql`update audit_log set at = at + interval '1 day' where id = 13`);
    const result = await verifyAudit(db(), { batchSize: 5 });
    expect(result.entries).toBe(13);
    expect(result.problems.map((p) => [p.id, p.kind])).toEqual([
      [3, 'changed'],
      [6, 'changed'],
      [8, 'changed'],
      [13, 'changed'],
    ]);
    expect(result.problems[0]?.message).toMatch(/changed after it was written/);
  });

  it('finds a changed entry whose hash was recomputed by the link of the next one', async () => {
    await appendMany(5);
    await behindTheTrigger(sql`update audit_log set hash = repeat('a', 64) where id = 2`);
    const result = await verifyAudit(db());
    expect(result.problems.map((p) => [p.id, p.kind])).toEqual([
      [2, 'changed'],
      [3, 'broken-link'],
    ]);
  });

  it('finds a removed entry by the broken link of the next one, also the first and the newest', async () => {
    await appendMany(10);
    const head = (await verifyAudit(db())).head;
    await behindTheTrigger(sql`delete from audit_log where id in (1, 5)`);
    const result = await verifyAudit(db());
    expect(result.entries).toBe(8);
    expect(result.problems.map((p) => [p.id, p.kind])).toEqual([
      [2, 'broken-link'],
      [6, 'broken-link'],
    ]);
    expect(result.problems[1]?.message).toMatch(/between #4 and #6 was removed/);

    // Removing the newest entry leaves an intact, shorter chain: only a head noted earlier tells.
    await behindTheTrigger(sql`delete from audit_log where id = 10`);
    const shorter = await verifyAudit(db(), { expectHead: head });
    expect(shorter.problems.map((p) => [p.id, p.kind])).toEqual([
      [2, 'broken-link'],
      [6, 'broken-link'],
      [9, 'head-missing'],
    ]);
  });

  it('lists every problem up to the cap and counts them all', async () => {
    await appendMany(8);
    await behindTheTrigger(sql`update audit_log set subject = 'x'`);
    const result = await verifyAudit(db(), { maxProblems: 3 });
    expect(result.problems).toHaveLength(3);
    expect(result.problemCount).toBe(8);
  });

  it('refuses update, delete and truncate', async () => {
    await appendMany(2);
    await expect(sql`update audit_log set actor = 'mallory'`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = 1`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db())).rejects.toThrow(/append-only/);
    expect((await verifyAudit(db())).entries).toBe(2);
  });

  it('lists entries newest first, filtered and paged', async () => {
    // One at a time, each of gm0363: ids 1 to 10 in order.
    for (let i = 0; i < 9; i++) await appendMany(1);
    await appendMany(1, bob);
    const first = await listAuditEntries(db(), { organisationCode: 'gm0363', limit: 3 });
    expect(first.entries.map((e) => e.id)).toEqual([10, 9, 8]);
    expect(first.nextBefore).toBe(8);
    const second = await listAuditEntries(db(), { organisationCode: 'gm0363', limit: 3, beforeId: first.nextBefore });
    expect(second.entries.map((e) => e.id)).toEqual([7, 6, 5]);
    const last = await listAuditEntries(db(), { organisationCode: 'gm0363', limit: 4, beforeId: 5 });
    expect(last.entries.map((e) => e.id)).toEqual([4, 3, 2, 1]);
    expect(last.nextBefore).toBeUndefined();
    expect((await listAuditEntries(db(), { organisationCode: 'gm0599' })).entries).toEqual([]);
    const byBob = await listAuditEntries(db(), { actorAccountId: 7 });
    expect(byBob.entries).toHaveLength(1);
    expect(byBob.entries[0]).toMatchObject({ id: 10, actor: 'Bob Jansen', via: 'web', ip: '192.0.2.7', action: 'commitment.write' });
    expect(byBob.entries[0]?.at).toBeInstanceOf(Date);
    expect((await listAuditEntries(db(), { action: 'strategy.apply' })).entries).toEqual([]);
  });

  it('records the writes of strategy apply, snapshots, subscriptions and scan requests in the same chain', async () => {
    await db()
      .insertInto('organisation')
      .values({ code: 'gm0363', name: 'Amsterdam', layer: 'gemeente', source: 'test' })
      .execute();
    const strategy = new StrategyService(db());
    await strategy.apply(sampleStrategy(), { appliedBy: alice, note: 'first' });
    expect((await strategy.apply(sampleStrategy(), { appliedBy: alice })).unchanged).toBe(true);
    const snapshot = await createSnapshot(db(), { name: `audit-${ctx.engine}-${Date.now()}`, createdBy: alice });
    const subscription = await addSubscription(db(), { organisationCode: 'gm0363', channel: 'webhook', address: 'https://hooks.example/t', secret: 'a-secret-of-16-chars', createdBy: bob });
    await removeSubscription(db(), subscription.id, alice);
    await createScanRun(db(), { requestedBy: 'scheduler', selection: { organisations: ['gm0363'] }, total: 2 });

    const { entries } = await listAuditEntries(db());
    expect(entries.map((e) => [e.action, e.actor, e.via, e.organisationCode])).toEqual([
      ['scan.request', 'scheduler', 'system', 'gm0363'],
      ['subscription.write', 'cli:alice', 'cli', 'gm0363'],
      ['subscription.write', 'Bob Jansen', 'web', 'gm0363'],
      ['snapshot.create', 'cli:alice', 'cli', null],
      ['strategy.apply', 'cli:alice', 'cli', null],
    ]);
    expect(entries[1]).toMatchObject({ before: { channel: 'webhook', signed: true }, after: null });
    expect(JSON.stringify(entries)).not.toContain('a-secret-of-16-chars');
    expect(entries[3]?.after).toMatchObject({ name: snapshot.name, domains: 0, results: 0 });
    expect(entries[4]).toMatchObject({ subject: 'strategy version 1', before: null, after: { version: sampleStrategy().version, note: 'first' } });
    expect((await db().selectFrom('strategy_version').select('applied_by').executeTakeFirstOrThrow()).applied_by).toBe('cli:alice');
    expect(await verifyAudit(db())).toMatchObject({ entries: 5, problemCount: 0 });
  });

  it('records one entry per import run with its counts, and one per map import', async () => {
    const service = new ImportService(db());
    const organisations = await service.importOrganisations({ source: 'test/fixtures/federation/organisations.csv', full: true, asOf: '2026-11-29', actor: alice });
    const failed = service.importDomains({ source: 'test/fixtures/federation/domains-unknown.csv', actor: alice, replace: false });
    await expect(failed).rejects.toThrow(/unknown organisations/);
    const domains = await service.importDomains({ source: 'test/fixtures/federation/domains.csv', actor: bob, replace: false });
    await importMap(db(), { source: 'test/fixtures/map/tiny.topojson', name: 'audit-test', actor: alice });
    await importMap(db(), { source: 'test/fixtures/map/tiny.topojson', name: 'audit-test', actor: 'cli:carol' });

    const { entries } = await listAuditEntries(db());
    expect(entries.map((e) => [e.action, e.actor, e.subject])).toEqual([
      ['map.import', 'cli:carol', 'map audit-test'],
      ['map.import', 'cli:alice', 'map audit-test'],
      ['import.run', 'Bob Jansen', `import run ${domains.runId}`],
      ['import.run', 'cli:alice', `import run ${organisations.runId}`],
    ]);
    expect(entries[0]?.before).toMatchObject({ importedBy: 'cli:alice', source: 'test/fixtures/map/tiny.topojson' });
    expect(entries[1]?.before).toBeNull();
    expect(entries[2]?.after).toEqual({ kind: 'domains', source: 'test/fixtures/federation/domains.csv', replace: false, added: domains.added, removed: 0, unchanged: domains.unchanged });
    expect(entries[3]?.after).toMatchObject({ kind: 'organisations', full: true, added: organisations.added, changed: 0, ended: 0 });
    const runs = await db().selectFrom('import_run').select('actor').orderBy('id').execute();
    expect(runs.map((r) => r.actor)).toEqual(['cli:alice', 'Bob Jansen']);
    expect(await verifyAudit(db())).toMatchObject({ entries: 4, problemCount: 0 });
  });
});
