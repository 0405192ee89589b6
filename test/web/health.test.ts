import { Kysely, PostgresDialect, sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/web/problem.js';
import { openStore } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/schema.js';
import { createHealth, notReadyBecause } from '../../src/web/health.js';
import { createTestApp, type TestApp } from '../support/web-app.js';

const logger = pino({ level: 'silent' });

describe('liveness and readiness of the whole app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.store.close();
  });

  it.each(['/livez', '/healthz', '/readyz'])('%s answers 200 {status: ok}, not cached', async (path) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('readiness', () => {
  it('is 503 problem+json while migrations are missing, and ready once they are applied', async () => {
    const store = await openStore({ engine: 'pglite', memory: true });
    try {
      const health = createHealth({ db: store.db, logger });
      const before = await health.request('/readyz');
      expect(before.status).toBe(503);
      expect(before.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await before.json()) as Problem;
      expect(problem.status).toBe(503);
      expect(problem.detail).toMatch(/migrations not applied yet: 0001/);
      // Liveness does not depend on the database.
      expect((await health.request('/livez')).status).toBe(200);

      await migrateToLatest(store.db);
      expect((await health.request('/readyz')).status).toBe(200);

      // One applied migration forgotten (a database restored from an older version): not ready again.
      const last = await sql<{ name: string }>`select name from thorbecke_migration order by name desc limit 1`.execute(store.db);
      const name = last.rows[0]?.name ?? '';
      await sql`delete from thorbecke_migration where name = ${name}`.execute(store.db);
      expect(await notReadyBecause({ db: store.db, logger })).toBe(`migrations not applied yet: ${name}`);
    } finally {
      await store.close();
    }
  });

  it('is 503 when the database does not answer within the deadline', async () => {
    // A pool whose connections never come: the query hangs.
    const hanging = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: { connect: () => new Promise(() => undefined), end: () => Promise.resolve() } }),
    });
    const started = Date.now();
    const lines: string[] = [];
    const recording = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const res = await createHealth({ db: hanging, logger: recording, timeoutMs: 200 }).request('/readyz');
    expect(res.status).toBe(503);
    expect(((await res.json()) as Problem).detail).toBe('Not ready: the database does not answer.');
    expect(lines.some((l) => l.includes('did not answer within 200 ms'))).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not tell the public why the database refuses', async () => {
    const refusing = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: { connect: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')), end: () => Promise.resolve() },
      }),
    });
    expect(await notReadyBecause({ db: refusing, logger })).toBe('the database does not answer');
  });
});
