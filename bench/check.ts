/**
 * Check benchmark: `npm run bench:check [-- --domains N] [--concurrency C] [--sample S] [--base 127.N]`.
 *
 * Starts the sealed test network with N (2,000) benchmark domains that behave like the scenarios (needs
 * root, unbound and ldnsutils), runs the real `thorbecke check --json` over all of them (web and mail) as a
 * separate process, and prints domains per second, TLS handshakes and SMTP sessions per domain (counted by
 * the network's servers), and the scanner's peak RSS (per process, with --workers W, default the core count). Then it times sslscan and nmap's ssl-enum-ciphers
 * (Debian packages sslscan and nmap) on S (20) of the network's web servers, next to Thorbecke's own TLS
 * gathering of the same servers. Nothing is asserted: the figures go into the README.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAddressPolicy, parseCidrList } from '../src/scan/address-policy.js';
import { evaluateCiphers } from '../src/checks/tls/evaluate.js';
import type { TlsFacts } from '../src/checks/tls/facts.js';
import { gatherTls } from '../src/checks/tls/gather.js';
import { addressPlan } from '../src/testnet/address-plan.js';
import { SCENARIOS, scenarioDomain } from '../src/testnet/scenarios.js';
import { differences, nmapReport, sslscanVersions } from './tool-compare.js';
import { statsFile, type TestnetState } from '../src/testnet/state.js';
import { bin, cpuSeconds, mb, optionOf, sampler, startNetwork } from './processes.js';

const args = process.argv.slice(2);
const option = optionOf(args);
const domainsWanted = Number(option('--domains', '2000'));
const concurrency = Number(option('--concurrency', '64'));
const workers = Number(option('--workers', String(availableParallelism())));
const sampleSize = Number(option('--sample', '20'));
const base = option('--base', '127.45');

interface Counters { tlsConnections: number; httpRequests: number; smtpConnections: number }

async function networkStats(dir: string, pid: number): Promise<Counters> {
  const file = statsFile(dir);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 50 && !existsSync(file); i++) await sleep(100);
  return JSON.parse(readFileSync(file, 'utf8')) as Counters;
}

/** Runs `thorbecke check` over every domain and watches it (and its worker processes) from outside. */
async function runCheck(state: TestnetState, domains: readonly string[]): Promise<{ seconds: number; peakKb: number; totalPeakKb: number; cpu: number; lines: string[] }> {
  const started = performance.now();
  const child = spawn(process.execPath, [
    bin, 'check', '--json', '--workers', String(workers), '--concurrency', String(concurrency), '--resolver', state.resolver, '--ca-file', state.caFile,
    '--allow-targets', state.allowTargets, '--rpki-roas', state.rpkiRoas, '--rpki-origins', state.rpkiOrigins, ...domains,
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const pid = child.pid ?? 0;
  const watch = sampler(() => [pid]);
  await new Promise<void>((resolve) => child.once('close', () => { resolve(); }));
  const { peaks, cpu: cpuOf } = watch.stop();
  // Each process's own CPU at its last sample (up to 100 ms of each may be missed).
  const cpu = [...cpuOf.values()].reduce((a, b) => a + b, 0);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  return { seconds: (performance.now() - started) / 1000, peakKb: Math.max(0, ...peaks.values()), totalPeakKb: [...peaks.values()].reduce((a, b) => a + b, 0), cpu, lines };
}

const TOOL_TIMEOUT_MS = 120_000;

/** Seconds one tool run took, or why it failed (it did not start, timed out, or exited with an error). */
function timed(command: string, commandArgs: string[]): { seconds: number; output: string } | { failed: string } {
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8', timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return { failed: code === 'ETIMEDOUT' ? `timed out after ${TOOL_TIMEOUT_MS / 1000} s` : result.error.message };
  }
  if (result.signal !== null) return { failed: `ended by ${result.signal}` };
  if (result.status !== 0) return { failed: `exit status ${String(result.status)}` };
  return { seconds: (performance.now() - started) / 1000, output: result.stdout };
}

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** sslscan, nmap ssl-enum-ciphers and Thorbecke's TLS gathering, one web server at a time. */
async function compareTools(state: TestnetState): Promise<void> {
  const plan = addressPlan(base);
  // The scenarios that change TLS settings first: they are where tools can disagree.
  const servers = SCENARIOS.flatMap((s, index) => (s.web?.profile.tls === undefined || s.hostileDns !== undefined ? [] : [{ domain: scenarioDomain(s), address: plan.host('web', index, s.web.route ?? 'valid'), tweaks: Object.keys(s.web.profile.tls).length }]))
    .sort((a, b) => b.tweaks - a.tweaks)
    .slice(0, sampleSize);
  const ours = new Map<string, TlsFacts>();
  const disagreements: string[] = [];
  const policy = createAddressPolicy({ allow: parseCidrList(state.allowTargets) });
  const caPems = [readFileSync(state.caFile, 'utf8')];
  const rows: { tool: string; total: number; handshakes?: number; failed?: string }[] = [];
  let total = 0;
  let handshakes = 0;
  for (const s of servers) {
    const started = performance.now();
    const facts = await gatherTls({ address: s.address, port: 443, serverName: s.domain, policy, extraCaPems: caPems, timeoutMs: 5000 });
    total += (performance.now() - started) / 1000;
    handshakes += facts.handshakes;
    ours.set(s.address, facts);
  }
  rows.push({ tool: 'thorbecke (TLS gathering, all web TLS and certificate checks)', total, handshakes });
  const tools: { tool: string; command: string; args: (s: { domain: string; address: string }) => string[] }[] = [
    { tool: 'sslscan', command: 'sslscan', args: (s) => ['--no-colour', `--sni-name=${s.domain}`, `${s.address}:443`] },
    { tool: 'nmap --script ssl-enum-ciphers', command: 'nmap', args: (s) => ['-Pn', '-n', '-p', '443', '--script', 'ssl-enum-ciphers', s.address] },
  ];
  for (const { tool, command, args: argsFor } of tools) {
    if (!has(command)) {
      console.log(`  ${tool}: not installed (apt-get install ${command})`);
      continue;
    }
    let sum = 0;
    let failed: string | undefined;
    for (const s of servers) {
      const run = timed(command, argsFor(s));
      if ('failed' in run) {
        failed = `failed on ${s.address} (${s.domain}): ${run.failed}`;
        break;
      }
      sum += run.seconds;
      const mine = ours.get(s.address);
      if (mine === undefined) continue;
      const found = command === 'sslscan'
        ? differences(tool, sslscanVersions(run.output), mine)
        : differences(tool, nmapReport(run.output).versions, mine, evaluateCiphers(mine).status, nmapReport(run.output).suites);
      for (const difference of found) disagreements.push(`${s.domain}: ${difference}`);
    }
    rows.push({ tool, total: sum, ...(failed === undefined ? {} : { failed }) });
  }
  console.log(`\nTLS of ${servers.length} web servers, one at a time:`);
  for (const row of rows) {
    if (row.failed !== undefined) {
      console.log(`  ${row.tool.padEnd(64)} ${row.failed}`);
      continue;
    }
    const perHost = row.total / servers.length;
    console.log(`  ${row.tool.padEnd(64)} ${perHost.toFixed(3)} s per server${row.handshakes === undefined ? '' : `, ${(row.handshakes / servers.length).toFixed(1)} handshakes per server`}`);
  }
  console.log(disagreements.length === 0 ? '  verdicts: the tools and Thorbecke agree on every server (versions; suites for nmap)' : '  where verdicts differ:');
  for (const line of disagreements) console.log(`    ${line}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'thorbecke-bench-check-'));
  const network = await startNetwork(dir, { base, bench: domainsWanted });
  try {
    const domains = JSON.parse(readFileSync(path.join(dir, 'bench-domains.json'), 'utf8')) as string[];
    console.log(`test network: ${domains.length} benchmark domains (+${network.state.scenarios.length} scenarios), up in ${network.seconds.toFixed(1)} s`);
    const netPid = network.state.pid;
    const unbound = spawnSync('pgrep', ['-f', `unbound -d -c ${dir}`], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
    const cpuBefore = { net: cpuSeconds(netPid), unbound: unbound ? cpuSeconds(Number(unbound)) : 0 };
    const before = await networkStats(dir, netPid);
    const run = await runCheck(network.state, domains);
    const after = await networkStats(dir, netPid);
    const reports = run.lines.map((line) => JSON.parse(line) as { checks: { status: string }[]; sets: Record<string, string> });
    const statuses: Record<string, number> = {};
    for (const r of reports) for (const c of r.checks) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
    const per = (key: keyof Counters) => ((after[key] - before[key]) / reports.length).toFixed(1);
    console.log(`thorbecke check --json --workers ${workers} --concurrency ${concurrency}, web and mail, ${reports.length} domains:`);
    console.log(`  ${(reports.length / run.seconds).toFixed(1)} domains/s (${run.seconds.toFixed(1)} s), peak RSS ${mb(run.peakKb)} per process (${mb(run.totalPeakKb)} all processes), scanner CPU ${run.cpu.toFixed(1)} s`);
    console.log(`  per domain: ${per('tlsConnections')} TLS connections to web servers, ${per('httpRequests')} HTTP requests, ${per('smtpConnections')} SMTP sessions (a shared MX is measured once per run)`);
    console.log(`  on the same ${availableParallelism()} cores the test network used ${(cpuSeconds(netPid) - cpuBefore.net).toFixed(1)} s CPU, unbound ${unbound ? (cpuSeconds(Number(unbound)) - cpuBefore.unbound).toFixed(1) : '?'} s`);
    console.log(`  results: ${Object.entries(statuses).map(([s, n]) => `${s} ${n}`).join(', ')}`);
    await compareTools(network.state);
  } finally {
    await network.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
