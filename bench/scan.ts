/**
 * Scan benchmark: `npm run bench:scan [-- --domains N] [--concurrency C] [--base 127.N] [--organisations K]`.
 *
 * Starts the sealed test network with N (2,000) benchmark domains (needs root, unbound and ldnsutils), registers
 * them to K (100) test municipalities, and measures a full web + mail round, then an unchanged second round:
 *   - embedded: `thorbecke scan --all --wait` on a PGlite data folder (the same scan workers as `npm start`);
 *   - PostgreSQL: two `thorbecke worker` processes sharing the queue, the round requested by `thorbecke scan`.
 * Next to each, the raw rate of `thorbecke check` over the same domains (one process, and --workers 2).
 * Prints domains per second, p95 time per domain (from the workers' debug lines), peak RSS per process, and the
 * rows and bytes each round added to the observation tables. Nothing is asserted: the figures go into the README.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from '../src/store/db.js';
import type { TestnetState } from '../src/testnet/state.js';
import { bin, mb, optionOf, sampler, startNetwork } from './processes.js';

const args = process.argv.slice(2);
const option = optionOf(args);
const domainsWanted = Number(option('--domains', '2000'));
const concurrency = Number(option('--concurrency', '64'));
const organisations = Number(option('--organisations', '100'));
const base = option('--base', '127.45');
const adminUrl = option('--postgres', process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

interface Round { seconds: number; rate: number; p95: number; peaks: Map<number, number>; rows: number; bytes: number; observations: number; evidence: number }

function scannerEnv(state: TestnetState): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp',
    THORBECKE_RESOLVER: state.resolver, THORBECKE_CA_FILE: state.caFile, THORBECKE_ALLOW_TARGETS: state.allowTargets,
    THORBECKE_RPKI_ROAS: state.rpkiRoas, THORBECKE_RPKI_ORIGINS: state.rpkiOrigins,
    THORBECKE_SCHEDULER: 'off', LOG_LEVEL: 'debug',
  };
}

function run(argv: string[], env: Record<string, string>, log?: string): ChildProcess & { done: Promise<number> } {
  const child = spawn(process.execPath, [bin, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (log !== undefined) child.stderr.pipe(createWriteStream(log, { flags: 'a' }));
  else child.stderr.resume();
  child.stdout.resume();
  const done = new Promise<number>((resolve) => child.once('close', (code) => { resolve(code ?? 1); }));
  return Object.assign(child, { done });
}

async function must(argv: string[], env: Record<string, string>): Promise<void> {
  const status = await run(argv, env).done;
  if (status !== 0) throw new Error(`thorbecke ${argv.join(' ')} ended with ${String(status)}`);
}

/** The p95 of the `ms` of every "Scanned" debug line logged since `from` (bytes into the log). */
function p95From(log: string, from: number): number {
  const text = readFileSync(log, 'utf8').slice(from);
  const ms = text.split('\n').filter((l) => l.includes('"msg":"Scanned"')).map((l) => (JSON.parse(l) as { ms: number }).ms).sort((a, b) => a - b);
  return ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))] ?? 0;
}

async function tableFigures(db: Store['db']): Promise<{ observations: number; evidence: number; bytes: number }> {
  const { rows } = await sql<{ observations: number; evidence: number; bytes: number }>`
    select (select count(*) from observation)::int as observations, (select count(*) from observation_evidence)::int as evidence,
           (pg_total_relation_size('observation') + pg_total_relation_size('observation_evidence'))::bigint as bytes`.execute(db);
  const r = rows[0];
  return { observations: r?.observations ?? 0, evidence: r?.evidence ?? 0, bytes: r?.bytes ?? 0 };
}

/** One round: `thorbecke scan --all --wait`; the figures come from `figures` (a store opened after the round on PGlite). */
async function round(env: Record<string, string>, watched: () => number[], logs: string[], figures: () => Promise<{ observations: number; evidence: number; bytes: number }>, before: { observations: number; evidence: number; bytes: number }, scanLog: string): Promise<Round & { after: { observations: number; evidence: number; bytes: number } }> {
  const offsets = logs.map((l) => { try { return readFileSync(l).length; } catch { return 0; } });
  const started = performance.now();
  const scan = run(['scan', '--all', '--wait', '--json'], env, scanLog);
  const watch = sampler(() => [...watched(), scan.pid ?? 0]);
  const status = await scan.done;
  const { peaks } = watch.stop();
  const seconds = (performance.now() - started) / 1000;
  if (status !== 0) throw new Error(`the scan round ended with ${String(status)}; see ${scanLog}`);
  const after = await figures();
  const p95 = Math.max(...logs.map((l, i) => p95From(l, offsets[i] ?? 0)));
  return {
    seconds, rate: domainsWanted / seconds, p95, peaks, after,
    rows: after.observations - before.observations + (after.evidence - before.evidence), bytes: after.bytes - before.bytes,
    observations: after.observations - before.observations, evidence: after.evidence - before.evidence,
  };
}

