/** Shared pieces of the TLS evaluators: the worst category decides, and unmeasured facts become `error`. */
import type { Verdict, Facts } from '../../domain/check.js';
import { STATUS_OF, WORDS, worst, type Category } from './criteria.js';
import type { TlsFacts } from './facts.js';

/** Something judged: what it is (for the reason line) and its category. */
export interface Judged {
  label: string;
  category: Category;
}

/** `error` (or `blocked`) when the default handshake did not happen; otherwise undefined. */
export function unmeasured(facts: Pick<TlsFacts, 'error' | 'address' | 'port'>): Verdict | undefined {
  const e = facts.error;
  if (e === undefined) return undefined;
  const where = `${facts.address} port ${facts.port}`;
  if (e.kind === 'blocked') return { status: 'blocked', reason: `${where} not contacted: ${e.message}`, facts: { error: e } };
  return { status: 'error', reason: `no TLS handshake with ${where} (${e.kind}: ${e.message})`, facts: { error: e } };
}

/** Joins labels as "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/**
 * The worst category decides: any insufficient → fail, else any phase out → warning, else pass. The reason
 * names every offender ("accepts TLS 1.0 (insufficient) and TLS 1.1 (insufficient)").
 */
export function judge(judged: readonly Judged[], verb: string, passReason: string, facts: Facts): Verdict {
  const offenders = judged.filter((j) => j.category === 'phase-out' || j.category === 'insufficient');
  const category = worst(judged.map((j) => j.category));
  if (offenders.length === 0) return { status: STATUS_OF[category], reason: passReason, facts };
  const named = offenders.map((o) => `${o.label} (${WORDS[o.category]})`);
  return { status: STATUS_OF[category], reason: `${verb} ${list(named)}`, facts };
}
