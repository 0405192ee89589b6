import { sql } from 'kysely';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { pendingMigrations } from '../../src/store/migrate.js';
import { notReadyBecause } from '../../src/web/health.js';
import { describeEachEngine } from '../support/engines.js';

const logger = pino({ level: 'silent' });

describeEachEngine('readiness', (ctx) => {
  it('is ready on a migrated database, and names a migration that is missing', async () => {
    const db = ctx.store().db;
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await notReadyBecause({ db, logger })).toBeUndefined();
    await sql`delete from thorbecke_migration where name = '0004-progress'`.execute(db);
    expect(await notReadyBecause({ db, logger })).toBe('migrations not applied yet: 0004-progress');
  });
});
