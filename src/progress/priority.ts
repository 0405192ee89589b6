import type { StatusCounts } from '../domain/progress.js';
import type { Strategy } from '../strategy/schema.js';

const ZERO: StatusCounts = { organisations: 0, met: 0, explained: 0, on_track: 0, at_risk: 0, overdue: 0, unknown: 0, domains_total: 0, domains_met: 0, domains_unknown: 0 };

/**
 * A priority's figure: the counts of its targets summed (organisation × target pairs), so that "share met"
 * is the share of all its agreements that organisations meet. Targets measured for the nation only are left out.
 */
export function priorityCounts(strategy: Strategy, priorityId: string, byTarget: ReadonlyMap<string, StatusCounts>): StatusCounts {
  const sum = { ...ZERO };
  for (const target of strategy.targets) {
    if (!target.priorities.includes(priorityId) || target.indicator.kind === 'national') continue;
    const counts = byTarget.get(target.id);
    if (!counts) continue;
    for (const key of Object.keys(sum) as (keyof StatusCounts)[]) sum[key] += counts[key];
  }
  return sum;
}

/** The share met (0–100) of a set of counts, or null when there are no organisations. */
export function shareMet(counts: Pick<StatusCounts, 'organisations' | 'met'>): number | null {
  return counts.organisations === 0 ? null : (100 * counts.met) / counts.organisations;
}
