import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { assess, type AssessInput, type DomainInput } from '../../src/progress/assess.js';
import type { ActiveExplanation } from '../../src/progress/coverage.js';
import { weekStart } from '../../src/progress/dates.js';
import { reachDate, trendOf } from '../../src/progress/forecast.js';
import type { Target } from '../../src/strategy/schema.js';

const target: Target = {
  id: 't',
  title: { nl: 'T', en: 'T' },
  description: { nl: 'T', en: 'T' },
  priorities: ['resilience'],
  scope: { layers: ['gemeente'], assets: ['web'] },
  deadline: '2027-12-31',
  source: { kind: 'agreement', title: 'x', verified: true },
  explainAllowed: true,
  indicator: { kind: 'checks', checks: ['a', 'b'] },
};

const domain = (name: string, a: CheckStatus | undefined, b: CheckStatus | undefined, kinds: ('web' | 'mail')[] = ['web']): DomainInput => ({
  domain: name,
  kinds,
  statuses: new Map([...(a ? [['a', a] as const] : []), ...(b ? [['b', b] as const] : [])]),
  providers: { mail: ['bigmail'] },
});

const input = (over: Partial<AssessInput>): AssessInput => ({ target, today: '2026-11-29', domains: [], explanations: [], history: [], ...over });
const explanation = (over: Partial<ActiveExplanation>): ActiveExplanation => ({
  id: 1, scope: 'domain', targetId: 't', organisationCode: 'gm1', domain: null, checkId: null, supplier: null, supplierRole: null, ...over,
});

describe('assess', () => {
  it.each<[string, Partial<AssessInput>, string, number | null]>([
    ['no domain of the kind', { domains: [domain('m.nl', 'pass', 'pass', ['mail'])] }, 'unknown', null],
    ['every domain passes (warning and not-applicable count as passing)', { domains: [domain('x.nl', 'warning', 'not-applicable')] }, 'met', 100],
    ['could not measure and none fails: unknown, never met', { domains: [domain('x.nl', 'pass', 'pass'), domain('y.nl', 'error', 'pass')] }, 'unknown', 50],
    ['a check never measured is unknown', { domains: [domain('x.nl', 'pass', undefined)] }, 'unknown', 0],
    ['one fails, deadline far, no trend: on track', { domains: [domain('x.nl', 'fail', 'pass')] }, 'on-track', 0],
    ['one fails, less than 180 days: at risk', { domains: [domain('x.nl', 'fail', 'pass')], today: '2027-08-01' }, 'at-risk', 0],
    ['past the deadline: overdue', { domains: [domain('x.nl', 'fail', 'pass')], today: '2028-01-01' }, 'overdue', 0],
    ['past its own earlier planned date: overdue', { domains: [domain('x.nl', 'fail', 'pass')], commitment: { plannedDate: '2026-11-01', milestones: [] } }, 'overdue', 0],
    ['a missed milestone: at risk', { domains: [domain('x.nl', 'fail', 'pass'), domain('y.nl', 'pass', 'pass')], commitment: { plannedDate: '2027-10-01', milestones: [{ date: '2026-10-01', value: 75 }] } }, 'at-risk', 50],
    ['a rising trend reaching 100% in time: on track', { domains: [domain('x.nl', 'fail', 'pass'), domain('y.nl', 'pass', 'pass')], history: [{ day: '2026-09-01', value: 0 }, { day: '2026-10-15', value: 25 }] }, 'on-track', 50],
    ['a flat trend: at risk', { domains: [domain('x.nl', 'fail', 'pass'), domain('y.nl', 'pass', 'pass')], history: [{ day: '2026-09-01', value: 50 }, { day: '2026-10-15', value: 50 }] }, 'at-risk', 50],
    ['the failing domain explained', { domains: [domain('x.nl', 'fail', 'pass')], explanations: [explanation({ domain: 'x.nl' })] }, 'explained', 0],
    ['the failing domain explained, another not measurable: unknown', { domains: [domain('x.nl', 'fail', 'pass'), domain('y.nl', 'error', 'pass')], explanations: [explanation({ domain: 'x.nl' })] }, 'unknown', 0],
    ['the whole target explained', { domains: [domain('x.nl', 'fail', 'pass'), domain('y.nl', 'error', 'pass')], explanations: [explanation({ scope: 'target' })] }, 'explained', 0],
    ['a finding explained, another failing check not', { domains: [domain('x.nl', 'fail', 'fail')], explanations: [explanation({ scope: 'finding', domain: 'x.nl', checkId: 'a' })] }, 'on-track', 0],
    ['a supplier explanation covers the domains it hosts', { domains: [domain('x.nl', 'fail', 'pass')], explanations: [explanation({ scope: 'supplier', organisationCode: null, supplier: 'bigmail', supplierRole: 'mail' })] }, 'explained', 0],
    ['an explanation on a target that allows none changes no status', { target: { ...target, explainAllowed: false }, today: '2028-01-01', domains: [domain('x.nl', 'fail', 'pass')], explanations: [explanation({ scope: 'target' })] }, 'overdue', 0],
    ['a self-assessment target without answers', { target: { ...target, indicator: { kind: 'self-assessment', question: { nl: 'q', en: 'q' }, answer: 'yes-no', evidence: 'none', validForMonths: 12 } } }, 'unknown', null],
  ])('%s', (_name, over, status, value) => {
    const result = assess(input(over));
    expect(result.status).toBe(status);
    expect(result.value).toBe(value);
  });

  it('marks explained domains even where the target allows no explanation, so the finding shows its reason', () => {
    const result = assess(input({ target: { ...target, explainAllowed: false }, domains: [domain('x.nl', 'fail', 'pass')], explanations: [explanation({ domain: 'x.nl', id: 7 })] }));
    expect(result.domains[0]).toMatchObject({ outcome: 'fail', failing: ['a'], explanationId: 7 });
    expect(result.status).toBe('on-track');
  });

  it('judges against the earlier of planned date and deadline', () => {
    expect(assess(input({ domains: [domain('x.nl', 'fail', 'pass')], commitment: { plannedDate: '2028-06-01', milestones: [] } })).effectiveDate).toBe('2027-12-31');
    expect(assess(input({ domains: [domain('x.nl', 'fail', 'pass')], commitment: { plannedDate: '2027-03-01', milestones: [] } })).effectiveDate).toBe('2027-03-01');
  });
});

describe('forecast', () => {
  it('fits a line and says when it reaches 100%', () => {
    const trend = trendOf([{ day: '2026-01-05', value: 40 }, { day: '2026-03-02', value: 48 }, { day: '2026-04-27', value: 56 }]);
    expect(trend?.perDay).toBeCloseTo(8 / 56, 6);
    expect(trend && reachDate(trend, '2026-04-27')).toBe('2027-03-01') // 44 points at 8 per 56 days: 308 days;
  });
  it('has no trend from too little, and no date when flat or falling', () => {
    expect(trendOf([{ day: '2026-01-05', value: 40 }])).toBeUndefined();
    expect(trendOf([{ day: '2026-01-05', value: 40 }, { day: '2026-01-12', value: 60 }])).toBeUndefined();
    const falling = trendOf([{ day: '2026-01-05', value: 60 }, { day: '2026-03-02', value: 50 }]);
    expect(falling && reachDate(falling, '2026-03-02')).toBeUndefined();
  });
  it('starts weeks on Monday', () => {
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
  });
});
