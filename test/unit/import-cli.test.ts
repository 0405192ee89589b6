import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/run-cli.js';
import { openStore } from '../../src/store/db.js';

const DIR = 'test/fixtures/federation';

const run = runInProcess;

describe('thorbecke import (embedded database)', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-import-cli-'));
    delete process.env.DATABASE_URL;
    process.env.THORBECKE_DATA_DIR = path.join(dir, 'data');
    process.env.LOG_LEVEL = 'silent';
    const xml = await readFile(`${DIR}/register.xml`);
    server = createServer((req, res) => {
      if (req.url === '/exportOO.xml') res.writeHead(200, { 'content-length': xml.length }).end(xml);
      else res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    process.env = saved;
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a CSV, lists the changes, and says "unchanged" the second time', async () => {
    const file = `${DIR}/organisations.csv`;
    const first = await run('import', 'organisations', file, '--by', 'alice');
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(
      new RegExp(`^Imported 8 organisations from ${file}: 8 added, 0 changed, 0 ended, 0 reinstated, 0 unchanged\\.\\n`),
    );
    expect(first.out).toContain('  + gm0363 Gemeente Amsterdam\n');
    expect(first.out).toContain('  + pv26 Provincie Utrecht\n');

    const again = await run('import', 'organisations', file);
    expect(again.status).toBe(0);
    expect(again.out).toBe(`Imported 8 organisations from ${file}: 0 added, 0 changed, 0 ended, 0 reinstated, 8 unchanged.\n`);
  });

  it('imports the register XML partially, reporting what it skipped', async () => {
    const { status, out } = await run('import', 'organisations', `${DIR}/register.xml`, '--partial');
    expect(status).toBe(0);
    expect(out).toContain('(2 skipped: 1 no TOOI identifier, 1 TOOI identifier of another kind).\n');
    expect(out).toContain('  ~ gm0363 Gemeente Amsterdam (website, validFrom)\n');
    expect(out).toContain('  + oorg10103 Logius\n');
    expect(out).toMatch(/ 0 ended,/);
  });

  it('downloads the register export with --download, with progress lines on a non-terminal', async () => {
    process.env.THORBECKE_REGISTER_URL = `${base}/exportOO.xml`;
    const { status, out, err } = await run('import', 'organisations', '--download', '--as-of', '2026-11-29');
    expect(status).toBe(0);
    expect(out).toMatch(new RegExp(`^Imported 7 organisations from ${base}/exportOO\\.xml: `));
    // The fixture lacks the CSV's Utrecht and Groningen (and their provinces): a full import ends them.
    expect(out).toContain(' 4 ended,');
    expect(out).toContain('  - gm0344 Gemeente Utrecht (ended 2026-11-29)\n');
    expect(err).toMatch(/^Read 100% \(0\.0 of 0\.0 MB\), [\d.]+ MB\/s\n$/);

    process.env.THORBECKE_REGISTER_URL = `${base}/gone.xml`;
    const missing = await run('import', 'organisations');
    expect(missing.status).toBe(1);
    expect(missing.err).toBe(`Error: Could not download ${base}/gone.xml: HTTP 404 Not Found\n`);
  });

  it('prints every located problem of a damaged file and exits 1', async () => {
    const { status, out, err } = await run('import', 'organisations', `${DIR}/organisations-damaged.csv`);
    expect(status).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`Error: ${DIR}/organisations-damaged.csv has 4 problems; nothing was imported.\n`);
    expect(err).toContain('  - line 5, column oin: "123" is not an OIN (20 digits)\n');
    const xml = await run('import', 'organisations', `${DIR}/register-doctype.xml`);
    expect(xml.status).toBe(1);
    expect(xml.err).toContain('a DOCTYPE is not allowed');
  });

  it('refuses bad options', async () => {
    expect((await run('import', 'organisations', 'x.csv', '--format', 'json')).status).toBe(2);
    expect((await run('import', 'organisations', 'x.csv', '--download')).err).toContain('not both');
    const asOf = await run('import', 'organisations', `${DIR}/organisations.csv`, '--as-of', '29-11-2026');
    expect(asOf).toMatchObject({ status: 1, err: 'Error: "29-11-2026" is not a date (YYYY-MM-DD).\n' });
  });

  it('imports domains and rejects unknown organisations', async () => {
    const ok = await run('import', 'domains', `${DIR}/domains.csv`);
    // Only the mail domain is new: the web domains came with the organisations.
    expect(ok).toMatchObject({ status: 0, out: `Imported domains from ${DIR}/domains.csv: 1 added, 0 removed, 3 unchanged.\n` });
    const unknown = await run('import', 'domains', `${DIR}/domains-unknown.csv`);
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain('  - line 3: unknown organisation gm9999\n');
  });

  it('says how to proceed while another process holds the embedded database', async () => {
    const held = await openStore({ engine: 'pglite', dataDir: path.join(dir, 'data') });
    try {
      const { status, err } = await run('import', 'organisations', `${DIR}/organisations.csv`);
      expect(status).toBe(1);
      expect(err).toMatch(/^Error: The embedded database in .* is in use by another Thorbecke process/);
    } finally {
      await held.close();
    }
  });
});
