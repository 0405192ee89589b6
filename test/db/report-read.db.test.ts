import { beforeAll, expect, it } from 'vitest';
import { NotFoundError, InputError } from '../../src/domain/errors.js';
import { ReportService } from '../../src/services/report.js';
import {
  commitmentsAt,
  domainsOwnedAt,
  explanationsApprovedAt,
  historyBefore,
  organisationsOn,
  providersAt,
} from '../../src/store/report-read.js';
import { explanationsForOrganisation, organisationChoices, organisationsNamed } from '../../src/store/scorecard-read.js';
import { createSnapshot } from '../../src/store/snapshots.js';
import { describeEachEngine } from '../support/engines.js';
import { addDomain, insertExplanation, observe, scorecardStrategy } from '../support/scorecard-fixtures.js';

const MOMENT = new Date('2026-06-30T12:00:00Z');
const BEFORE = new Date('2026-03-01T00:00:00Z');
const AFTER = new Date('2026-09-01T00:00:00Z');

describeEachEngine('report and scorecard reads', (ctx) => {
  const db = () => ctx.store().db;
  type Named = 'approved' | 'expiredLater' | 'lapsedBefore' | 'decidedLater' | 'pastExpiry' | 'proposed' | 'rejected' | 'supplier' | 'otherSupplier';
  const ids = {} as Record<Named, number>;

  beforeAll(async () => {
    await db()
      .insertInto('organisation')
      .values(
        [
          { code: 'gm8001', name: 'Gemeente Rapport', layer: 'gemeente', valid_from: '2000-01-01', valid_to: null },
          { code: 'gm8002', name: 'Gemeente Later', layer: 'gemeente', valid_from: '2026-07-01', valid_to: null },
          { code: 'gm8003', name: 'Gemeente Eerder', layer: 'gemeente', valid_from: null, valid_to: '2026-06-30' },
        ].map((o) => ({ ...o, short_name: null, oin: null, province_code: null, parent_code: null, website: null, successor_code: null, source: 'test' })),
      )
      .execute();
    await addDomain(db(), 'gm8001', 'web', 'rapport.example.nl', BEFORE);
    await addDomain(db(), 'gm8001', 'mail', 'rapport.example.nl', BEFORE);
    await addDomain(db(), 'gm8001', 'web', 'nieuw.example.nl', AFTER);

    const approve = { decided_by: 'c', decided_at: BEFORE };
    ids.approved = await insertExplanation(db(), { scope: 'domain', target_id: 'mail-dmarc-test', organisation_code: 'gm8001', domain: 'rapport.example.nl', reason: 'approved before the moment', state: 'approved', ...approve });
    ids.expiredLater = await insertExplanation(db(), { scope: 'target', target_id: 'web-https-hsts', organisation_code: 'gm8001', reason: 'expired after the moment', state: 'expired', ...approve, ended_at: AFTER });
    ids.lapsedBefore = await insertExplanation(db(), { scope: 'target', target_id: 'web-https-hsts', organisation_code: 'gm8001', reason: 'lapsed before the moment', state: 'lapsed', ...approve, ended_at: new Date('2026-04-01T00:00:00Z') });
    ids.decidedLater = await insertExplanation(db(), { scope: 'target', target_id: 'web-https-hsts', organisation_code: 'gm8001', reason: 'approved after the moment', state: 'approved', decided_by: 'c', decided_at: AFTER });
    ids.pastExpiry = await insertExplanation(db(), { scope: 'target', target_id: 'web-https-hsts', organisation_code: 'gm8001', reason: 'expiry date before the day', state: 'approved', ...approve, expires_on: '2026-06-01' });
    ids.proposed = await insertExplanation(db(), { scope: 'target', target_id: 'web-https-hsts', organisation_code: 'gm8001', reason: 'only proposed so far', state: 'proposed' });
    ids.rejected = await insertExplanation(db(), { scope: 'target', target_id: 'web-https-hsts', organisation_code: 'gm8001', reason: 'rejected by the coordinator', state: 'rejected' });
    ids.supplier = await insertExplanation(db(), { scope: 'supplier', target_id: 'mail-dmarc-test', supplier: 'hosted', supplier_role: 'mail', reason: 'supplier-wide explanation', state: 'approved', ...approve });
    ids.otherSupplier = await insertExplanation(db(), { scope: 'supplier', target_id: 'mail-dmarc-test', supplier: 'other', supplier_role: 'mail', reason: 'covers none of its domains', state: 'approved', ...approve });
    await db()
      .insertInto('progress_domain')
      .values({ organisation_code: 'gm8001', target_id: 'mail-dmarc-test', domain: 'rapport.example.nl', outcome: 'fail', explanation_id: ids.supplier })
      .execute();

    await db()
      .insertInto('commitment')
      .values([{ organisation_code: 'gm8001', target_id: 'mail-dmarc-test', planned_date: '2027-01-01', milestones: JSON.stringify([{ date: '2026-12-01', value: 50 }]), set_by: 't', set_at: BEFORE }])
      .execute();
    await db()
      .insertInto('progress_history')
      .values([
        // Older than the 26 weeks the engine is given: left out.
        { period: '2025-12-22', organisation_code: 'gm8001', target_id: 'mail-dmarc-test', status: 'at-risk', value: 10, domains_total: 1, domains_met: 0 },
        { period: '2026-06-22', organisation_code: 'gm8001', target_id: 'mail-dmarc-test', status: 'at-risk', value: 40, domains_total: 1, domains_met: 0 },
        { period: '2026-06-29', organisation_code: 'gm8001', target_id: 'mail-dmarc-test', status: 'at-risk', value: null, domains_total: 1, domains_met: 0 },
        { period: '2026-07-06', organisation_code: 'gm8001', target_id: 'mail-dmarc-test', status: 'at-risk', value: 60, domains_total: 1, domains_met: 0 },
      ])
      .execute();

    // Hosting evidence: the provider measured before the moment counts, a later one does not.
    await observe(db(), 'rapport.example.nl', BEFORE, [
      ['hosting.mail-provider', 'pass', 'hosted'],
      ['mail.dmarc', 'pass', 'ok'],
      ['mail.dkim', 'fail', 'no key'],
    ]);
    const observation = await db()
      .selectFrom('observation')
      .select('id')
      .where('domain', '=', 'rapport.example.nl')
      .where('check_id', '=', 'hosting.mail-provider')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('observation_evidence')
      .values([
        { observation_id: observation.id, measured_at: BEFORE, facts: JSON.stringify({ providers: [{ id: 'hosted', name: 'Hosted' }] }) },
        { observation_id: observation.id, measured_at: AFTER, facts: JSON.stringify({ providers: [{ id: 'other', name: 'Other' }] }) },
      ])
      .execute();
  });

  it('reads the organisations of a day, the domains owned at a moment, commitments and earlier history', async () => {
    expect((await organisationsOn(db(), '2026-06-30')).map((o) => o.code)).toEqual(['gm8001']);
    const owned = await domainsOwnedAt(db(), MOMENT);
    expect(owned.filter((o) => o.code === 'gm8001').map((o) => `${o.domain}/${o.kind}`).sort()).toEqual(['rapport.example.nl/mail', 'rapport.example.nl/web']);
    expect(await commitmentsAt(db(), MOMENT)).toEqual([{ code: 'gm8001', targetId: 'mail-dmarc-test', plannedDate: '2027-01-01', milestones: [{ date: '2026-12-01', value: 50 }] }]);
    expect(await commitmentsAt(db(), new Date('2026-01-01T00:00:00Z'))).toEqual([]);
    expect(await historyBefore(db(), '2026-06-29')).toEqual([{ code: 'gm8001', targetId: 'mail-dmarc-test', period: '2026-06-22', value: 40 }]);
  });

  it('reads the explanations in force at a moment', async () => {
    const found = (await explanationsApprovedAt(db(), MOMENT)).map((e) => e.id).sort((a, b) => a - b);
    expect(found).toEqual([ids.approved, ids.expiredLater, ids.supplier, ids.otherSupplier].sort((a, b) => a - b));
  });

  it('reads the providers measured by a moment', async () => {
    expect(await providersAt(db(), MOMENT)).toEqual([{ domain: 'rapport.example.nl', role: 'mail', providers: ['hosted'] }]);
    expect(await providersAt(db(), new Date(AFTER.getTime() + 1000))).toEqual([{ domain: 'rapport.example.nl', role: 'mail', providers: ['other'] }]);
  });

  it('reads the explanations of a scorecard: its own approved and proposed ones, and those covering its domains', async () => {
    const found = (await explanationsForOrganisation(db(), 'gm8001')).map((e) => e.id).sort((a, b) => a - b);
    expect(found).toEqual([ids.approved, ids.decidedLater, ids.pastExpiry, ids.proposed, ids.supplier].sort((a, b) => a - b));
  });

  it('finds organisations for the comparison by code and by exact name', async () => {
    expect((await organisationChoices(db())).map((o) => o.code)).toEqual(['gm8002', 'gm8001']);
    expect((await organisationChoices(db(), ['gm8003', 'gm9999'])).map((o) => o.code)).toEqual(['gm8003']);
    expect((await organisationsNamed(db(), ['gemeente rapport'])).map((o) => o.code)).toEqual(['gm8001']);
    expect(await organisationsNamed(db(), [])).toEqual([]);
  });

  it('computes a report from a snapshot it takes', async () => {
    await createSnapshot(db(), { name: 'report-read-test', createdBy: 'test' });
    const report = await new ReportService(db()).report('report-read-test', scorecardStrategy());
    const mail = report.targets.find((t) => t.target.id === 'mail-dmarc-test');
    // Both municipalities existed at the snapshot (taken now): gm8002 has no domain (unknown); gm8001's
    // rapport.example.nl fails DKIM, and its approved domain explanation covers that.
    expect(mail?.nation.organisations).toBe(2);
    expect(mail?.nation.statuses.explained).toBe(1);
    expect(mail?.nation.statuses.unknown).toBe(1);
    await expect(new ReportService(db()).report('no-such-snapshot', scorecardStrategy())).rejects.toBeInstanceOf(NotFoundError);
    await expect(new ReportService(db()).report('<bad>', scorecardStrategy())).rejects.toBeInstanceOf(InputError);
  });
});
