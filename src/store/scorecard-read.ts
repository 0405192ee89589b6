import type { ActiveExplanation } from '../progress/coverage.js';
import type { Kysely } from 'kysely';
import type { ExplanationScope, ExplanationState, SupplierRole } from '../domain/progress.js';
import type { Database } from './schema.js';

/** Reads for the organisation scorecard that progress-read.ts does not cover: the explanations it shows. */

/** An explanation as the scorecard and the report show it. */
export interface ExplanationSummary extends ActiveExplanation {
  state: ExplanationState;
  reason: string;
  expiresOn: string;
  decidedAt: Date | null;
}

/** The columns an ExplanationSummary is read from. */
export const EXPLANATION_COLUMNS = [
  'id',
  'scope',
  'state',
  'target_id',
  'organisation_code',
  'domain',
  'check_id',
  'supplier',
  'supplier_role',
  'reason',
  'expires_on',
  'decided_at',
] as const;

type RawExplanation = {
  id: number | string;
  scope: ExplanationScope;
  state: ExplanationState;
  target_id: string;
  organisation_code: string | null;
  domain: string | null;
  check_id: string | null;
  supplier: string | null;
  supplier_role: SupplierRole | null;
  reason: string;
  expires_on: string;
  decided_at: Date | null;
};

/** A row of the explanation table as an ExplanationSummary (ids are bigint: read as numbers). */
export function toExplanationSummary(r: RawExplanation): ExplanationSummary {
  return {
    id: Number(r.id),
    scope: r.scope,
    state: r.state,
    targetId: r.target_id,
    organisationCode: r.organisation_code,
    domain: r.domain,
    checkId: r.check_id,
    supplier: r.supplier,
    supplierRole: r.supplier_role,
    reason: r.reason,
    expiresOn: r.expires_on,
    decidedAt: r.decided_at,
  };
}

/**
 * The explanations shown on an organisation's scorecard: its own that are approved or proposed, and every
 * explanation (also supplier-level ones, which name no organisation) that covers one of its domains in the
 * derived progress (progress_domain.explanation_id). Ordered by target and id.
 */
export async function explanationsForOrganisation(db: Kysely<Database>, code: string): Promise<ExplanationSummary[]> {
  const rows = await db
    .selectFrom('explanation')
    .select(EXPLANATION_COLUMNS)
    .where((eb) =>
      eb.or([
        eb.and([eb('organisation_code', '=', code), eb('state', 'in', ['approved', 'proposed'])]),
        eb(
          'id',
          'in',
          eb
            .selectFrom('progress_domain')
            .select('explanation_id')
            .where('organisation_code', '=', code)
            .where('explanation_id', 'is not', null)
            .$narrowType<{ explanation_id: number }>(),
        ),
      ]),
    )
    .orderBy('target_id')
    .orderBy('id')
    .execute();
  return rows.map(toExplanationSummary);
}

/** An organisation as the comparison's form and table show it. */
export interface OrganisationChoice {
  code: string;
  name: string;
  layer: string;
  /** Null while it exists. */
  validTo: string | null;
}

/** Organisations for the comparison: every current one by name (for the form's list), or those with these codes. */
export async function organisationChoices(db: Kysely<Database>, codes?: readonly string[]): Promise<OrganisationChoice[]> {
  let query = db.selectFrom('organisation').select(['code', 'name', 'layer', 'valid_to']);
  query = codes === undefined ? query.where('valid_to', 'is', null) : query.where('code', 'in', codes.length === 0 ? [''] : [...codes]);
  const rows = await query.orderBy('name').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, layer: r.layer, validTo: r.valid_to }));
}

/** Organisations whose name is exactly `name` (case-insensitive), for a comparison typed by name. */
export async function organisationsNamed(db: Kysely<Database>, names: readonly string[]): Promise<OrganisationChoice[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'layer', 'valid_to'])
    .where((eb) => eb(eb.fn('lower', ['name']), 'in', names.map((n) => n.toLowerCase())))
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, layer: r.layer, validTo: r.valid_to }));
}
