import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { ExplanationScope, ExplanationState, SupplierRole } from '../domain/progress.js';
import type { ActiveExplanation } from '../progress/coverage.js';
import type { ExplanationBasis } from '../progress/lapse.js';
import { parseBasis } from './explanation-basis.js';
import { measureBasis, ownersOf, supplierDomains, type BasisTarget } from './explanation-readings.js';
import { markDirty } from './progress-dirty.js';
import type { Database, ExplanationTable } from './schema.js';
import type { Actor } from '../domain/access.js';
import { appendAudit } from './audit.js';

/**
 * Comply-or-explain explanations: proposed by (or for) an organisation, decided by a coordinator, ended when
 * their date passes (expired) or the measured result they explain changes (lapsed). Every write runs in one
 * transaction with marking the affected organisations' progress for recomputation.
 */

type Executor = Kysely<Database> | Transaction<Database>;

export interface Explanation extends ActiveExplanation {
  reason: string;
  author: string;
  state: ExplanationState;
  expiresOn: string;
  /** What was measured when it was approved (src/progress/lapse.ts). */
  basis: ExplanationBasis | null;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  endedAt: Date | null;
  endedReason: string | null;
}

/** A validated proposal (the service checks it against the strategy and the register). */
export interface NewExplanation {
  scope: ExplanationScope;
  targetId: string;
  organisationCode: string | null;
  domain: string | null;
  checkId: string | null;
  supplier: string | null;
  supplierRole: SupplierRole | null;
  reason: string;
  author: string;
  expiresOn: string;
}

export interface ExplanationFilter {
  organisationCode?: string | undefined;
  targetId?: string | undefined;
  states?: readonly ExplanationState[] | undefined;
  scope?: ExplanationScope | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** What an explanation covers, from its row (every read of explanations for the engine uses this). */
export function toActiveExplanation(
  r: Pick<Selectable<ExplanationTable>, 'id' | 'scope' | 'target_id' | 'organisation_code' | 'domain' | 'check_id' | 'supplier' | 'supplier_role'>,
): ActiveExplanation {
  return {
    id: r.id,
    scope: r.scope,
    targetId: r.target_id,
    organisationCode: r.organisation_code,
    domain: r.domain,
    checkId: r.check_id,
    supplier: r.supplier,
    supplierRole: r.supplier_role,
  };
}

export function toExplanation(r: Selectable<ExplanationTable>): Explanation {
  return {
    ...toActiveExplanation(r),
    reason: r.reason,
    author: r.author,
    state: r.state,
    expiresOn: r.expires_on,
    basis: parseBasis(r.basis),
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    endedAt: r.ended_at,
    endedReason: r.ended_reason,
  };
}

/** The organisations whose progress an explanation can change: its own, or the owners of a supplier's domains. */
export async function affectedOrganisations(db: Executor, e: Pick<Explanation, 'organisationCode' | 'supplier' | 'supplierRole' | 'basis'>): Promise<string[]> {
  if (e.organisationCode !== null) return [e.organisationCode];
  if (e.supplier === null || e.supplierRole === null) return [];
  // the domains hosted there now, and those it was approved for (some may have moved since)
  const recorded = e.basis?.scope === 'supplier' ? Object.keys(e.basis.domains) : [];
  return ownersOf(db, [...new Set([...(await supplierDomains(db, e.supplier, e.supplierRole)), ...recorded])]);
}

/** Records a proposal (state `proposed`). */
export async function createExplanation(db: Kysely<Database>, input: NewExplanation, actor: Actor): Promise<Explanation> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('explanation')
      .values({
        scope: input.scope,
        target_id: input.targetId,
        organisation_code: input.organisationCode,
        domain: input.domain,
        check_id: input.checkId,
        supplier: input.supplier,
        supplier_role: input.supplierRole,
        reason: input.reason,
        author: input.author,
        state: 'proposed',
        expires_on: input.expiresOn,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const explanation = toExplanation(row);
    await markDirty(trx, await affectedOrganisations(trx, explanation));
    await appendAudit(trx, actor, { action: 'explanation.propose', organisationCode: explanation.organisationCode, subject: `explanation ${String(explanation.id)}`, before: null, after: auditView(explanation) });
    return explanation;
  });
}

/** What the audit log keeps of an explanation (its basis is derived and left out). */
function auditView(e: Explanation): Record<string, unknown> {
  return {
    scope: e.scope, targetId: e.targetId, organisationCode: e.organisationCode, domain: e.domain, checkId: e.checkId, supplier: e.supplier, supplierRole: e.supplierRole,
    reason: e.reason, author: e.author, state: e.state, expiresOn: e.expiresOn, decidedBy: e.decidedBy, decisionNote: e.decisionNote, endedReason: e.endedReason,
  };
}

export async function findExplanation(db: Executor, id: number): Promise<Explanation | undefined> {
  const row = await db.selectFrom('explanation').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toExplanation(row) : undefined;
}

