/** What the benchmarks share: the test network as a separate process group, and watching processes from /proc. */
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { readState, signalGroup, type TestnetState } from '../src/testnet/state.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bin = path.join(root, 'bin', 'thorbecke.js');
export const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

/** `--name VALUE` from the command line, else the fallback. */
export function optionOf(args: readonly string[]): (name: string, fallback: string) => string {
  return (name, fallback) => {
    const i = args.indexOf(name);
    return i === -1 ? fallback : (args[i + 1] ?? fallback);
  };
}

/** CPU seconds a process has used so far (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Peak resident memory (VmHWM, kB) of a running process, or 0 once it has gone. */
export function peakRssKb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return Number(line?.replace(/\D+/g, '') ?? 0);
  } catch {
    return 0;
  }
}

/** The pids whose parent is `pid` (the worker processes of `check --workers`). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter((p) => p !== '').map(Number);
  } catch {
    return [];
  }
}

/** Samples the peak RSS and CPU of processes (and their children) every 100 ms until stopped. */
export function sampler(pids: () => number[]): { stop: () => { peaks: Map<number, number>; cpu: Map<number, number> } } {
  const peaks = new Map<number, number>();
  const cpu = new Map<number, number>();
  const timer = setInterval(() => {
    for (const p of pids().flatMap((pid) => [pid, ...childrenOf(pid)])) {
      peaks.set(p, Math.max(peaks.get(p) ?? 0, peakRssKb(p)));
      try { cpu.set(p, cpuSeconds(p)); } catch { /* gone */ }
    }
  }, 100);
  return { stop: () => { clearInterval(timer); return { peaks, cpu }; } };
}

/** Starts `thorbecke testnet up --foreground` in its own process group; stop() ends it and unbound. */
export async function startNetwork(dir: string, options: { base: string; bench: number }): Promise<{ state: TestnetState; seconds: number; stop: () => Promise<void> }> {
  const started = performance.now();
  const log = openSync(path.join(dir, 'testnet.log'), 'w');
  // Detached: its own process group, so that stopping it stops unbound too, whatever state the start is in.
  const child = spawn(process.execPath, [bin, 'testnet', 'up', '--foreground', '--dir', dir, '--base', options.base, '--bench', String(options.bench)], { stdio: ['ignore', log, log], detached: true });
  const pid = child.pid;
  const stop = async () => {
    if (pid === undefined || !signalGroup(pid, 'SIGTERM')) return;
    for (let i = 0; i < 150 && signalGroup(pid, 0); i++) await sleep(100);
    signalGroup(pid, 'SIGKILL');
  };
  // Not in this terminal's process group any more: an interrupted benchmark stops it itself.
  const interrupted = (): void => void stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  for (let i = 0; i < 6000; i++) {
    const state = readState(dir);
    if (state !== undefined && state.pid === child.pid) return { state, seconds: (performance.now() - started) / 1000, stop };
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  await stop();
  throw new Error(`the test network did not start:\n${readFileSync(path.join(dir, 'testnet.log'), 'utf8').slice(-2000)}`);
}
