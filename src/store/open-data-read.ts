import type { ActiveExplanation } from '../progress/coverage.js';
import type { Kysely } from 'kysely';
import type { ExplanationState } from '../domain/progress.js';
import type { OrganisationProgressRow } from './progress-read.js';
import type { Database } from './schema.js';

/**
 * Reads for the open data downloads (and the API's progress routes) that progress-read.ts has no
 * query for: progress of every organisation on every target with the organisation's name, layer and
 * province, and the public fields of every explanation. Ordered by their primary keys, so that a
 * download is the same file for the same data.
 */

/** Progress rows with the organisation's name, layer and province; narrowed to one organisation or target. */
export async function progressWithOrganisations(
  db: Kysely<Database>,
  where: { organisationCode?: string; targetId?: string } = {},
): Promise<OrganisationProgressRow[]> {
  let query = db
    .selectFrom('progress')
    .innerJoin('organisation', 'organisation.code', 'progress.organisation_code')
    .select([
      'progress.organisation_code as organisationCode',
      'progress.target_id as targetId',
      'progress.status',
      'progress.value',
      'progress.domains_total as domainsTotal',
      'progress.domains_met as domainsMet',
      'progress.domains_failing as domainsFailing',
      'progress.domains_unknown as domainsUnknown',
      'progress.domains_explained as domainsExplained',
      'progress.deadline',
      'progress.planned_date as plannedDate',
      'progress.effective_date as effectiveDate',
      'progress.forecast_date as forecastDate',
      'progress.reason',
      'progress.updated_at as updatedAt',
      'organisation.name',
      'organisation.layer',
      'organisation.province_code as provinceCode',
    ]);
  if (where.organisationCode !== undefined) query = query.where('progress.organisation_code', '=', where.organisationCode);
  if (where.targetId !== undefined) query = query.where('progress.target_id', '=', where.targetId);
  return query.orderBy('progress.organisation_code').orderBy('progress.target_id').execute();
}

/** The public fields of an explanation: not its basis, decider or decision note. */
export interface PublicExplanationRow extends ActiveExplanation {
  reason: string;
  state: ExplanationState;
  expiresOn: string;
  /** As recorded by whoever wrote the explanation. */
  author: string;
  decidedAt: Date | null;
}

/** Every explanation, in every state, by id. */
export async function publicExplanations(db: Kysely<Database>): Promise<PublicExplanationRow[]> {
  return db
    .selectFrom('explanation')
    .select([
      'id',
      'scope',
      'target_id as targetId',
      'organisation_code as organisationCode',
      'domain',
      'check_id as checkId',
      'supplier',
      'supplier_role as supplierRole',
      'reason',
      'state',
      'expires_on as expiresOn',
      'author',
      'decided_at as decidedAt',
    ])
    .orderBy('id')
    .execute();
}

/** When an explanation last changed (created, decided or ended), for the download's "modified" date. */
export async function explanationsUpdatedAt(db: Kysely<Database>): Promise<Date | undefined> {
  const row = await db
    .selectFrom('explanation')
    .select((eb) => [eb.fn.max('created_at').as('created'), eb.fn.max('decided_at').as('decided'), eb.fn.max('ended_at').as('ended')])
    .executeTakeFirst();
  const dates = [row?.created, row?.decided, row?.ended].filter((d): d is Date => d !== null && d !== undefined).map((d) => new Date(d));
  return dates.length === 0 ? undefined : new Date(Math.max(...dates.map((d) => d.getTime())));
}
