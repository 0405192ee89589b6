import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { localAccess } from '../../src/domain/access.js';
import { ConflictError, InputError, NotFoundError } from '../../src/domain/errors.js';
import { AccountabilityService, CONTEXT_ONLY_NOTICE } from '../../src/services/accountability.js';
import { commitmentsOf, listCommitments } from '../../src/store/commitments.js';
import { supplierProviders } from '../../src/store/explanation-readings.js';
import { activeExplanations, findExplanation, listExplanations } from '../../src/store/explanations.js';
import { reviewExplanations } from '../../src/store/explanations-review.js';
import { accountabilityStrategy, hostedBy, observe, seedOwners, takeDirty } from '../support/accountability-fixtures.js';
import { describeEachEngine } from '../support/engines.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';

const NOW = new Date('2026-06-01T10:00:00Z');
const LOCAL = localAccess('cli:test');

describeEachEngine('comply or explain', (ctx) => {
  const db = () => ctx.store().db;
  const service = () => new AccountabilityService(db(), fixedStrategyReader(accountabilityStrategy()), () => NOW);
  const proposal = (over: Record<string, unknown> = {}) => ({
    scope: 'finding',
    targetId: 'mail-secure',
    organisationCode: 'gm7001',
    domain: 'expl-a.nl',
    checkId: 'mail.dane',
    reason: 'Our mail platform offers no DANE yet; migration planned.',
    expiresOn: '2027-01-31',
    author: 'Functionaris Informatiebeveiliging',
    ...over,
  });

  beforeEach(async () => {
    await ctx.reset();
    await sql`truncate explanation, commitment, progress_dirty, progress_domain restart identity`.execute(db());
    await seedOwners(db(), {
      gm7001: { layer: 'gemeente', domains: ['expl-a.nl'] },
      gm7002: { layer: 'gemeente', domains: ['expl-b.nl'] },
      pv73: { layer: 'provincie', domains: ['expl-c.nl'] },
    });
  });

  it('proposes, approves with a basis, and lapses a finding explanation when the measured result changes', async () => {
    await observe(db(), 'expl-a.nl', 'mail.dane', 'fail', 'no-tlsa');
    const proposed = await service().propose(LOCAL, proposal());
    expect(proposed).toMatchObject({ state: 'proposed', scope: 'finding', organisationCode: 'gm7001', basis: null, domain: 'expl-a.nl' });
    expect(await takeDirty(db())).toEqual(['gm7001']);

    const decided = await service().decide(LOCAL, proposed.id, { decision: 'approve', by: 'coordinator', note: 'ok' });
    expect(decided.changesStatus).toBe(true);
    expect(decided.notice).toBeNull();
    expect(decided.explanation).toMatchObject({ state: 'approved', decidedBy: 'coordinator', decisionNote: 'ok' });
    expect(decided.explanation.basis).toEqual({ scope: 'finding', domain: 'expl-a.nl', checkId: 'mail.dane', status: 'fail', keyFactsHash: 'no-tlsa' });
    expect(await takeDirty(db())).toEqual(['gm7001']);
    expect(await activeExplanations(db(), ['gm7001'])).toEqual([
      { id: proposed.id, scope: 'finding', targetId: 'mail-secure', organisationCode: 'gm7001', domain: 'expl-a.nl', checkId: 'mail.dane', supplier: null, supplierRole: null },
    ]);
    expect(await activeExplanations(db(), ['gm7002'])).toEqual([]);

    // the same result, or one that cannot be measured, keeps it
    expect((await reviewExplanations(db(), { today: '2026-06-02' })).changed).toEqual([]);
    await observe(db(), 'expl-a.nl', 'mail.dane', 'error', 'timeout');
    expect((await reviewExplanations(db(), { today: '2026-06-02' })).changed).toEqual([]);
    expect(await takeDirty(db())).toEqual([]);

    await observe(db(), 'expl-a.nl', 'mail.dane', 'pass', 'tlsa-ok');
    const { changed } = await reviewExplanations(db(), { today: '2026-06-03', organisations: ['gm7001'] });
    expect(changed).toEqual([
      { id: proposed.id, organisationCode: 'gm7001', targetId: 'mail-secure', from: 'approved', to: 'lapsed', reason: 'mail.dane on expl-a.nl changed from fail to pass' },
    ]);
    expect(await findExplanation(db(), proposed.id)).toMatchObject({ state: 'lapsed', endedReason: 'mail.dane on expl-a.nl changed from fail to pass' });
    expect(await takeDirty(db())).toEqual(['gm7001']);
    expect(await activeExplanations(db(), ['gm7001'])).toEqual([]);
  });

  it('expires proposed and approved explanations after their date, and only those of the organisations asked for', async () => {
    const a = await service().propose(LOCAL, proposal({ scope: 'target', domain: undefined, checkId: undefined, expiresOn: '2026-07-01' }));
    const b = await service().propose(LOCAL, proposal({ scope: 'domain', organisationCode: 'gm7002', domain: 'expl-b.nl', checkId: undefined, expiresOn: '2026-07-01' }));
    await service().decide(LOCAL, b.id, { decision: 'approve', by: 'coordinator' });
    await takeDirty(db());
    expect((await reviewExplanations(db(), { today: '2026-07-01' })).changed).toEqual([]);
    const first = await reviewExplanations(db(), { today: '2026-07-02', organisations: ['gm7002'] });
    expect(first.changed).toEqual([
      { id: b.id, organisationCode: 'gm7002', targetId: 'mail-secure', from: 'approved', to: 'expired', reason: 'its expiry date 2026-07-01 has passed' },
    ]);
    expect(await takeDirty(db())).toEqual(['gm7002']);
    const second = await reviewExplanations(db(), { today: '2026-07-02' });
    expect(second.changed.map((c) => [c.id, c.from, c.to])).toEqual([[a.id, 'proposed', 'expired']]);
    expect((await listExplanations(db(), { states: ['expired'] })).map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('lapses a target explanation when a domain outcome changes, read from the observations', async () => {
    await observe(db(), 'expl-a.nl', 'mail.dane', 'fail');
    await observe(db(), 'expl-a.nl', 'mail.starttls', 'pass');
    const e = await service().propose(LOCAL, proposal({ scope: 'target', domain: undefined, checkId: undefined }));
    const { explanation } = await service().decide(LOCAL, e.id, { decision: 'approve', by: 'coordinator' });
    expect(explanation.basis).toEqual({ scope: 'target', checks: ['mail.dane', 'mail.starttls'], domains: { 'expl-a.nl': 'fail' } });
    await observe(db(), 'expl-a.nl', 'mail.dane', 'blocked');
    expect((await reviewExplanations(db(), { today: '2026-06-02' })).changed).toEqual([]);
    await observe(db(), 'expl-a.nl', 'mail.dane', 'pass');
    expect((await reviewExplanations(db(), { today: '2026-06-02' })).changed.map((c) => c.reason)).toEqual(['expl-a.nl now passes the target (it failed)']);
  });

  it('reads a target explanation of a target not measured by checks from the derived domain outcomes', async () => {
    await db().insertInto('progress_domain').values({ organisation_code: 'gm7001', target_id: 'pqc-plan', domain: 'expl-a.nl', outcome: 'fail', explanation_id: null }).execute();
    const e = await service().propose(LOCAL, proposal({ targetId: 'pqc-plan', scope: 'target', domain: undefined, checkId: undefined }));
    const { explanation } = await service().decide(LOCAL, e.id, { decision: 'approve', by: 'coordinator' });
    expect(explanation.basis).toEqual({ scope: 'target', domains: { 'expl-a.nl': 'fail' } });
    await db().updateTable('progress_domain').set({ outcome: 'pass' }).execute();
    expect((await reviewExplanations(db(), { today: '2026-06-02' })).changed.map((c) => c.to)).toEqual(['lapsed']);
  });

  it('records a supplier basis from the hosting evidence, marks every owner, and lapses when the supplier fixes it', async () => {
    await hostedBy(db(), 'expl-a.nl', 'microsoft-365');
    await hostedBy(db(), 'expl-b.nl', 'microsoft-365', 'mimecast');
    await hostedBy(db(), 'expl-c.nl', 'google-workspace');
    for (const d of ['expl-a.nl', 'expl-b.nl', 'expl-c.nl']) await observe(db(), d, 'mail.dane', 'fail');
    expect(await supplierProviders(db(), ['expl-a.nl', 'expl-b.nl', 'expl-x.nl'])).toEqual(
      new Map([
        ['expl-a.nl', { mail: ['microsoft-365'] }],
        ['expl-b.nl', { mail: ['microsoft-365', 'mimecast'] }],
      ]),
    );
    const e = await service().propose(LOCAL, 
      proposal({ scope: 'supplier', organisationCode: undefined, domain: undefined, supplier: 'microsoft-365', supplierRole: 'mail', reason: 'Microsoft 365 offers no inbound DANE.' }),
    );
    expect(await takeDirty(db())).toEqual(['gm7001', 'gm7002']);
    const { explanation } = await service().decide(LOCAL, e.id, { decision: 'approve', by: 'coordinator' });
    expect(explanation.basis).toEqual({
      scope: 'supplier',
      supplier: 'microsoft-365',
      role: 'mail',
      checks: ['mail.dane'],
      domains: { 'expl-a.nl': { 'mail.dane': 'fail' }, 'expl-b.nl': { 'mail.dane': 'fail' } },
    });
    expect(await takeDirty(db())).toEqual(['gm7001', 'gm7002']);
    // supplier explanations reach every organisation
    expect((await activeExplanations(db(), ['pv73'])).map((x) => x.id)).toEqual([e.id]);

    await observe(db(), 'expl-c.nl', 'mail.dane', 'pass'); // not hosted by the supplier: says nothing
    expect((await reviewExplanations(db(), { today: '2026-06-02', organisations: ['pv73'] })).changed).toEqual([]);
    await observe(db(), 'expl-b.nl', 'mail.dane', 'pass');
    const { changed } = await reviewExplanations(db(), { today: '2026-06-02', organisations: ['pv73'] });
    expect(changed).toEqual([
      { id: e.id, organisationCode: null, targetId: 'mail-secure', from: 'approved', to: 'lapsed', reason: 'expl-b.nl, hosted by microsoft-365, now passes mail.dane' },
    ]);
    expect(await takeDirty(db())).toEqual(['gm7001', 'gm7002']);
  });

  it('rejects, refuses to decide twice, and says when an explanation does not change the status', async () => {
    const e = await service().propose(LOCAL, proposal());
    await expect(service().decide(LOCAL, e.id, { decision: 'reject', by: 'coordinator' })).rejects.toThrow(InputError);
    const rejected = await service().decide(LOCAL, e.id, { decision: 'reject', by: 'coordinator', note: 'Not a reason.' });
    expect(rejected.explanation).toMatchObject({ state: 'rejected', decisionNote: 'Not a reason.', endedReason: 'rejected', basis: null });
    await expect(service().decide(LOCAL, e.id, { decision: 'approve', by: 'coordinator' })).rejects.toThrow(ConflictError);
    await expect(service().decide(LOCAL, 999_999, { decision: 'approve', by: 'coordinator' })).rejects.toThrow(NotFoundError);

    const web = await service().propose(LOCAL, proposal({ targetId: 'web-https-hsts', scope: 'target', domain: undefined, checkId: undefined }));
    const approved = await service().decide(LOCAL, web.id, { decision: 'approve', by: 'coordinator' });
    expect(approved).toMatchObject({ changesStatus: false, notice: CONTEXT_ONLY_NOTICE });
  });

  it('validates proposals against the strategy and the register', async () => {
    const issues = async (over: Record<string, unknown>): Promise<string[]> => {
      try {
        await service().propose(LOCAL, proposal(over));
      } catch (error) {
        if (error instanceof InputError) return [error.message, ...error.issues.map((i) => `${i.location ?? ''}: ${i.message}`)];
        throw error;
      }
      return [];
    };
    expect(await issues({ targetId: 'nope' })).toEqual(['There is no target "nope" measured per organisation in the current strategy.', 'targetId: unknown target "nope"']);
    expect((await issues({ organisationCode: 'pv73', domain: 'expl-c.nl' }))[0]).toMatch(/not in the scope of target mail-secure/);
    expect(await issues({ domain: 'expl-b.nl' })).toContain('domain: expl-b.nl is not a domain of gm7001');
    expect(await issues({ checkId: 'web.https.hsts' })).toContain('checkId: web.https.hsts is not a required check of mail-secure (mail.dane, mail.starttls)');
    expect(await issues({ expiresOn: '2027-06-02' })).toContain('expiresOn: an explanation runs at most one year: expire on 2027-06-01 or earlier');
    expect(await issues({ expiresOn: '2026-06-01' })).toContain('expiresOn: the expiry date must lie after today (2026-06-01)');
    expect(await issues({ reason: 'too short' })).toContain('reason: a reason has at least 10 characters');
    expect(await issues({ scope: 'supplier', organisationCode: undefined, domain: undefined, supplier: 'acme', supplierRole: undefined })).toEqual(
      expect.arrayContaining(['supplier: unknown supplier "acme" (see src/checks/hosting/providers.ts)', 'supplierRole: say what the supplier provides: mail, dns or web']),
    );
    expect(await issues({ scope: 'domain' })).toContain('checkId: a domain explanation covers every check: leave the check out');
    expect(await issues({ author: ' ' })).toContain('author: say who (a name)');
  });

  it('sets commitments with milestones, validates them, and clears them, marking the organisation', async () => {
    const set = await service().setCommitment(LOCAL, 'gm7001', 'mail-secure', {
      plannedDate: '2028-06-30',
      milestones: [
        { date: '2026-12-31', value: 40 },
        { date: '2027-06-30', value: 80, note: 'half of the domains moved' },
      ],
      note: 'Own pace',
      by: 'cio',
    });
    expect(set).toMatchObject({ organisationCode: 'gm7001', targetId: 'mail-secure', plannedDate: '2028-06-30', note: 'Own pace', setBy: 'cio' });
    expect(await takeDirty(db())).toEqual(['gm7001']);
    expect(await commitmentsOf(db(), ['gm7001', 'gm7002'])).toEqual(
      new Map([['gm7001', new Map([['mail-secure', { plannedDate: '2028-06-30', milestones: [{ date: '2026-12-31', value: 40 }, { date: '2027-06-30', value: 80 }] }]])]]),
    );
    // replacing it
    await service().setCommitment(LOCAL, 'gm7001', 'mail-secure', { plannedDate: '2027-01-31', by: 'cio' });
    expect((await listCommitments(db(), 'gm7001')).map((c) => [c.plannedDate, c.milestones.length])).toEqual([['2027-01-31', 0]]);

    await expect(service().setCommitment(LOCAL, 'gm7001', 'web-https-hsts', { plannedDate: '2019-06-30', by: 'cio' })).rejects.toThrow(
      'Target web-https-hsts does not allow a planned date after its deadline 2018-12-31 (it cannot be explained).',
    );
    await expect(service().setCommitment(LOCAL, 'pv73', 'mail-secure', { plannedDate: '2027-06-30', by: 'cio' })).rejects.toThrow(/not in the scope/);
    const bad = service().setCommitment(LOCAL, 'gm7001', 'mail-secure', {
      plannedDate: '2027-06-30',
      milestones: [
        { date: '2027-01-31', value: 50 },
        { date: '2026-12-31', value: 120 },
        { date: '2027-07-31', value: 90 },
      ],
      by: 'cio',
    });
    await expect(bad).rejects.toMatchObject({
      issues: expect.arrayContaining([
        { location: 'milestones.1.value', message: expect.any(String) as string },
        { location: 'milestones.1.date', message: 'milestone dates must increase (2026-12-31 is not after 2027-01-31)' },
        { location: 'milestones.2.date', message: 'a milestone (2027-07-31) cannot lie after the planned date 2027-06-30' },
      ]) as unknown,
    });

    await takeDirty(db());
    await service().clearCommitment(LOCAL, 'gm7001', 'mail-secure');
    expect(await takeDirty(db())).toEqual(['gm7001']);
    expect(await listCommitments(db())).toEqual([]);
    await expect(service().clearCommitment(LOCAL, 'gm7001', 'mail-secure')).rejects.toThrow(NotFoundError);
  });
});
