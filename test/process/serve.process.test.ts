import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresAvailable } from '../support/engines.js';
import { runCli, serverUrl, startCli, type CliProcess } from '../support/processes.js';

/** `thorbecke serve` as a real process, the way `npm start` runs it. */
describe('thorbecke serve (embedded database)', () => {
  let dataDir: string;
  let server: CliProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'thorbecke-serve-'));
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on a free port, applies the default strategy, says how to import, and serves pages and the API', async () => {
    server = startCli(['serve'], { PORT: '0', THORBECKE_DATA_DIR: dataDir });
    const url = await serverUrl(server);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.stderr()).toContain('Applied the default strategy');
    expect(server.stderr()).toContain('npx thorbecke import organisations --download');

    const priorities = (await (await fetch(`${url}api/v1/priorities`)).json()) as { items: unknown[] };
    expect(priorities.items).toHaveLength(6);
    const home = await fetch(url);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${url}healthz`)).status).toBe(200);
  });

  it('refuses an import while it runs, with a message that says what to do, and changes nothing', async () => {
    const second = await runCli(['import', 'organisations', 'test/fixtures/federation/organisations.csv'], { THORBECKE_DATA_DIR: dataDir });
    expect(second.status).toBe(1);
    expect(second.err).toContain('in use by another Thorbecke process');
    expect(second.err).toContain('DATABASE_URL');
    const url = await serverUrl(server ?? startCli([], {}));
    const list = (await (await fetch(`${url}api/v1/organisations`)).json()) as { total: number };
    expect(list.total).toBe(0);
  });

  it('stops on SIGTERM, releasing the database for an import, and serves what was imported after a restart', async () => {
    if (!server) throw new Error('no server');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const again = await runCli(['strategy', 'history'], { THORBECKE_DATA_DIR: dataDir });
    expect(again.status).toBe(0);
    expect(again.out).toContain('thorbecke (first start)');
    const imported = await runCli(['import', 'organisations', 'test/fixtures/federation/organisations.csv'], { THORBECKE_DATA_DIR: dataDir });
    expect(imported.status).toBe(0);
    expect(imported.out).toMatch(/^Imported 8 organisations .*\b8 added\b/);
    // Still one version: a restart does not re-apply an unchanged strategy.
    server = startCli(['serve'], { PORT: '0', THORBECKE_DATA_DIR: dataDir });
    const url = await serverUrl(server);
    expect(server.stderr()).not.toContain('Applied the default strategy');
    expect(server.stderr()).not.toContain('No organisations yet');
    const amsterdam = (await (await fetch(`${url}api/v1/organisations/gm0363`)).json()) as { name: string; provinceCode: string };
    expect(amsterdam).toMatchObject({ name: 'Gemeente Amsterdam', provinceCode: 'pv27' });
    const page = await (await fetch(`${url}organisations?q=amsterdam`)).text();
    expect(page).toContain('href="/organisations/gm0363"');
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });
});

describe.skipIf(!postgresAvailable)('thorbecke serve (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const servers: CliProcess[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await database.drop();
  });

  it('lets several processes start at once on one database: one schema, one strategy version', async () => {
    const env = { PORT: '0', DATABASE_URL: database.url };
    servers.push(startCli(['serve'], env), startCli(['serve'], env), startCli(['serve'], env));
    const urls = await Promise.all(servers.map((s) => serverUrl(s)));
    for (const url of urls) {
      const res = await fetch(`${url}api/v1/priorities`);
      expect(res.status).toBe(200);
    }
    const history = await runCli(['strategy', 'history'], { DATABASE_URL: database.url });
    expect(history.status).toBe(0);
    expect(history.out.match(/thorbecke \(first start\)/g)).toHaveLength(1);
  });
});
