import { describe, expect, it } from 'vitest';
import type { StatusCounts } from '../../src/domain/progress.js';
import { priorityCounts, shareMet } from '../../src/progress/priority.js';
import { sampleStrategy } from '../support/sample-strategy.js';

const counts = (organisations: number, met: number): StatusCounts => ({
  organisations, met, explained: 0, on_track: 0, at_risk: 0, overdue: organisations - met, unknown: 0, domains_total: 0, domains_met: 0, domains_unknown: 0,
});

describe('priority figures', () => {
  it('sum the counts of the targets that serve the priority, leaving out national ones', () => {
    const strategy = sampleStrategy();
    const byTarget = new Map(strategy.targets.map((t, i) => [t.id, counts(10, i + 1)]));
    const served = strategy.targets.filter((t) => t.priorities.includes('resilience') && t.indicator.kind !== 'national');
    const sum = priorityCounts(strategy, 'resilience', byTarget);
    expect(sum.organisations).toBe(10 * served.length);
    expect(sum.met).toBe(served.reduce((s, t) => s + (byTarget.get(t.id)?.met ?? 0), 0));
    expect(shareMet(sum)).toBeCloseTo((100 * sum.met) / sum.organisations, 9);
  });
  it('has no share without organisations', () => {
    expect(shareMet(counts(0, 0))).toBeNull();
    expect(priorityCounts(sampleStrategy(), 'no-such-priority', new Map()).organisations).toBe(0);
  });
});
