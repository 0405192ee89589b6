/**
 * `thorbecke testnet up|down|status|scenarios`: the sealed test network on this machine. `up` starts it in
 * the background (a detached `testnet up --foreground`, logging to <dir>/testnet.log) and returns once it
 * answers; `down` stops it; `status` says whether it runs and how to use it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { packageRoot } from '../../config/paths.js';
import { ConflictError, InputError, messageOf } from '../../domain/errors.js';
import { startTestnet, type Testnet } from '../../testnet/network.js';
import { missingResolverTools } from '../../testnet/resolver.js';
import { SCENARIOS } from '../../testnet/scenarios.js';
import { checkCommandFor, isRunning, logFile, processStartTime, readState, removeState, signalGroup, stateFile, statsFile, writeJson, type TestnetState } from '../../testnet/state.js';
import { say } from '../context.js';
import { CheckExit } from './check.js';

interface UpOptions {
  dir?: string;
  base: string;
  bench: number;
  foreground?: boolean;
  wait: number;
  ipv6: boolean;
}

const defaultDir = (): string => join(loadConfig().THORBECKE_DATA_DIR, 'testnet');
const dirOf = (options: { dir?: string }): string => resolve(options.dir ?? defaultDir());

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 20_000) throw new InvalidArgumentError('must be a whole number from 0 to 20000');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

function describe(state: TestnetState): void {
  say(`test network running (pid ${state.pid}, since ${state.startedAt})`);
  say(`  resolver       ${state.resolver}`);
  say(`  CA certificate ${state.caFile}`);
  say(`  RPKI data      ${state.rpkiRoas}, ${state.rpkiOrigins}`);
  say(`  allow targets  ${state.allowTargets}`);
  say(`  ${state.scenarios.length} scenario domains, ${state.benchDomains} benchmark domains`);
  say('try:');
  say(`  ${checkCommandFor(state, state.scenarios[0]?.domain ?? 'good.scenario.test')}`);
}

/** Refuses to start a second network in the same folder. */
function assertNotRunning(dir: string): void {
  const state = readState(dir);
  if (state !== undefined && isRunning(state)) throw new ConflictError(`a test network already runs from ${dir} (pid ${state.pid}); stop it with: thorbecke testnet down`);
  if (state !== undefined) removeState(dir);
}

/**
 * Runs the network in this process until SIGTERM or SIGINT. The handlers are there before the start: a signal
 * while it starts aborts the start, which stops whatever had started (unbound too) before this process ends.
 */
