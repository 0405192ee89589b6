import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors.js';
import { openStore } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { createPostgresDatabase, postgresAvailable } from '../support/engines.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('embedded store', () => {
  it('is held by one process at a time: a second open says how to proceed, and data survives a reopen', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-store-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await openStore({ engine: 'pglite', dataDir: dir });
    await migrateToLatest(first.db);
    await first.db
      .insertInto('organisation')
      .values({ code: 'gm0363', name: 'Gemeente Amsterdam', layer: 'gemeente', source: 'test' })
      .execute();

    const second = openStore({ engine: 'pglite', dataDir: dir });
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow(/in use by another Thorbecke process.*DATABASE_URL/s);

    await first.close();
    const reopened = await openStore({ engine: 'pglite', dataDir: dir });
    cleanups.push(() => reopened.close());
    const rows = await reopened.db.selectFrom('organisation').select('code').execute();
    expect(rows).toEqual([{ code: 'gm0363' }]);
  });
});

describe.skipIf(!postgresAvailable)('PostgreSQL store', () => {
    it('migrates safely when several processes start at once (advisory lock)', async () => {
      const { url, drop } = await createPostgresDatabase();
      cleanups.push(drop);
      const stores = await Promise.all([1, 2, 3, 4].map(() => openStore({ engine: 'postgres', url, poolSize: 2 })));
      cleanups.push(async () => {
        for (const s of stores) await s.close();
      });
      const outcomes = await Promise.all(stores.map((s) => migrateToLatest(s.db)));
      const applied = outcomes.flatMap((o) => o.applied);
      expect(applied).toEqual(Object.keys(migrations));
  });
});
