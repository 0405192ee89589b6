/**
 * The state file of a running test network (`<dir>/state.json`): what `thorbecke testnet status` shows and
 * what a scanner needs to use it. Written by the process that runs the network, removed when it stops.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { messageOf } from '../domain/errors.js';

export const TestnetStateSchema = z.object({
  pid: z.number().int().positive(),
  /** Start time of `pid` (field 22 of /proc/<pid>/stat, clock ticks since boot), to tell it from a later process
   *  that got the same pid. Absent where /proc is not there (and in state files of older versions). */
  pidStart: z.string().regex(/^\d+$/).optional(),
  startedAt: z.string(),
  resolver: z.string(),
  caFile: z.string(),
  rpkiRoas: z.string(),
  rpkiOrigins: z.string(),
  allowTargets: z.string(),
  scenarios: z.array(z.object({ scenario: z.string(), domain: z.string(), about: z.string() })),
  benchDomains: z.number().int().nonnegative(),
});
export type TestnetState = z.infer<typeof TestnetStateSchema>;

export const stateFile = (dir: string): string => join(dir, 'state.json');
export const statsFile = (dir: string): string => join(dir, 'stats.json');
export const logFile = (dir: string): string => join(dir, 'testnet.log');

/** Atomically (write, then rename) so that a reader never sees half a file. */
export function writeJson(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The state, or undefined when there is none; a damaged file is reported, not guessed at. */
export function readState(dir: string): TestnetState | undefined {
  const file = stateFile(dir);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} cannot be read: ${messageOf(error)}`);
  }
  const parsed = TestnetStateSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a test network state file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function removeState(dir: string): void {
  rmSync(stateFile(dir), { force: true });
}

/** Start time of a process (field 22 of /proc/<pid>/stat), or undefined when it is gone or /proc is not there. */
export function processStartTime(pid: number): string | undefined {
  try {
    // The command name (field 2) is in parentheses and may hold spaces or ')': the fields after it follow the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start !== undefined && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/**
 * Whether the process of this state still runs the test network: its pid exists and is the same process, not
 * another one that got the pid after a crash. Checked by start time when the state has it, else by command
 * line (`testnet` in it); without /proc, only by the pid.
 */
export function isRunning(state: Pick<TestnetState, 'pid' | 'pidStart'>): boolean {
  if (!isAlive(state.pid)) return false;
  const started = processStartTime(state.pid);
  if (state.pidStart !== undefined && started !== undefined) return started === state.pidStart;
  const command = commandLine(state.pid);
  return command === undefined || command.includes('testnet');
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line that checks a test network domain, for people to copy. */
export function checkCommandFor(state: TestnetState, domain: string): string {
  return [
    'thorbecke check', domain, `--resolver ${state.resolver}`, `--ca-file ${state.caFile}`, `--allow-targets ${state.allowTargets}`,
    `--rpki-roas ${state.rpkiRoas}`, `--rpki-origins ${state.rpkiOrigins}`,
  ].join(' ');
}

/** Signals a whole process group (a detached network and its unbound); false once the group is gone (0: only asks). */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