async function runForeground(dir: string, options: UpOptions): Promise<void> {
  const missing = missingResolverTools();
  if (missing.length > 0) throw new InputError(`the test network needs ${missing.join(', ')}; install the Debian packages unbound and ldnsutils`);
  const abort = new AbortController();
  let interrupted!: () => void;
  const stopRequested = new Promise<void>((done) => { interrupted = done; });
  const onSignal = (): void => {
    abort.abort();
    interrupted();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  let network: Testnet | undefined;
  let report: (() => void) | undefined;
  try {
    try {
      network = await startTestnet({ dir, base: options.base, bench: options.bench, ipv6: options.ipv6, signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) throw new ConflictError('the test network was stopped while it started; whatever had started is stopped again');
      const text = messageOf(error);
      const hint = /EACCES|EADDRINUSE/.test(text) ? ' (ports 25, 53, 80 and 443 on 127.x need root, and must be free)' : '';
      throw new ConflictError(`the test network could not start: ${text}${hint}`);
    }
    const running = network;
    const pidStart = processStartTime(process.pid);
    const state: TestnetState = {
      pid: process.pid, ...(pidStart === undefined ? {} : { pidStart }), startedAt: new Date().toISOString(), resolver: running.resolver, caFile: running.caFile,
      rpkiRoas: running.rpkiRoas, rpkiOrigins: running.rpkiOrigins, allowTargets: running.allowTargets, scenarios: running.scenarios, benchDomains: running.benchDomains.length,
    };
    report = () => { writeJson(statsFile(dir), { at: new Date().toISOString(), ...running.stats() }); };
    process.on('SIGUSR2', report);
    writeJson(join(dir, 'bench-domains.json'), running.benchDomains);
    writeJson(stateFile(dir), state);
    describe(state);
    await stopRequested;
  } finally {
    if (report !== undefined) process.off('SIGUSR2', report);
    await network?.close();
    removeState(dir);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** Starts the foreground process detached and waits until it has written its state. */
async function runBackground(dir: string, options: UpOptions): Promise<void> {
  const log = openSync(logFile(dir), 'w');
  // The same entry and loader flags as this process (bin/thorbecke.js, or the sources under tsx in tests).
  const entry = process.argv[1] ?? join(packageRoot, 'bin', 'thorbecke.js');
  const args = [...process.execArgv, entry, 'testnet', 'up', '--foreground', '--dir', dir, '--base', options.base, '--bench', String(options.bench), ...(options.ipv6 ? [] : ['--no-ipv6'])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => { exited = code; });
  child.unref();
  const until = Date.now() + options.wait * 1000;
  while (Date.now() < until) {
    const state = readState(dir);
    if (state !== undefined && state.pid === child.pid) {
      describe(state);
      return;
    }
    if (exited !== undefined) break;
    await sleep(200);
  }
  // It is detached, so it leads its own process group: stop the group (unbound included), and wait for it, so that
  // nothing keeps the ports once this returns.
  const pid = child.pid;
  const timedOut = exited === undefined;
  if (timedOut && pid !== undefined && signalGroup(pid, 'SIGTERM')) {
    for (let i = 0; i < 150 && signalGroup(pid, 0); i++) await sleep(100);
    signalGroup(pid, 'SIGKILL');
  }
  const tail = readFileSync(logFile(dir), 'utf8').trim().split('\n').slice(-10).join('\n');
  throw new ConflictError(`the test network did not start${timedOut ? ` within ${options.wait} s (stopped)` : ''}:\n${tail}`);
}

async function up(options: UpOptions): Promise<void> {
  const dir = dirOf(options);
  mkdirSync(dir, { recursive: true });
  assertNotRunning(dir);
  if (options.foreground === true) await runForeground(dir, options);
  else await runBackground(dir, options);
}

async function down(options: { dir?: string }): Promise<void> {
  const dir = dirOf(options);
  const state = readState(dir);
  if (state === undefined || !isRunning(state)) {
    // A pid that is gone, or that another process has since been given: nothing of ours to stop.
    removeState(dir);
    say('the test network is not running');
    return;
  }
  process.kill(state.pid, 'SIGTERM');
  for (let i = 0; i < 150 && isRunning(state); i++) await sleep(100);
  if (isRunning(state)) throw new ConflictError(`the test network (pid ${state.pid}) did not stop within 15 s`);
  removeState(dir);
  say(`test network stopped (pid ${state.pid})`);
}

function status(options: { dir?: string; json?: boolean }): void {
  const state = readState(dirOf(options));
  const running = state !== undefined && isRunning(state) ? state : undefined;
  if (options.json === true) say(JSON.stringify(running ? { running: true, ...running } : { running: false }));
  else if (running) describe(running);
  else say('the test network is not running; start it with: thorbecke testnet up');
  if (!running) throw new CheckExit(1);
}

function scenarios(options: { json?: boolean }): void {
  if (options.json === true) {
    for (const s of SCENARIOS) say(JSON.stringify({ name: s.name, about: s.about, expect: s.expect, sets: s.sets ?? {} }));
    return;
  }
  for (const s of SCENARIOS) {
    say(`${s.name}: ${s.about}`);
    say(`  expects ${Object.entries(s.expect).map(([id, st]) => `${id} ${st ?? ''}`).join(', ')}`);
  }
}

export function registerTestnetCommand(program: Command): void {
  const testnet = program.command('testnet').description('the sealed test network on 127.0.0.0/8: every check proven right and wrong on purpose');
  const dirOption = ['--dir <dir>', 'where the network keeps its files (default: $THORBECKE_DATA_DIR/testnet)'] as const;
  testnet
    .command('up')
    .description('start the test network in the background (needs root for ports 25, 53, 80, 443; Debian packages unbound and ldnsutils)')
    .option(...dirOption)
    .option('--base <127.N>', 'the /16 of 127.0.0.0/8 to use', '127.42')
    .option('--bench <n>', 'extra benchmark domains b0001.bench.test ... that behave like the scenarios', count, 0)
    .option('--wait <seconds>', 'how long to wait for it to answer', seconds, 180)
    .option('--no-ipv6', 'no services on ::1 and no AAAA records (::1 can serve only one network at a time)')
    .option('--foreground', 'run in this process until interrupted')
    .action(up);
  testnet.command('down').description('stop the test network').option(...dirOption).action(down);
  testnet.command('status').description('whether the test network runs, and how to use it (exit 1 when it does not)').option(...dirOption).option('--json', 'as JSON').action(status);
  testnet.command('scenarios').description('the scenarios and the statuses they must get').option('--json', 'JSON Lines').action(scenarios);
}
