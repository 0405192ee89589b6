import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'test/support/cli-entry.ts');

/** A `thorbecke` process started from source, with its output collected. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (signals count as 128 + n). */
  exited: Promise<number>;
}

/** Starts `thorbecke ARGS` from source with only the given settings (plus PATH and HOME) in its environment. */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => (code as number | null) ?? 128 + signalNumber(signal as NodeJS.Signals | null));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : signal === 'SIGINT' ? 2 : 0;
}

/** Runs `thorbecke ARGS` to completion. */
export async function runCli(args: string[], env: Record<string, string>): Promise<{ status: number; out: string; err: string }> {
  const p = startCli(args, env);
  const status = await p.exited;
  return { status, out: p.stdout(), err: p.stderr() };
}

/** Waits until `serve` prints its address; fails with its output when it exits or takes too long. */
export async function serverUrl(p: CliProcess, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /running at (http:\/\/\S+\/)/.exec(p.stdout());
    if (match?.[1] !== undefined) return match[1];
    if (p.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`serve did not start.\nstdout:\n${p.stdout()}\nstderr:\n${p.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
