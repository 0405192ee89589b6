/**
 * Issue 4, embedded: `npm start` (thorbecke serve) is killed with SIGKILL in the middle of a requested scan,
 * started again, and finishes the scan. Compared with an uninterrupted scan of the same domains in another
 * data folder: the same status for every domain and check, nothing lost (every domain done before the kill
 * has its results from before the kill) and nothing doubled (one current observation per domain and check,
 * nothing else). Needs root and unbound/ldnsutils: skipped without, a failure in CI. Uses 127.51.0.0/16.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { runCli, startCli, type CliProcess } from '../support/processes.js';
import { startScanNetwork, testnetUnavailable, type ScanNetwork } from '../support/scan-network.js';

const DOMAINS = 120;
const unavailable = testnetUnavailable();
if (unavailable !== undefined && process.env.CI === 'true') throw new Error(`the embedded crash test cannot run in CI: ${unavailable}`);

const dir = mkdtempSync(join(tmpdir(), 'thorbecke-crash-'));
const interrupted = join(dir, 'interrupted');
const uninterrupted = join(dir, 'uninterrupted');
let network: ScanNetwork | undefined;
const servers: CliProcess[] = [];

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await network?.net.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Progress { total: number; done: number; failed: number }

/** Starts `thorbecke serve` on the data folder and waits until it has written its server file. */
async function serve(env: Record<string, string>): Promise<{ server: CliProcess; url: string }> {
  const file = join(env.THORBECKE_DATA_DIR ?? '', 'server.json');
  // After a SIGKILL the folder's lock is released once it is stale (15 s): start again until it is.
  for (let attempt = 0; attempt < 12; attempt++) {
    rmSync(file, { force: true });
    const server = startCli(['serve'], env);
    servers.push(server);
    for (let i = 0; i < 600 && server.child.exitCode === null; i++) {
      if (existsSync(file)) return { server, url: (JSON.parse(readFileSync(file, 'utf8')) as { url: string }).url };
      await sleep(100);
    }
    const status = await server.exited;
    if (!/in use by another Thorbecke process/.test(server.stderr())) throw new Error(`serve ended with ${String(status)}: ${server.stderr()}`);
    await sleep(2000);
  }
  throw new Error('the data folder stayed locked');
}

async function progress(url: string, run: number): Promise<Progress> {
  const response = await fetch(new URL(`api/v1/scans/${String(run)}`, url));
  return (await response.json()) as Progress;
}

/** Per domain and check: the current status; and every row's state, to find doubles. */
async function observations(dataDir: string): Promise<{ statuses: Map<string, string>; rows: { domain: string; check_id: string; state: string; first_seen: Date }[] }> {
  const store: Store = await openStore({ engine: 'pglite', dataDir });
  try {
    const { rows } = await sql<{ domain: string; check_id: string; state: string; status: string; first_seen: Date }>`
      select domain, check_id, state, status, first_seen from observation order by domain, check_id`.execute(store.db);
    return { statuses: new Map(rows.filter((r) => r.state === 'current').map((r) => [`${r.domain} ${r.check_id}`, r.status])), rows };
  } finally {
    await store.close();
  }
}

describe.skipIf(unavailable !== undefined)(`the embedded server killed mid-scan${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let common: Record<string, string>;

  beforeAll(async () => {
    network = await startScanNetwork(dir, { base: '127.51', count: DOMAINS, organisations: 6 });
    common = { ...network.scannerEnv, THORBECKE_SCAN_TIMEOUT: '3', THORBECKE_SCAN_JOB_EXPIRY: '30', THORBECKE_SCAN_RETRY_DELAY: '1', THORBECKE_SCHEDULER: 'off', PORT: '0' };
    for (const dataDir of [interrupted, uninterrupted]) {
      for (const args of [['import', 'organisations', network.organisationsCsv], ['import', 'domains', network.domainsCsv]]) {
        const r = await runCli(args, { ...common, THORBECKE_DATA_DIR: dataDir });
        expect(r.status, r.err).toBe(0);
      }
    }
  }, 240_000);

  it('finishes the scan after a restart with the results of an uninterrupted run, nothing lost or doubled', async () => {
    const env = { ...common, THORBECKE_DATA_DIR: interrupted };
    const first = await serve(env);
    const queued = await runCli(['scan', '--all', '--json'], env);
    expect(queued.status, queued.err).toBe(0);
    const { run, total } = JSON.parse(queued.out) as { run: number; total: number };
    expect(total).toBe(DOMAINS);

    let before: Progress = { total, done: 0, failed: 0 };
    for (let i = 0; i < 1200 && before.done < DOMAINS / 3; i++) {
      await sleep(100);
      before = await progress(first.url, run);
    }
    expect(before.done).toBeLessThan(DOMAINS);
    const killedAt = new Date();
    first.server.child.kill('SIGKILL');
    expect(await first.server.exited).toBe(137);

    // Meanwhile, the same scan without interruption in the other folder.
    const straight = await runCli(['scan', '--all', '--wait', '--json'], { ...common, THORBECKE_DATA_DIR: uninterrupted });
    expect(straight.status, straight.err).toBe(0);

    const second = await serve(env);
    let after = await progress(second.url, run);
    for (let i = 0; i < 600 && after.done + after.failed < total; i++) {
      await sleep(250);
      after = await progress(second.url, run);
    }
    expect(after).toMatchObject({ total, done: total, failed: 0 });
    second.server.child.kill('SIGTERM');
    expect(await second.server.exited).toBe(0);

    const a = await observations(interrupted);
    const b = await observations(uninterrupted);
    expect(a.statuses.size).toBe(DOMAINS * 38);
    expect(Object.fromEntries(a.statuses)).toEqual(Object.fromEntries(b.statuses));
    // Nothing doubled: one row per domain and check, the current one.
    expect(a.rows.filter((r) => r.state !== 'current')).toEqual([]);
    // Nothing lost: every domain reported done before the kill kept the results it had then.
    const before_ = new Set(a.rows.filter((r) => r.first_seen < killedAt).map((r) => r.domain));
    expect(before_.size).toBeGreaterThanOrEqual(before.done);
  }, 600_000);
});
