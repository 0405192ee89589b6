import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { checkSelection } from '../../src/services/compare.js';
import { computeReport, emptyFigure, type ReportInput } from '../../src/services/report.js';
import { findingsOf, groupByPriority } from '../../src/services/scorecard.js';
import type { LatestObservation } from '../../src/store/observations-read.js';
import type { ExplanationSummary } from '../../src/store/scorecard-read.js';
import type { Snapshot } from '../../src/store/snapshots.js';
import { headlineTargets } from '../../src/web/components/scorecard/history-chart.js';
import { scorecardStrategy } from '../support/scorecard-fixtures.js';

const strategy = scorecardStrategy();
const snapshot: Snapshot = { id: 1, name: 's', takenAt: new Date('2026-06-30T12:00:00Z'), createdBy: 't', note: null, domains: 0, results: 0 };

const results = (domain: string, statuses: Record<string, CheckStatus>) => Object.entries(statuses).map(([checkId, status]) => ({ domain, checkId, status }));

function explanation(over: Partial<ExplanationSummary> & Pick<ExplanationSummary, 'id' | 'scope' | 'targetId'>): ExplanationSummary {
  return {
    state: 'approved',
    organisationCode: null,
    domain: null,
    checkId: null,
    supplier: null,
    supplierRole: null,
    reason: 'a reason of enough length',
    expiresOn: '2099-01-01',
    decidedAt: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

function baseInput(over: Partial<ReportInput> = {}): ReportInput {
  return {
    strategy,
    snapshot,
    organisations: [
      { code: 'gm1', name: 'Een', layer: 'gemeente', provinceCode: null },
      { code: 'gm2', name: 'Twee', layer: 'gemeente', provinceCode: null },
      { code: 'gm3', name: 'Drie', layer: 'gemeente', provinceCode: null },
      { code: 'pv1', name: 'Provincie', layer: 'provincie', provinceCode: null },
      { code: 'x1', name: 'Onbekende laag', layer: 'county', provinceCode: null },
    ],
    owned: [
      { code: 'gm1', domain: 'een.nl', kind: 'mail' },
      { code: 'gm2', domain: 'twee.nl', kind: 'mail' },
      { code: 'gm3', domain: 'drie.nl', kind: 'mail' },
      { code: 'gm3', domain: 'drie.nl', kind: 'web' },
    ],
    results: [
      ...results('een.nl', { 'mail.dmarc': 'pass', 'mail.dkim': 'fail' }),
      ...results('twee.nl', { 'mail.dmarc': 'pass', 'mail.dkim': 'fail' }),
      ...results('drie.nl', { 'mail.dmarc': 'pass', 'mail.dkim': 'pass', 'web.https.available': 'pass', 'web.https.hsts': 'blocked' }),
    ],
    explanations: [],
    ...over,
  };
}

const target = (report: ReturnType<typeof computeReport>, id: string) => {
  const found = report.targets.find((t) => t.target.id === id);
  if (!found) throw new Error(`no target ${id}`);
  return found;
};

describe('computeReport', () => {
  it('assesses each organisation on each target of its layer with the snapshot day as today', () => {
    const report = computeReport(baseInput());
    expect(report.day).toBe('2026-06-30');
    expect(report.organisations).toBe(5);
    expect(report.targets.map((t) => t.target.id)).toEqual(['web-https-hsts', 'pqc-plan', 'mail-dmarc-test']);
    // mail-dmarc-test (due 2030): gm1 and gm2 fail DKIM with years left and no trend → on track; gm3 passes.
    const mail = target(report, 'mail-dmarc-test');
    expect(mail.nation.statuses).toEqual({ ...emptyFigure().statuses, met: 1, 'on-track': 2 });
    expect(mail.nation).toMatchObject({ organisations: 3, domainsTotal: 3, domainsMet: 1, domainsUnknown: 0 });
    // web-https-hsts (due 2018): gm1, gm2 have no web domain → unknown; gm3's HSTS blocked → unknown; the
    // province has no domain → unknown. Nobody is counted as met.
    const web = target(report, 'web-https-hsts');
    expect(web.nation.statuses.unknown).toBe(4);
    expect(web.nation.statuses.met).toBe(0);
    expect(web.nation.domainsUnknown).toBe(1);
    expect(web.layers.map((l) => [l.layer, l.figure.organisations])).toEqual([
      ['provincie', 1],
      ['gemeente', 3],
    ]);
    // Priorities by number with their per-organisation targets, each once; the national one is left out.
    expect(report.priorities.map((p) => [p.priority.id, p.targetIds])).toEqual([
      ['cloud', ['pqc-plan']],
      ['resilience', ['web-https-hsts', 'mail-dmarc-test']],
    ]);
  });

  it('applies an organisation’s own and a supplier’s explanations, through the providers measured', () => {
    const report = computeReport(
      baseInput({
        explanations: [
          explanation({ id: 1, scope: 'domain', targetId: 'mail-dmarc-test', organisationCode: 'gm1', domain: 'een.nl' }),
          explanation({ id: 2, scope: 'supplier', targetId: 'mail-dmarc-test', supplier: 'hosted', supplierRole: 'mail', checkId: 'mail.dkim' }),
        ],
        providers: [{ domain: 'twee.nl', role: 'mail', providers: ['hosted'] }],
      }),
    );
    expect(target(report, 'mail-dmarc-test').nation.statuses).toEqual({ ...emptyFigure().statuses, met: 1, explained: 2 });
    expect(report.explanations.map((e) => [e.id, e.organisationName])).toEqual([
      [1, 'Een'],
      [2, null],
    ]);
  });

  it('uses commitments and earlier history: a planned date that has passed makes a failing target overdue', () => {
    const report = computeReport(
      baseInput({
        commitments: [{ code: 'gm1', targetId: 'mail-dmarc-test', plannedDate: '2026-01-01', milestones: [] }],
        history: [
          { code: 'gm2', targetId: 'mail-dmarc-test', period: '2025-01-06', value: 100 },
          { code: 'gm2', targetId: 'mail-dmarc-test', period: '2025-06-02', value: 50 },
        ],
      }),
    );
    // gm1: its own date passed → overdue; gm2: a falling trend never reaches 100% → at risk.
    expect(target(report, 'mail-dmarc-test').nation.statuses).toEqual({ ...emptyFigure().statuses, met: 1, overdue: 1, 'at-risk': 1 });
  });
});

describe('comparison selection', () => {
  const org = (code: string, name: string) => ({ code, name, layer: 'gemeente', validTo: null });
  const byCode = new Map([['gm0363', org('gm0363', 'Gemeente Amsterdam')], ['gm0599', org('gm0599', 'Gemeente Rotterdam')]]);
  const byName = new Map([['gemeente rotterdam', org('gm0599', 'Gemeente Rotterdam')]]);

  it('resolves codes and exact names, skips empty fields, and reports unknown, duplicate and too many', () => {
    expect(checkSelection(['gm0363', ' ', 'Gemeente Rotterdam'], byCode, byName)).toMatchObject({ values: ['gm0363', 'Gemeente Rotterdam'], problems: [] });
    expect(checkSelection(['GM0363', 'gm0599'], byCode, byName).organisations.map((o) => o.code)).toEqual(['gm0363', 'gm0599']);
    expect(checkSelection(['gm0363', 'nope'], byCode, byName).problems).toEqual([{ kind: 'unknown', value: 'nope' }]);
    expect(checkSelection(['gm0599', 'gemeente rotterdam'], byCode, byName).problems).toEqual([{ kind: 'duplicate', code: 'gm0599' }]);
    expect(checkSelection(Array.from({ length: 7 }, () => 'gm0363'), byCode, byName).problems[0]).toEqual({ kind: 'too-many', max: 6 });
  });
});

describe('scorecard logic', () => {
  const seen = (checkId: string, status: CheckStatus): LatestObservation => ({
    checkId,
    status,
    knownStatus: null,
    reason: `${checkId} ${status}`,
    since: new Date('2026-01-01T00:00:00Z'),
    lastSeen: new Date('2026-01-02T00:00:00Z'),
    scannerVersion: 't',
    pending: null,
  });

  it('lists the failing required checks, or else those that could not be measured', () => {
    const checks = ['web.https.available', 'web.https.hsts', 'web.https.redirect'];
    expect(findingsOf(checks, [seen('web.https.available', 'pass'), seen('web.https.hsts', 'fail'), seen('web.https.redirect', 'error')]).map((f) => f.checkId)).toEqual(['web.https.hsts']);
    const unknown = findingsOf(checks, [seen('web.https.available', 'warning'), seen('web.https.hsts', 'blocked')]);
    expect(unknown.map((f) => [f.checkId, f.status])).toEqual([
      ['web.https.hsts', 'blocked'],
      ['web.https.redirect', null],
    ]);
  });

  it('puts each target once under its lowest-numbered priority', () => {
    const groups = groupByPriority(strategy, strategy.targets.map((t) => ({ target: t })));
    expect(groups.map((g) => [g.priority.number, g.targets.map((i) => i.target.id)])).toEqual([
      [1, ['pqc-plan', 'cloud-eu-30']],
      [5, ['web-https-hsts', 'mail-dmarc-test']],
    ]);
  });

  it('charts the targets with the most required checks that have history, at most four', () => {
    const history = ['web-https-hsts', 'mail-dmarc-test', 'pqc-plan'].map((targetId) => ({
      period: '2026-01-05', organisationCode: 'gm1', targetId, status: 'met' as const, value: 100, domainsTotal: 1, domainsMet: 1,
    }));
    expect(headlineTargets(strategy.targets, history).map((t) => t.id)).toEqual(['web-https-hsts', 'mail-dmarc-test']);
    expect(headlineTargets(strategy.targets, [])).toEqual([]);
  });
});
