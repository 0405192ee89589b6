/**
 * The state file of a running test network (`<dir>/state.json`): what `thorbecke testnet status` shows and
 * what a scanner needs to use it. Written by the process that runs the network, removed when it stops.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const TestnetStateSchema = z.object({
  pid: z.number().int().positive(),
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
    throw new Error(`${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = TestnetStateSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a test network state file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function removeState(dir: string): void {
  rmSync(stateFile(dir), { force: true });
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
