import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { commitmentSchema, decisionSchema, parseInput, proposalSchema } from '../../src/services/accountability-input.js';
import { oneYearAfter } from '../../src/services/accountability.js';

const issuesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((i) => `${i.location ?? ''}: ${i.message}`);
    throw error;
  }
  return [];
};

describe('comply-or-explain input', () => {
  it('accepts a proposal, trimming and lower-casing the domain', () => {
    const p = parseInput(proposalSchema, { scope: 'finding', targetId: 't', organisationCode: 'gm0363', domain: ' Amsterdam.NL ', checkId: 'mail.dane', reason: 'A reason long enough.', expiresOn: '2027-01-01', author: 'a' }, 'explanation');
    expect(p.domain).toBe('amsterdam.nl');
  });

  it('names every bad field of a proposal', () => {
    expect(issuesOf(() => parseInput(proposalSchema, { scope: 'x', targetId: '', reason: 'r'.repeat(4001), expiresOn: '2027-13-01', author: '', extra: 1 }, 'explanation'))).toEqual([
      expect.stringMatching(/^scope: /) as string,
      expect.stringMatching(/^targetId: /) as string,
      'reason: a reason has at most 4000 characters',
      'expiresOn: use a date as YYYY-MM-DD',
      'author: say who (a name)',
      expect.stringMatching(/^: .*extra/) as string,
    ]);
  });

  it('requires a note with a rejection only', () => {
    expect(issuesOf(() => parseInput(decisionSchema, { decision: 'approve', by: 'c' }, 'decision'))).toEqual([]);
    expect(issuesOf(() => parseInput(decisionSchema, { decision: 'reject', by: 'c' }, 'decision'))).toEqual(['note: a rejection says why (note)']);
  });

  it('checks milestones: values 0–100, increasing dates, none after the planned date', () => {
    const commitment = (milestones: unknown) => () => parseInput(commitmentSchema, { plannedDate: '2027-06-30', milestones, by: 'c' }, 'commitment');
    expect(issuesOf(commitment([{ date: '2026-12-31', value: 0 }, { date: '2027-06-30', value: 100 }]))).toEqual([]);
    expect(issuesOf(commitment([{ date: '2026-12-31', value: -1 }]))).toEqual([expect.stringMatching(/^milestones\.0\.value: /) as string]);
    expect(issuesOf(commitment([{ date: '2026-12-31', value: 10 }, { date: '2026-12-31', value: 20 }]))).toEqual([
      'milestones.1.date: milestone dates must increase (2026-12-31 is not after 2026-12-31)',
    ]);
    expect(issuesOf(commitment([{ date: '2027-07-01', value: 10 }]))).toEqual(['milestones.0.date: a milestone (2027-07-01) cannot lie after the planned date 2027-06-30']);
  });

  it('allows an expiry of at most one year', () => {
    expect(oneYearAfter('2026-11-29')).toBe('2027-11-29');
    expect(oneYearAfter('2028-02-29')).toBe('2029-03-01');
  });
});
