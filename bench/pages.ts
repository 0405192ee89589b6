/**
 * Page benchmark: `npm run bench:pages [-- --organisations 1500] [--domains 20000] [--weeks 104] [--connections 100]
 * [--duration 20] [--database-url URL] [--keep] [--reuse DIR] [--cpu-prof DIR] [--accept-encoding 'gzip, deflate, br'] [--tool wrk]`.
 *
 * Builds a synthetic federation (bench/federation.ts: organisations, domains, two years of weekly observation
 * history) in a fresh embedded data folder (or an empty PostgreSQL database with --database-url), computes its
 * progress with the progress engine (refreshProgress, then the weekly history), imports the map, starts
 * `thorbecke serve` on its own port (no scanning), and loads the national overview, a target page with its map
 * and an organisation scorecard with autocannon, one page at a time. Prints, per page, requests per second,
 * p50/p95/p99 latency, errors, bytes and the server's CPU per request, and its peak RSS. Requests carry a
 * browser's Accept-Language (nl) and Accept-Encoding. The goal: p95 under 50 ms at 100 connections.
 * --keep keeps the data folder; --reuse DIR serves an earlier one without building (with --database-url,
 * --reuse alone serves the database as it is).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { StrategyService } from '../src/services/strategy.js';
import { openStore, type Store, type StoreTarget } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { rebuildHistory } from '../src/store/progress-history.js';
import { refreshProgress } from '../src/store/progress-refresh.js';
import type { Strategy } from '../src/strategy/schema.js';
import { defaultStrategyFile } from '../src/config/paths.js';
import { buildFederation } from './federation.js';
import { load, timedGet, type LoadFigures } from './load.js';
import { loadWithWrk } from './wrk.js';
import { bin, cpuSeconds, mb, optionOf, root, sampler } from './processes.js';

const args = process.argv.slice(2);
const option = optionOf(args);
const size = {
  organisations: Number(option('--organisations', '1500')),
  domains: Number(option('--domains', '20000')),
  weeks: Number(option('--weeks', '104')),
};
const connections = Number(option('--connections', '100'));
const duration = Number(option('--duration', '20'));
const databaseUrl = option('--database-url', '');
const reuse = args.includes('--reuse');
const reuseDir = option('--reuse', '');
const cpuProf = option('--cpu-prof', '');
// As browsers send it; `--accept-encoding ''` measures uncompressed pages.
const acceptEncoding = option('--accept-encoding', 'gzip, deflate, br');
// autocannon (a dev dependency) by default; `--tool wrk` uses Debian's wrk, which needs less CPU of the two cores.
const tool = option('--tool', 'autocannon');
const mapFile = path.resolve(root, option('--map', '../shared/data/nl-municipalities-provinces.topojson'));
const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function storeTarget(dataDir: string): StoreTarget {
  return databaseUrl !== '' ? { engine: 'postgres', url: databaseUrl } : { engine: 'pglite', dataDir };
}

function serverEnv(dataDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp',
    ...(databaseUrl !== '' ? { DATABASE_URL: databaseUrl } : { THORBECKE_DATA_DIR: dataDir }),
    THORBECKE_SCHEDULER: 'off', THORBECKE_SERVE_WORKERS: 'off', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1',
  };
}

/** Weekly history of every organisation from the observation intervals (rebuildHistory), with progress lines. */
async function rebuildWeeklyHistory(store: Store, strategy: Strategy): Promise<string> {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - size.weeks * 7 * 86_400_000).toISOString().slice(0, 10);
  let shown = 0;
  const since = performance.now();
  const onProgress = (done: number, total: number): void => {
    if (done < total && done < shown + total / 10) return;
    shown = done;
    console.log(`  history: ${String(done)} of ${String(total)} organisations (${seconds(since)})`);
  };
  const outcome = await rebuildHistory(store.db, strategy, { from, to, onProgress });
  return `${from} … ${to}: ${String(outcome.weeks)} weeks, ${String(outcome.rows)} rows`;
}

