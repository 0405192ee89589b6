/**
 * One verdict from the verdicts of several servers (every web server address, every MX address), as
 * internet.nl judges them: the worst status counts, and the reason names the servers that have it.
 */
import type { Verdict } from '../domain/check.js';
import { worstStatus } from '../checks/sets.js';

export interface ServerVerdict {
  /** How the server is named in reasons: `mx.example.nl (192.0.2.1)`, `192.0.2.1`. */
  where: string;
  verdict: Verdict;
}

export function worstOver(measured: readonly ServerVerdict[]): Verdict {
  const status = worstStatus(measured.map((m) => m.verdict.status));
  const worst = measured.filter((m) => m.verdict.status === status);
  const only = measured.length === 1 ? measured[0] : undefined;
  return {
    status,
    reason: only !== undefined ? only.verdict.reason : worst.map((m) => `${m.where}: ${m.verdict.reason}`).join('; '),
    facts: { servers: measured.map((m) => ({ server: m.where, status: m.verdict.status, facts: m.verdict.facts })) },
  };
}
