/** The scan status and run progress as JSON (dates as ISO strings), the same for the API and the CLI. */
import type { RunProgress, ScanStatus } from './status.js';

export type RunProgressJson = Omit<RunProgress, 'requestedBy' | 'createdAt'> & { createdAt: string };
export type ScanStatusJson = Omit<ScanStatus, 'runs' | 'recentFailures'> & {
  runs: RunProgressJson[];
  recentFailures: { domain: string; reason: string; at: string }[];
};

/** Who asked is left out: it is not public. */
export function runProgressJson({ requestedBy: _by, ...run }: RunProgress): RunProgressJson {
  return { ...run, createdAt: run.createdAt.toISOString() };
}

export function scanStatusJson(status: ScanStatus): ScanStatusJson {
  return {
    ...status,
    recentFailures: status.recentFailures.map((f) => ({ ...f, at: f.at.toISOString() })),
    runs: status.runs.map(runProgressJson),
  };
}