async function build(dataDir: string): Promise<void> {
  const store = await openStore(storeTarget(dataDir));
  try {
    let since = performance.now();
    await migrateToLatest(store.db);
    const strategies = new StrategyService(store.db);
    await strategies.ensureInitial(defaultStrategyFile, 'bench/pages.ts');
    const current = await strategies.current();
    if (current === undefined) throw new Error('no strategy applied');
    const existing = await sql<{ n: number }>`select count(*)::int as n from organisation`.execute(store.db);
    if ((existing.rows[0]?.n ?? 0) > 0) throw new Error('the database already holds organisations: give an empty one, or --reuse to serve it');
    const built = await buildFederation(store.db, current.strategy, size, existsSync(mapFile) ? mapFile : undefined);
    console.log(`synthetic federation: ${String(built.organisations)} organisations, ${String(built.assets)} assets (web + mail) of ${String(size.domains)} domains, ` +
      `${String(built.observations)} observation rows over ${String(size.weeks)} weeks; built in ${seconds(since)}`);
    since = performance.now();
    const refreshed = await refreshProgress(store.db, current.strategy, { all: true });
    console.log(`refreshProgress(all): ${String(refreshed.organisations)} organisations in ${seconds(since)}`);
    since = performance.now();
    console.log(`weekly history: ${await rebuildWeeklyHistory(store, current.strategy)} (${seconds(since)})`);
    const rows = await sql<{ progress: number; history: number; aggregate_history: number }>`
      select (select count(*) from progress)::int as progress, (select count(*) from progress_history)::int as history,
        (select count(*) from progress_aggregate_history)::int as aggregate_history`.execute(store.db);
    const r = rows.rows[0];
    console.log(`progress rows: ${String(r?.progress ?? 0)} current, ${String(r?.history ?? 0)} weekly history, ${String(r?.aggregate_history ?? 0)} weekly aggregates`);
  } finally {
    await store.close();
  }
}

/** The municipality with the most domains: the heaviest ordinary scorecard. */
async function pickOrganisation(dataDir: string): Promise<{ code: string; domains: number }> {
  const store = await openStore(storeTarget(dataDir));
  try {
    const row = await sql<{ code: string; domains: number }>`
      select o.code, count(distinct a.name)::int as domains from organisation o
      join asset_owner ao on ao.organisation_code = o.code join asset a on a.id = ao.asset_id
      where o.layer = 'gemeente' group by o.code order by domains desc, o.code limit 1`.execute(store.db);
    const found = row.rows[0];
    if (found === undefined) throw new Error('no municipality with domains');
    return found;
  } finally {
    await store.close();
  }
}

function importMap(dataDir: string): void {
  if (!existsSync(mapFile)) {
    console.log(`map: ${mapFile} not found; the target page is served without one`);
    return;
  }
  const result = spawnSync(process.execPath, [bin, 'import', 'map', mapFile], { env: serverEnv(dataDir), encoding: 'utf8' });
  const said = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-2).join(' ');
  console.log(result.status === 0 ? `map imported: ${said}` : `map NOT imported (thorbecke import map ended with ${String(result.status)}): ${said}`);
}

/**
 * Starts `thorbecke serve` and waits until it listens and has done its start-up progress refresh (every
 * organisation, once a day), so that the load measures serving alone.
 */
async function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string; done: Promise<number> }> {
  const nodeArgs = cpuProf !== '' ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [];
  const child = spawn(process.execPath, [...nodeArgs, bin, 'serve'], { env: serverEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<number>((resolve) => child.once('close', (code) => { resolve(code ?? 1); }));
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /running at (http:\/\/\S+?)\/? /.exec(output);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    void done.then((code) => { reject(new Error(`thorbecke serve ended with ${String(code)}:\n${output.slice(-2000)}`)); });
  });
  const since = performance.now();
  for (let i = 0; i < 6000 && !output.includes('"msg":"progress refreshed"') && child.exitCode === null; i++) await sleep(100);
  const line = output.split('\n').find((l) => l.includes('"msg":"progress refreshed"'));
  const figures = line === undefined ? undefined : (JSON.parse(line) as { organisations?: number; ms?: number });
  console.log(`server start-up progress refresh: waited ${seconds(since)}` +
    (figures === undefined ? ' (none logged)' : ` (${String(figures.organisations)} organisations in ${String(figures.ms)} ms)`));
  return { child, url, done };
}

function row(name: string, f: LoadFigures): string {
  return `| ${name} | ${f.perSecond.toFixed(0)} | ${f.p50.toFixed(0)} | ${f.p95.toFixed(0)} | ${f.p99.toFixed(0)} | ${String(f.errors + f.non2xx)} | ${(f.bytes / 1024).toFixed(0)} kB |`;
}

