import { sql } from 'kysely';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { startProgressKeeper } from '../../src/services/progress.js';
import { describeEachEngine } from '../support/engines.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';

describeEachEngine('progress keeper', (ctx) => {
  const db = () => ctx.store().db;

  it('refreshes marked organisations, once a day everyone, and changes its version when figures change', async () => {
    await db().insertInto('organisation').values({ code: 'gm7301', name: 'Gemeente Keeper', layer: 'gemeente', source: 'test' }).execute();
    const keeper = await startProgressKeeper({ db: db(), strategy: fixedStrategyReader(), logger: pino({ level: 'silent' }), intervalMs: 3_600_000, now: () => new Date('2026-11-29T12:00:00Z') });
    try {
      // The first refresh (started at once) recomputes everyone: a new day.
      await keeper.refreshNow();
      const afterFirst = keeper.version();
      const rows = await db().selectFrom('progress').select(['target_id', 'status']).where('organisation_code', '=', 'gm7301').execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.status === 'unknown')).toBe(true);

      // Nothing marked: nothing recomputed, the version stays.
      expect((await keeper.refreshNow())?.organisations).toBe(0);
      expect(keeper.version()).toBe(afterFirst);

      await sql`insert into progress_dirty (organisation_code) values ('gm7301')`.execute(db());
      expect((await keeper.refreshNow())?.organisations).toBe(1);
      expect(keeper.version()).toBeGreaterThan(afterFirst);
    } finally {
      await keeper.stop();
    }
  });
});