function report(name: string, rounds: Round[], raw: number, labels: Map<number, string>): void {
  console.log(`\n${name}:`);
  rounds.forEach((r, i) => {
    const peaks = [...r.peaks.entries()].filter(([pid]) => labels.has(pid)).map(([pid, kb]) => `${labels.get(pid) ?? String(pid)} ${mb(kb)}`).join(', ');
    console.log(`  round ${String(i + 1)}: ${r.rate.toFixed(1)} domains/s (${r.seconds.toFixed(1)} s; ${(100 * r.rate / raw).toFixed(0)}% of the raw check rate ${raw.toFixed(1)}/s), p95 ${String(r.p95)} ms per domain`);
    console.log(`           added ${String(r.observations)} observation rows + ${String(r.evidence)} evidence rows (${(r.bytes / 1024 / 1024).toFixed(1)} MB); peak RSS ${peaks}`);
  });
  const [first, second] = rounds;
  if (first && second) console.log(`  unchanged second round: ${(100 * second.rows / Math.max(first.rows, 1)).toFixed(2)}% of the first round's rows`);
}

async function rawRate(state: TestnetState, domains: readonly string[], workers: number): Promise<number> {
  const started = performance.now();
  const env = scannerEnv(state);
  const status = await run(['check', '--json', '--workers', String(workers), '--concurrency', String(concurrency), '--resolver', state.resolver, '--ca-file', state.caFile,
    '--allow-targets', state.allowTargets, '--rpki-roas', state.rpkiRoas, '--rpki-origins', state.rpkiOrigins, ...domains], env).done;
  if (status > 1) throw new Error(`thorbecke check ended with ${String(status)}`);
  return domains.length / ((performance.now() - started) / 1000);
}

function federationFiles(dir: string, domains: readonly string[]): { organisations: string; domains: string } {
  const codes = Array.from({ length: organisations }, (_, i) => `gm${String(8001 + i)}`);
  const orgFile = path.join(dir, 'organisations.csv');
  writeFileSync(orgFile, ['type,tooi_code,name', ...codes.map((c, i) => `gemeente,${c},Benchgemeente ${String(i + 1)}`)].join('\n') + '\n');
  const domainFile = path.join(dir, 'domains.csv');
  writeFileSync(domainFile, ['organisation,domain,kind', ...domains.flatMap((d, i) => [`${codes[i % codes.length] ?? ''},${d},web`, `${codes[i % codes.length] ?? ''},${d},mail`])].join('\n') + '\n');
  return { organisations: orgFile, domains: domainFile };
}

async function embedded(dir: string, state: TestnetState, files: { organisations: string; domains: string }, raw: number): Promise<void> {
  const dataDir = path.join(dir, 'embedded');
  const env = { ...scannerEnv(state), THORBECKE_DATA_DIR: dataDir, THORBECKE_SCAN_CONCURRENCY: String(concurrency) };
  await must(['import', 'organisations', files.organisations], env);
  await must(['import', 'domains', files.domains], env);
  const log = path.join(dir, 'embedded.log');
  const figures = async () => {
    const store = await openStore({ engine: 'pglite', dataDir });
    try { return await tableFigures(store.db); } finally { await store.close(); }
  };
  const rounds: Round[] = [];
  let before = await figures();
  for (let i = 0; i < 2; i++) {
    const r = await round(env, () => [], [log], figures, before, log);
    before = r.after;
    rounds.push(r);
  }
  const labels = new Map<number, string>();
  for (const r of rounds) for (const pid of r.peaks.keys()) labels.set(pid, 'scan process');
  report(`embedded (PGlite), thorbecke scan --all --wait, concurrency ${String(concurrency)}`, rounds, raw, labels);
}

async function postgres(dir: string, state: TestnetState, files: { organisations: string; domains: string }, raw: number): Promise<void> {
  const name = `thorbecke_bench_${String(process.pid)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = { ...scannerEnv(state), DATABASE_URL: url.toString() };
  const store = await openStore({ engine: 'postgres', url: url.toString() });
  const workers: (ChildProcess & { done: Promise<number> })[] = [];
  try {
    await must(['import', 'organisations', files.organisations], env);
    await must(['import', 'domains', files.domains], env);
    const logs = [path.join(dir, 'worker-1.log'), path.join(dir, 'worker-2.log')];
    for (const log of logs) workers.push(run(['worker', '--concurrency', String(Math.ceil(concurrency / 2))], env, log));
    await sleep(3000);
    const labels = new Map<number, string>(workers.map((w, i) => [w.pid ?? 0, `worker ${String(i + 1)}`]));
    const rounds: Round[] = [];
    let before = await tableFigures(store.db);
    for (let i = 0; i < 2; i++) {
      const r = await round(env, () => workers.map((w) => w.pid ?? 0), logs, () => tableFigures(store.db), before, path.join(dir, 'pg-scan.log'));
      before = r.after;
      rounds.push(r);
    }
    report(`PostgreSQL, two thorbecke worker processes (concurrency ${String(Math.ceil(concurrency / 2))} each)`, rounds, raw, labels);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.done));
    await store.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'thorbecke-bench-scan-'));
  const network = await startNetwork(dir, { base, bench: domainsWanted });
  try {
    const domains = JSON.parse(readFileSync(path.join(dir, 'bench-domains.json'), 'utf8')) as string[];
    console.log(`test network: ${String(domains.length)} benchmark domains for ${String(organisations)} organisations, up in ${network.seconds.toFixed(1)} s`);
    const files = federationFiles(dir, domains);
    const raw1 = await rawRate(network.state, domains, 1);
    console.log(`raw thorbecke check, one process: ${raw1.toFixed(1)} domains/s`);
    await embedded(dir, network.state, files, raw1);
    const raw2 = await rawRate(network.state, domains, 2);
    console.log(`\nraw thorbecke check --workers 2: ${raw2.toFixed(1)} domains/s`);
    await postgres(dir, network.state, files, raw2);
  } finally {
    await network.stop();
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
