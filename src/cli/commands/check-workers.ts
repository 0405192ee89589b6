/**
 * `thorbecke check --workers N`: the domains shared out over N child processes of this same command (each
 * runs `check --json` on its share), so that a run uses more than one core; the reports come back in input
 * order, exactly as one process would print them. Node's TLS work runs on the main thread, so one process
 * is bound to about one core.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DomainReport } from '../../scan/check-domain.js';

/** Runs the children and hands every report to `emit` in the order of `domains`. */
export async function checkInWorkers(domains: readonly string[], workers: number, childArgs: readonly string[], emit: (report: DomainReport) => void): Promise<void> {
  const count = Math.min(workers, domains.length);
  const done = new Map<number, DomainReport>();
  let next = 0;
  const flush = () => {
    for (let report = done.get(next); report !== undefined; report = done.get(next)) {
      emit(report);
      done.delete(next++);
    }
  };
  const entry = process.argv[1];
  if (entry === undefined) throw new Error('cannot start worker processes: the entry script of this process is unknown');
  await Promise.all(Array.from({ length: count }, async (_, worker) => {
    // Worker k checks domains k, k + count, k + 2·count, ...: early output for every part of the list.
    const share = domains.filter((_, i) => i % count === worker);
    const child = spawn(process.execPath, [...process.execArgv, entry, 'check', ...childArgs, '--json', ...share], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
    let j = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.trim() === '') continue;
      done.set(worker + j * count, JSON.parse(line) as DomainReport);
      j += 1;
      flush();
    }
    const code: number | null = child.exitCode ?? (await new Promise<number | null>((resolve) => child.once('exit', resolve)));
    if ((code !== 0 && code !== 1) || j !== share.length) {
      throw new Error(`worker ${worker + 1} of ${count} ended with status ${String(code)} after ${j} of ${share.length} domains: ${stderr.trim()}`);
    }
  }));
  flush();
}
