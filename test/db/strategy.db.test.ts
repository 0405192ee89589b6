import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { StrategyService } from '../../src/services/strategy.js';
import { strategyContentHash } from '../../src/strategy/diff.js';
import { loadStrategyFile } from '../../src/strategy/load.js';
import type { Strategy } from '../../src/strategy/schema.js';
import { strategyVersionChanges } from '../../src/store/strategy-versions.js';
import { describeEachEngine } from '../support/engines.js';
import { sampleStrategy } from '../support/sample-strategy.js';

const SMALL = 'test/fixtures/strategy/small.yaml';

function edited(edit: (s: Strategy) => void): Strategy {
  const copy = structuredClone(sampleStrategy());
  edit(copy);
  return copy;
}

function moveDeadline(s: Strategy): void {
  const t = s.targets.find((x) => x.id === 'web-https-hsts');
  if (!t) throw new Error('fixture');
  t.deadline = '2019-06-30';
  t.scope.layers = ['gemeente'];
}

describeEachEngine('strategy versions', (ctx) => {
  const service = () => new StrategyService(ctx.store().db);
  beforeEach(() => ctx.reset());

  it('has no current strategy before the first apply', async () => {
    const s = service();
    expect(await s.current()).toBeUndefined();
    expect(await s.versions()).toEqual([]);
    expect(await s.targetHistory('web-https-hsts')).toEqual([]);
  });

  it('records one version when the same strategy is applied twice', async () => {
    const s = service();
    const first = await s.apply(sampleStrategy(), { appliedBy: 'alice', sourcePath: 'a.yaml', note: 'first' });
    expect(first.unchanged).toBe(false);
    expect(first.version).toMatchObject({
      strategyId: 'test',
      version: '2026-01',
      appliedBy: 'alice',
      sourcePath: 'a.yaml',
      note: 'first',
      contentHash: strategyContentHash(sampleStrategy()),
    });
    expect(first.version.appliedAt).toBeInstanceOf(Date);
    expect(first.changes.map((c) => `${c.kind} ${c.entity} ${c.entityId}`)).toContain('added target web-https-hsts');

    const second = await s.apply(sampleStrategy(), { appliedBy: 'bob' });
    expect(second).toEqual({ unchanged: true, version: first.version, changes: [] });
    expect(await s.versions()).toEqual([first.version]);

    const current = await s.current();
    expect(current?.version).toEqual(first.version);
    // Read back from jsonb (keys reordered), the document is the same strategy.
    expect(current?.strategy).toEqual(sampleStrategy());
  });

  it('records a changed strategy as a new version, with the target change in its history', async () => {
    const s = service();
    const v1 = await s.apply(sampleStrategy(), { appliedBy: 'alice' });
    expect((await s.current())?.strategy.targets[0]?.deadline).toBe('2018-12-31');

    const changed = edited((x) => {
      x.version = '2026-02';
      moveDeadline(x);
    });
    const v2 = await s.apply(changed, { appliedBy: 'bob', note: 'deadline moved' });
    expect(v2.unchanged).toBe(false);
    expect(v2.version.id).toBeGreaterThan(v1.version.id);
    expect(v2.changes.map((c) => [c.kind, c.entity, c.entityId, c.fields])).toEqual([
      ['changed', 'strategy', 'test', ['version']],
      ['changed', 'target', 'web-https-hsts', ['deadline', 'scope']],
    ]);

    // The cache follows the new version.
    expect((await s.current())?.strategy.targets[0]?.deadline).toBe('2019-06-30');
    expect((await s.versions()).map((v) => v.version)).toEqual(['2026-02', '2026-01']);

    const history = await s.targetHistory('web-https-hsts');
    expect(history.map((h) => [h.version.version, h.kind, h.fields])).toEqual([
      ['2026-02', 'changed', ['deadline', 'scope']],
      ['2026-01', 'added', []],
    ]);
    expect(history[0]?.before?.deadline).toBe('2018-12-31');
    expect(history[0]?.after?.deadline).toBe('2019-06-30');
    expect(history[1]?.before).toBeNull();
    expect(await s.targetHistory('pqc-plan')).toHaveLength(1);

    const stored = await strategyVersionChanges(ctx.store().db, v2.version.id);
    expect(stored).toEqual(v2.changes);
  });

  it('records a removed target', async () => {
    const s = service();
    await s.apply(sampleStrategy(), { appliedBy: 'alice' });
    const outcome = await s.apply(edited((x) => (x.targets = x.targets.filter((t) => t.id !== 'pqc-plan'))), { appliedBy: 'alice' });
    expect(outcome.changes.map((c) => `${c.kind} ${c.entity} ${c.entityId}`)).toEqual(['removed target pqc-plan']);
    const history = await s.targetHistory('pqc-plan');
    expect(history.map((h) => h.kind)).toEqual(['removed', 'added']);
    expect(history[0]?.after).toBeNull();
  });

  it('leaves no partial version when recording the changes fails', async () => {
    const s = service();
    const v1 = await s.apply(sampleStrategy(), { appliedBy: 'alice' });
    const db = ctx.store().db;
    // Make the second insert of the transaction (the changes) fail after the version row went in.
    await sql`alter table strategy_change add constraint test_refuse_boom check (entity_id <> 'boom')`.execute(db);
    try {
      const failing = edited((x) => {
        const t = x.targets[0];
        if (t) x.targets.push({ ...t, id: 'boom' });
      });
      await expect(s.apply(failing, { appliedBy: 'mallory' })).rejects.toThrow(/test_refuse_boom/);
    } finally {
      await sql`alter table strategy_change drop constraint test_refuse_boom`.execute(db);
    }
    expect(await s.versions()).toEqual([v1.version]);
    expect((await s.current())?.version.id).toBe(v1.version.id);
    const changes = await db.selectFrom('strategy_change').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(changes.n).toBe(v1.changes.length);
  });

  it('records one version when the same strategy is applied twice at once', async () => {
    const [a, b] = await Promise.all([
      service().apply(sampleStrategy(), { appliedBy: 'a' }),
      service().apply(sampleStrategy(), { appliedBy: 'b' }),
    ]);
    expect([a.unchanged, b.unchanged].sort()).toEqual([false, true]);
    expect(await service().versions()).toHaveLength(1);
  });

  it('sees a version applied by another service instance (another process)', async () => {
    const reader = service();
    await reader.apply(sampleStrategy(), { appliedBy: 'a' });
    expect((await reader.current())?.strategy.version).toBe('2026-01');
    await service().apply(
      edited((x) => (x.version = '2026-03')),
      { appliedBy: 'b' },
    );
    expect((await reader.current())?.strategy.version).toBe('2026-03');
  });

  it('applies the default file on first start and then only reports whether it differs', async () => {
    const s = service();
    const first = await s.ensureInitial(SMALL, 'thorbecke');
    expect(first).toMatchObject({ applied: true, defaultDiffers: false, version: { strategyId: 'small', sourcePath: SMALL } });

    const again = await s.ensureInitial(SMALL, 'thorbecke');
    expect(again).toEqual({ applied: false, defaultDiffers: false, version: first.version });

    await s.apply(sampleStrategy(), { appliedBy: 'alice' });
    const differs = await s.ensureInitial(SMALL, 'thorbecke');
    expect(differs.applied).toBe(false);
    expect(differs.defaultDiffers).toBe(true);
    expect(differs.version.strategyId).toBe('test');
    expect(await s.versions()).toHaveLength(2);
  });

  it('stores the shipped strategy and reads it back unchanged', async () => {
    const nds = await loadStrategyFile('strategy/nds.yaml');
    const s = service();
    const outcome = await s.apply(nds, { appliedBy: 'test' });
    expect(outcome.changes.filter((c) => c.entity === 'target')).toHaveLength(nds.targets.length);
    expect((await s.current())?.strategy).toEqual(nds);
    expect((await s.apply(nds, { appliedBy: 'test' })).unchanged).toBe(true);
  });
});
