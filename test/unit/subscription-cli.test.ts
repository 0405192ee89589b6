import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { runInProcess } from '../support/run-cli.js';

const run = runInProcess;

describe('thorbecke subscription (embedded database)', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-subscription-cli-'));
    delete process.env.DATABASE_URL;
    delete process.env.THORBECKE_SMTP_URL;
    process.env.THORBECKE_DATA_DIR = path.join(dir, 'data');
    process.env.LOG_LEVEL = 'silent';
    const store = await openStore({ engine: 'pglite', dataDir: path.join(dir, 'data') });
    try {
      await migrateToLatest(store.db);
      await store.db.insertInto('organisation').values({ code: 'gm0363', name: 'Gemeente Amsterdam', layer: 'gemeente', source: 'test' }).execute();
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('adds an e-mail subscription and says that e-mail waits for an SMTP server', async () => {
    const { status, out } = await run('subscription', 'add', 'gm0363', '--email', 'cio@amsterdam.nl', '--by', 'alice');
    expect(status).toBe(0);
    expect(out).toBe(
      'Subscription 1: cio@amsterdam.nl (email) gets the progress events of gm0363 from now on.\n' +
        'Note: no SMTP server is configured (THORBECKE_SMTP_URL): e-mail subscriptions are kept, but nothing is sent until one is set.\n',
    );
  });

  it('adds a signed webhook subscription', async () => {
    const { status, out } = await run('subscription', 'add', 'gm0363', '--webhook', 'https://hooks.example/t', '--secret', 'a-secret-of-16-chars', '--by', 'bob');
    expect(status).toBe(0);
    expect(out).toBe('Subscription 2: https://hooks.example/t (webhook, signed) gets the progress events of gm0363 from now on.\n');
  });

  it('lists subscriptions with delivery counts, as text and JSON, without secrets', async () => {
    const text = await run('subscription', 'list', 'gm0363');
    expect(text.status).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[0]).toMatch(/^1 {2}gm0363 {2}email {2}cio@amsterdam\.nl {2}since \S+ by alice: 0 sent, 0 retrying, 0 failed — not delivered: no SMTP server \(THORBECKE_SMTP_URL\)$/);
    expect(lines[1]).toMatch(/^2 {2}gm0363 {2}webhook {2}https:\/\/hooks\.example\/t \(signed\) {2}since \S+ by bob: 0 sent, 0 retrying, 0 failed$/);
    expect(text.out).toContain('E-mail: no SMTP server is configured');
    const json = await run('subscription', 'list', '--json');
    const parsed = JSON.parse(json.out) as { emailDelivery: string; subscriptions: Record<string, unknown>[] };
    expect(parsed.emailDelivery).toMatch(/^no SMTP server/);
    expect(parsed.subscriptions.map((s) => [s.id, s.channel, s.signed, s.deliveries])).toEqual([
      [1, 'email', false, { sent: 0, retrying: 0, failed: 0 }],
      [2, 'webhook', true, { sent: 0, retrying: 0, failed: 0 }],
    ]);
    expect(json.out).not.toContain('a-secret-of-16-chars');
    expect((await run('subscription', 'list', 'gm0599')).out).toBe('No subscriptions for gm0599 (thorbecke subscription add ORG --email ADDRESS --by NAME).\n');
  });

  it('refuses bad input with readable messages and exit status 1', async () => {
    const both = await run('subscription', 'add', 'gm0363', '--email', 'a@b.nl', '--webhook', 'https://x.example/', '--by', 'x');
    expect(both).toMatchObject({ status: 1, err: 'Error: give either --email ADDRESS or --webhook URL\n' });
    const bad = await run('subscription', 'add', 'gm0363', '--webhook', 'file:///etc/passwd', '--by', 'x');
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/^Error: invalid subscription\n {2}- address: use an https:\/\/ URL/);
    const unknown = await run('subscription', 'add', 'gm9999', '--email', 'a@b.nl', '--by', 'x');
    expect(unknown).toMatchObject({ status: 1, err: 'Error: There is no organisation with code gm9999.\n' });
    const twice = await run('subscription', 'add', 'gm0363', '--email', 'cio@amsterdam.nl', '--by', 'carol');
    expect(twice).toMatchObject({ status: 1, err: 'Error: cio@amsterdam.nl is subscribed to gm0363 already.\n' });
    expect((await run('subscription', 'remove', 'abc')).err).toMatch(/^Error: "abc" is not a subscription id/);
    expect((await run('subscription', 'add', 'gm0363', '--email', 'a@b.nl')).status).toBe(2); // --by is required
  });

  it('removes a subscription', async () => {
    expect(await run('subscription', 'remove', '1')).toMatchObject({ status: 0, out: 'Removed subscription 1: cio@amsterdam.nl no longer gets the progress events of gm0363.\n' });
    expect(await run('subscription', 'remove', '1')).toMatchObject({ status: 1, err: 'Error: There is no subscription 1 (thorbecke subscription list shows them).\n' });
  });

  it('says how to proceed while another process holds the embedded database', async () => {
    const held = await openStore({ engine: 'pglite', dataDir: path.join(dir, 'data') });
    try {
      const { status, err } = await run('subscription', 'add', 'gm0363', '--email', 'x@amsterdam.nl', '--by', 'alice');
      expect(status).toBe(1);
      expect(err).toMatch(/^Error: The embedded database in .* is in use by another Thorbecke process/);
    } finally {
      await held.close();
    }
  });
});
