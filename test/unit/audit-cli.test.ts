import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { runInProcess } from '../support/run-cli.js';

const run = runInProcess;
/** Each command opens (and migrates) the embedded database: slow on a busy machine. */
const SLOW = 180_000;

describe('thorbecke audit verify and list (embedded database)', () => {
  let dir: string;
  const saved = { ...process.env };
  const dataDir = (): string => path.join(dir, 'data');

  /** Runs `statement` on the data folder with the append-only trigger off, as someone tampering would. */
  const tamper = async (statement: ReturnType<typeof sql>): Promise<void> => {
    const store = await openStore({ engine: 'pglite', dataDir: dataDir() });
    try {
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(store.db);
      await statement.execute(store.db);
      await sql`alter table audit_log enable trigger audit_log_no_change`.execute(store.db);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-audit-cli-'));
    delete process.env.DATABASE_URL;
    process.env.THORBECKE_DATA_DIR = path.join(dir, 'data');
    process.env.LOG_LEVEL = 'silent';
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'verifies the chain of the changes the CLI made, lists them, and finds a changed and a removed entry',
    async () => {
      expect(await run('audit', 'verify')).toEqual({
        status: 0,
        out: `0 entries, chain intact, head ${'0'.repeat(64)}\n`,
        err: '',
      });
      expect((await run('strategy', 'apply', 'test/fixtures/strategy/small.yaml', '--note', 'first')).status).toBe(0);
      expect((await run('snapshot', 'create', '2026-Q1')).status).toBe(0);
      expect((await run('snapshot', 'create', '2026-Q2')).status).toBe(0);

      const intact = await run('audit', 'verify');
      expect(intact.status).toBe(0);
      expect(intact.out).toMatch(/^3 entries, chain intact, head [0-9a-f]{64}\n$/);
      const head = /head ([0-9a-f]{64})/.exec(intact.out)?.[1] ?? '';

      const me = `cli:${userInfo().username}`;
      const list = await run('audit', 'list');
      expect(list.status).toBe(0);
      expect(list.out.split('\n').filter(Boolean)).toEqual([
        expect.stringMatching(new RegExp(`^#3 \\S+Z ${me} \\(cli\\) snapshot\\.create snapshot 2026-Q2$`)),
        expect.stringMatching(new RegExp(`^#2 \\S+Z ${me} \\(cli\\) snapshot\\.create snapshot 2026-Q1$`)),
        expect.stringMatching(new RegExp(`^#1 \\S+Z ${me} \\(cli\\) strategy\\.apply strategy version 1$`)),
      ]);
      const paged = await run('audit', 'list', '--limit', '1', '--json');
      const json = JSON.parse(paged.out) as { entries: { id: number; action: string; after: { name: string } }[]; nextBefore: number | null };
      expect(json).toMatchObject({ entries: [{ id: 3, action: 'snapshot.create', after: { name: '2026-Q2' } }], nextBefore: 3 });
      expect((await run('audit', 'list', '--limit', '0')).status).toBe(1);
      expect((await run('audit', 'list', '--organisation', 'gm0363')).out).toBe('No audit entries.\n');

      await tamper(sql`update audit_log set actor = 'someone else' where id = 1`);
      const changed = await run('audit', 'verify');
      expect(changed.status).toBe(1);
      expect(changed.out).toContain('3 entries, chain BROKEN: 1 problem(s)\n');
      expect(changed.out).toMatch(/^ {2}entry 1: changed — its content no longer matches its hash/m);

      await tamper(sql`delete from audit_log where id = 2`);
      const removed = await run('audit', 'verify', '--head', head);
      expect(removed.status).toBe(1);
      expect(removed.out).toContain('2 entries, chain BROKEN: 2 problem(s)\n');
      expect(removed.out).toMatch(/^ {2}entry 3: broken-link — .*between #1 and #3 was removed/m);

      await tamper(sql`delete from audit_log where id = 3`);
      const shortened = await run('audit', 'verify', '--head', head);
      expect(shortened.status).toBe(1);
      expect(shortened.out).toMatch(/^ {2}entry 1: head-missing — /m);
      expect((await run('audit', 'verify', '--head', 'nonsense')).status).toBe(1);
    },
    SLOW,
  );

  it(
    'says how to proceed while another process holds the embedded database',
    async () => {
      const held = await openStore({ engine: 'pglite', dataDir: dataDir() });
      try {
        const { status, err } = await run('audit', 'verify');
        expect(status).toBe(1);
        expect(err).toMatch(/^Error: The embedded database in .* is in use by another Thorbecke process/);
      } finally {
        await held.close();
      }
    },
    SLOW,
  );
});
