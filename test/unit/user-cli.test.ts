import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askHidden, readPasswordFromStdin } from '../../src/cli/password-input.js';
import { AccountService } from '../../src/services/accounts.js';
import { openStore, type Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { runInProcess } from '../support/run-cli.js';

/** Each command opens (and migrates) the embedded database: slow on a busy machine. */
const SLOW = 180_000;
const GOOD = 'correct horse battery staple';
const me = `cli:${userInfo().username}`;

/** Runs the CLI with `text` on its standard input. */
async function runWithStdin(text: string, ...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const saved = Object.getOwnPropertyDescriptor(process, 'stdin');
  Object.defineProperty(process, 'stdin', { value: Readable.from([text]), configurable: true });
  try {
    return await runInProcess(...args);
  } finally {
    if (saved !== undefined) Object.defineProperty(process, 'stdin', saved);
  }
}

describe('thorbecke user (embedded database)', () => {
  let dir: string;
  const saved = { ...process.env };
  const dataDir = (): string => path.join(dir, 'data');
  const withDb = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openStore({ engine: 'pglite', dataDir: dataDir() });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-user-cli-'));
    delete process.env.DATABASE_URL;
    process.env.THORBECKE_DATA_DIR = dataDir();
    process.env.LOG_LEVEL = 'silent';
    await withDb(async (store) => {
      await migrateToLatest(store.db);
      await store.db
        .insertInto('organisation')
        .values([
          { code: 'gm0363', name: 'Gemeente Amsterdam', layer: 'gemeente', source: 'test' },
          { code: 'gm0518', name: "Gemeente 's-Gravenhage", layer: 'gemeente', source: 'test' },
        ])
        .execute();
    });
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'adds accounts with a password from stdin (or none), lists them, grants, revokes and disables',
    async () => {
      expect(await runWithStdin(`${GOOD}\n`, 'user', 'add', 'Root@Example.nl', '--name', 'Ria Root', '--administrator', '--password-stdin')).toEqual({ status: 0, out: '1\n', err: '' });
      expect(await runWithStdin(`${GOOD}\r\n`, 'user', 'add', 'ann@amsterdam.nl', '--name', 'Ann de Boer', '--organisation', 'gm0363', '--password-stdin')).toEqual({ status: 0, out: '2\n', err: '' });
      expect(await runInProcess('user', 'add', 'sso@amsterdam.nl', '--name', 'Sam Sso', '--organisation', 'gm0363:admin', '--organisation', 'gm0518', '--no-password')).toEqual({ status: 0, out: '3\n', err: '' });

      const table = await runInProcess('user', 'list');
      expect(table.status).toBe(0);
      expect(table.out.split('\n').map((l) => l.replace(/ {2,}/g, ' | '))).toEqual([
        'id | e-mail | name | global role | organisations | 2FA | disabled',
        '2 | ann@amsterdam.nl | Ann de Boer | - | gm0363:editor | no | no',
        '1 | root@example.nl | Ria Root | administrator | - | no | no',
        '3 | sso@amsterdam.nl | Sam Sso | - | gm0363:admin,gm0518:editor | no | no',
        '',
      ]);

      expect(await runInProcess('user', 'grant', 'ann@amsterdam.nl', 'gm0518', 'admin')).toEqual({ status: 0, out: 'ann@amsterdam.nl is admin of gm0518 now.\n', err: '' });
      expect(await runInProcess('user', 'revoke', '2', 'gm0363')).toEqual({ status: 0, out: 'ann@amsterdam.nl has no role in gm0363 any more.\n', err: '' });
      expect((await runInProcess('user', 'grant', 'ann@amsterdam.nl', 'gm0518', 'owner')).status).toBe(2);

      const json = await runInProcess('user', 'list', '--organisation', 'gm0518', '--json');
      const parsed = JSON.parse(json.out) as { id: number; email: string; memberships: unknown[] }[];
      expect(parsed.map((a) => [a.id, a.email, a.memberships])).toEqual([
        [2, 'ann@amsterdam.nl', [{ organisationCode: 'gm0518', role: 'admin' }]],
        [3, 'sso@amsterdam.nl', [{ organisationCode: 'gm0363', role: 'admin' }, { organisationCode: 'gm0518', role: 'editor' }]],
      ]);
      expect(json.out).not.toMatch(/password|totp/i);

      expect(await runInProcess('user', 'disable', 'sso@amsterdam.nl')).toEqual({
        status: 0,
        out: 'Disabled account 3 (sso@amsterdam.nl): its sessions have ended and its API tokens are revoked.\n',
        err: '',
      });
      expect((await runInProcess('user', 'disable', '3')).out).toBe('Account 3 (sso@amsterdam.nl) was disabled already.\n');
      expect((await runInProcess('user', 'list')).out).toMatch(/^3 +sso@amsterdam\.nl +Sam Sso +- +gm0363:admin,gm0518:editor +no +yes$/m);

      const login = await withDb((store) => new AccountService(store.db).login('ann@amsterdam.nl', GOOD));
      expect(login.account.id).toBe(2);
    },
    SLOW,
  );

  it(
    'refuses weak passwords, unknown organisations, unknown accounts and missing passwords readably, changing nothing',
    async () => {
      expect(await runWithStdin('short\n', 'user', 'add', 'bob@example.nl', '--name', 'Bob', '--password-stdin')).toEqual({
        status: 1,
        out: '',
        err: 'Error: The password is not accepted.\n  - password: must be at least 12 characters long (a passphrase of several words is easiest)\n',
      });
      const guessable = await runWithStdin('password1234\n', 'user', 'add', 'bob@example.nl', '--name', 'Bob', '--password-stdin');
      expect(guessable.status).toBe(1);
      expect(guessable.err).toMatch(/^Error: The password is not accepted\.\n {2}- password: is too easy to guess/);
      expect(await runWithStdin(`${GOOD}\n`, 'user', 'add', 'bob@example.nl', '--name', 'Bob', '--organisation', 'gm9999', '--password-stdin')).toEqual({
        status: 1,
        out: '',
        err: 'Error: Unknown organisation.\n  - memberships[0].organisationCode: gm9999 is not in the register\n',
      });
      expect(await runWithStdin('', 'user', 'add', 'bob@example.nl', '--name', 'Bob')).toMatchObject({ status: 1, err: expect.stringMatching(/^Error: No terminal to type a password at: give it on standard input with --password-stdin/) as unknown });
      expect(await runWithStdin('', 'user', 'add', 'bob@example.nl', '--name', 'Bob', '--password-stdin')).toMatchObject({ status: 1, err: expect.stringMatching(/^Error: No password on standard input/) as unknown });
      expect((await runInProcess('user', 'add', 'bob@example.nl', '--name', 'Bob', '--coordinator', '--administrator', '--no-password')).status).toBe(2);
      expect((await runInProcess('user', 'add', 'bob@example.nl', '--name', 'Bob', '--organisation', 'gm0363:owner', '--no-password')).err).toBe('Error: --organisation takes CODE or CODE:editor or CODE:admin, not "gm0363:owner".\n');
      expect(await runInProcess('user', 'disable', 'nobody@example.nl')).toEqual({ status: 1, out: '', err: 'Error: There is no account for nobody@example.nl (thorbecke user list shows them).\n' });
      expect(await runInProcess('user', 'add', 'ann@amsterdam.nl', '--name', 'Ann', '--no-password')).toMatchObject({ status: 1, err: 'Error: There is already an account for ann@amsterdam.nl.\n  - email: is taken\n' });
      expect((await runInProcess('user', 'list')).out).not.toContain('bob@example.nl');
    },
    SLOW,
  );

  it(
    'sets a new password and removes a second factor, both audited as the OS user, chain intact',
    async () => {
      await withDb(async (store) => {
        await store.db.updateTable('account').set({ totp_secret: 'JBSWY3DPEHPK3PXP' }).where('id', '=', 2).execute();
        await store.db.insertInto('session').values({ id: 'h', account_id: 2, csrf_token: 'c', method: 'password', awaiting_second_factor: false, created_at: new Date(), last_seen_at: new Date(), expires_at: new Date(Date.now() + 3_600_000) }).execute();
      });
      const next = 'a quite different passphrase indeed';
      expect(await runWithStdin(`${next}\n`, 'user', 'password', 'ann@amsterdam.nl', '--password-stdin')).toEqual({ status: 0, out: 'New password set for ann@amsterdam.nl; 1 session(s) ended.\n', err: '' });
      expect((await runWithStdin('short\n', 'user', 'password', '2', '--password-stdin')).err).toMatch(/^Error: The password is not accepted\./);
      expect((await runInProcess('user', 'totp-reset', 'ann@amsterdam.nl')).out).toMatch(/^Removed the second factor of ann@amsterdam\.nl; 0 session\(s\) ended\./);
      expect((await runInProcess('user', 'totp-reset', 'ann@amsterdam.nl')).out).toBe('ann@amsterdam.nl has no second factor; nothing changed.\n');

      const login = await withDb((store) => new AccountService(store.db).login('ann@amsterdam.nl', next));
      expect(login.needsSecondFactor).toBe(false);

      const verify = await runInProcess('audit', 'verify');
      expect(verify.status).toBe(0);
      expect(verify.out).toMatch(/chain intact/);
      const entries = JSON.parse((await runInProcess('audit', 'list', '--json', '--limit', '100')).out) as { entries: { actor: string; via: string; action: string }[] };
      expect(entries.entries.map((e) => e.action).reverse()).toEqual([
        'account.create',
        'account.create',
        'account.create',
        'membership.grant',
        'membership.revoke',
        'account.disable',
        'account.password-reset',
        'account.second-factor-reset',
      ]);
      expect(new Set(entries.entries.map((e) => `${e.actor} ${e.via}`))).toEqual(new Set([`${me} cli`]));
    },
    SLOW,
  );

  it(
    'says to stop Thorbecke first while another process holds the data folder',
    async () => {
      await withDb(async () => {
        const held = await runInProcess('user', 'list');
        expect(held.status).toBe(1);
        expect(held.err).toMatch(/^Error: The embedded database in .* is in use by another Thorbecke process \(is `npm start` running\?\)\. .*Stop that process and try again/);
      });
    },
    SLOW,
  );
});

describe('reading passwords', () => {
  it('takes the first line of standard input', async () => {
    expect(await readPasswordFromStdin(Readable.from(['one two three four\nrest']))).toBe('one two three four');
    await expect(readPasswordFromStdin(Readable.from(['\n']))).rejects.toThrow(/No password on standard input/);
  });

  it('does not echo what is typed at the prompt', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString()));
    const answer = askHidden('Password: ', input, output);
    input.write('secret words\r');
    expect(await answer).toBe('secret words');
    expect(shown).toBe('Password: \n');
  });
});