async function serveAndLoad(dataDir: string): Promise<void> {
  const organisation = await pickOrganisation(dataDir);
  importMap(dataDir);
  const server = await startServe(dataDir);
  const pid = server.child.pid ?? 0;
  const watch = sampler(() => [pid]);
  const headers: Record<string, string> = { 'Accept-Language': 'nl', ...(acceptEncoding !== '' ? { 'Accept-Encoding': acceptEncoding } : {}) };
  const pages: [string, string][] = [
    ['national overview /progress', '/progress'],
    ['target page with map /targets/forum-web-all', '/targets/forum-web-all'],
    [`scorecard /organisations/${organisation.code} (synthetic, ${String(organisation.domains)} domains)`, `/organisations/${organisation.code}`],
  ];
  const results: [string, LoadFigures][] = [];
  try {
    console.log(`\nthorbecke serve at ${server.url} (pid ${String(pid)}); ${String(connections)} connections, ${String(duration)} s per page, ` +
      `Accept-Language: nl, Accept-Encoding: ${acceptEncoding === '' ? '(none)' : acceptEncoding}; load from ${tool}`);
    for (const [name, page] of pages) {
      const cold = await timedGet(server.url + page, headers);
      const warm = await timedGet(server.url + page, headers);
      console.log(`  ${name}: first request ${cold.ms.toFixed(0)} ms (status ${String(cold.status)}, ${(cold.bytes / 1024).toFixed(0)} kB), ` +
        `second ${warm.ms.toFixed(0)} ms (${(warm.sent / 1024).toFixed(0)} kB as sent); page cache: ${warm.cache ?? 'off (no progressVersion wired)'}`);
      await load(server.url + page, { connections: 10, seconds: 2, headers });
      console.log(`    load average before the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores; other processes distort the figures)`);
      const cpuBefore = cpuSeconds(pid);
      const clientBefore = process.cpuUsage();
      const figures = await (tool === 'wrk' ? loadWithWrk : load)(server.url + page, { connections, seconds: duration, headers });
      const cpuMs = (1000 * (cpuSeconds(pid) - cpuBefore)) / Math.max(figures.requests, 1);
      const client = process.cpuUsage(clientBefore);
      const clientShare = (client.user + client.system) / 1e6 / figures.seconds;
      results.push([name, figures]);
      console.log(`    ${figures.perSecond.toFixed(0)} requests/s; latency p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, ` +
        `max ${figures.max.toFixed(0)} ms; ${String(figures.errors)} errors, ${String(figures.non2xx)} non-2xx; ${(figures.bytes / 1024).toFixed(1)} kB per response; ` +
        `server CPU ${cpuMs.toFixed(2)} ms per request (${(cpuMs * figures.perSecond / 10).toFixed(0)}% of a core)` +
        (tool === 'wrk' ? '' : `, load generator ${(100 * clientShare).toFixed(0)}% of a core`) +
        (figures.p95 < 50 ? '  (goal p95 < 50 ms: met)' : '  (goal p95 < 50 ms: NOT met)'));
    }
  } finally {
    const { peaks } = watch.stop();
    server.child.kill('SIGTERM');
    await server.done;
    console.log(`\nserver peak RSS: ${mb(peaks.get(pid) ?? 0)}`);
  }
  console.log('\n| page (synthetic federation) | requests/s | p50 ms | p95 ms | p99 ms | errors | size |\n|---|---|---|---|---|---|---|');
  for (const [name, f] of results) console.log(row(name, f));
}

async function main(): Promise<void> {
  const dataDir = reuseDir !== '' && databaseUrl === '' ? path.resolve(reuseDir) : mkdtempSync(path.join(tmpdir(), 'thorbecke-bench-pages-'));
  const keep = args.includes('--keep') || reuse;
  console.log(`Node.js ${process.version}; data: ${databaseUrl !== '' ? 'PostgreSQL' : `embedded (PGlite) in ${dataDir}`}`);
  try {
    if (!reuse) {
      console.log(`building a synthetic federation: ${String(size.organisations)} organisations, ${String(size.domains)} domains, ${String(size.weeks)} weeks of history`);
      const since = performance.now();
      await build(dataDir);
      console.log(`building took ${seconds(since)} in all`);
    }
    await serveAndLoad(dataDir);
  } finally {
    if (keep) console.log(`\ndata kept: serve it again with \`npm run bench:pages -- --reuse ${dataDir}\``);
    else if (databaseUrl === '') rmSync(dataDir, { recursive: true, force: true });
  }
  await sleep(0);
}

await main();