/** Explanations matching the filter, newest first. A supplier explanation matches no organisation filter. */
export async function listExplanations(db: Executor, filter: ExplanationFilter = {}): Promise<Explanation[]> {
  let query = db.selectFrom('explanation').selectAll();
  if (filter.organisationCode !== undefined) query = query.where('organisation_code', '=', filter.organisationCode);
  if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
  if (filter.states !== undefined && filter.states.length > 0) query = query.where('state', 'in', [...filter.states]);
  if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope);
  query = query.orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset ?? 0);
  return (await query.execute()).map(toExplanation);
}

/** How many explanations match the filter (for paging). */
export async function countExplanations(db: Executor, filter: ExplanationFilter = {}): Promise<number> {
  let query = db.selectFrom('explanation').select(sql<number>`count(*)::int`.as('n'));
  if (filter.organisationCode !== undefined) query = query.where('organisation_code', '=', filter.organisationCode);
  if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
  if (filter.states !== undefined && filter.states.length > 0) query = query.where('state', 'in', [...filter.states]);
  if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope);
  return (await query.executeTakeFirstOrThrow()).n;
}

export interface Decision {
  decision: 'approve' | 'reject';
  by: string;
  note?: string | null | undefined;
  /** The target's required checks and asset kinds: what the basis reads (src/store/explanation-readings.ts). */
  target: BasisTarget;
  at?: Date | undefined;
}

/**
 * A coordinator's decision on a proposed explanation. Approval records its basis (what is measured now).
 * Throws NotFoundError for an unknown id and ConflictError when it is not proposed (any more).
 */
export async function decideExplanation(db: Kysely<Database>, id: number, decision: Decision, actor: Actor): Promise<Explanation> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('explanation').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError(`No explanation ${String(id)}.`);
    const current = toExplanation(row);
    if (current.state !== 'proposed') throw new ConflictError(`Explanation ${String(id)} is ${current.state}: only a proposed explanation can be decided.`);
    const approve = decision.decision === 'approve';
    const basis = approve ? await measureBasis(trx, current, decision.target) : null;
    const updated = await trx
      .updateTable('explanation')
      .set({
        state: approve ? 'approved' : 'rejected',
        basis: basis === null ? null : JSON.stringify(basis),
        decided_by: decision.by,
        decided_at: decision.at ?? new Date(),
        decision_note: decision.note ?? null,
        ...(approve ? {} : { ended_at: decision.at ?? new Date(), ended_reason: 'rejected' }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const explanation = toExplanation(updated);
    await markDirty(trx, await affectedOrganisations(trx, explanation));
    await appendAudit(trx, actor, { action: `explanation.${decision.decision}`, organisationCode: explanation.organisationCode, subject: `explanation ${String(id)}`, before: auditView(current), after: auditView(explanation) });
    return explanation;
  });
}

/**
 * Ends an explanation (`expired` or `lapsed`) with the reason; returns undefined when it was already ended
 * or decided otherwise in the meantime. Runs in the caller's transaction when given one (and is then recorded
 * in the audit log).
 */
export async function endExplanation(
  db: Executor,
  id: number,
  end: { state: 'expired' | 'lapsed'; reason: string; from: readonly ExplanationState[]; at?: Date | undefined },
): Promise<Explanation | undefined> {
  const row = await db
    .updateTable('explanation')
    .set({ state: end.state, ended_at: end.at ?? new Date(), ended_reason: end.reason })
    .where('id', '=', id)
    .where('state', 'in', [...end.from])
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const explanation = toExplanation(row);
  await markDirty(db, await affectedOrganisations(db, explanation));
  // Ended by Thorbecke itself (expiry, or a changed measurement): recorded like every change.
  if (db.isTransaction) {
    await appendAudit(db, SYSTEM_ACTOR, { action: `explanation.${end.state}`, organisationCode: explanation.organisationCode, subject: `explanation ${String(id)}`, before: { state: end.from }, after: { state: end.state, reason: end.reason } });
  }
  return explanation;
}

const SYSTEM_ACTOR: Actor = { accountId: null, name: 'thorbecke', via: 'system' };

/** Approved explanations of these organisations plus every approved supplier explanation, as the engine sees them. */
export async function activeExplanations(db: Executor, codes: readonly string[]): Promise<ActiveExplanation[]> {
  let query = db
    .selectFrom('explanation')
    .select(['id', 'scope', 'target_id', 'organisation_code', 'domain', 'check_id', 'supplier', 'supplier_role'])
    .where('state', '=', 'approved');
  query =
    codes.length === 0
      ? query.where('organisation_code', 'is', null)
      : query.where((eb) => eb.or([eb('organisation_code', 'is', null), sql<boolean>`organisation_code = any(${[...codes]}::text[])`]));
  const rows = await query.orderBy('id').execute();
  return rows.map(toActiveExplanation);
}
