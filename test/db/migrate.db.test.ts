import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('migrations', (ctx) => {
  it('are applied once; running again applies nothing', async () => {
    const again = await migrateToLatest(ctx.store().db);
    expect(again.applied).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from thorbecke_migration`.execute(ctx.store().db);
    expect(rows[0]?.n).toBe(Object.keys(migrations).length);
  });

  it('return dates as YYYY-MM-DD and counts as numbers on this engine', async () => {
    const { rows } = await sql<{ d: string; n: number }>`select date '2024-12-31' as d, count(*) as n from organisation`.execute(
      ctx.store().db,
    );
    expect(rows[0]).toEqual({ d: '2024-12-31', n: 0 });
  });
});
