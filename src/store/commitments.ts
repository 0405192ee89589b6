import { sql, type Kysely, type Transaction } from 'kysely';
import type { CommitmentInput } from '../progress/assess.js';
import { markDirty } from './progress-dirty.js';
import type { Database, MilestoneRow } from './schema.js';
import type { Actor } from '../domain/access.js';
import { appendAudit } from './audit.js';

/**
 * Commitments: an organisation's own planned date for a target, with optional milestones (the share it plans
 * to have reached by a date). The status is judged against the earlier of the planned date and the deadline
 * (src/progress/assess.ts). Each write marks the organisation's progress for recomputation in the same
 * transaction.
 */

type Executor = Kysely<Database> | Transaction<Database>;

export interface Commitment {
  organisationCode: string;
  targetId: string;
  plannedDate: string;
  milestones: MilestoneRow[];
  note: string | null;
  setBy: string;
  setAt: Date;
}

/** A validated commitment (the service checks dates against the target). */
export interface CommitmentWrite {
  organisationCode: string;
  targetId: string;
  plannedDate: string;
  milestones: readonly MilestoneRow[];
  note?: string | null | undefined;
  setBy: string;
}

function toCommitment(r: {
  organisation_code: string;
  target_id: string;
  planned_date: string;
  milestones: MilestoneRow[];
  note: string | null;
  set_by: string;
  set_at: Date;
}): Commitment {
  return {
    organisationCode: r.organisation_code,
    targetId: r.target_id,
    plannedDate: r.planned_date,
    milestones: [...r.milestones].sort((a, b) => a.date.localeCompare(b.date)),
    note: r.note,
    setBy: r.set_by,
    setAt: r.set_at,
  };
}

/** Sets (or replaces) an organisation's commitment for a target. */
export async function setCommitment(db: Kysely<Database>, input: CommitmentWrite, actor: Actor): Promise<Commitment> {
  return db.transaction().execute(async (trx) => {
    const before = await findCommitment(trx, input.organisationCode, input.targetId);
    const values = {
      planned_date: input.plannedDate,
      milestones: JSON.stringify([...input.milestones].sort((a, b) => a.date.localeCompare(b.date))),
      note: input.note ?? null,
      set_by: input.setBy,
      set_at: new Date(),
    };
    const row = await trx
      .insertInto('commitment')
      .values({ organisation_code: input.organisationCode, target_id: input.targetId, ...values })
      .onConflict((oc) => oc.columns(['organisation_code', 'target_id']).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await markDirty(trx, [input.organisationCode]);
    const after = toCommitment(row);
    await appendAudit(trx, actor, { action: 'commitment.set', organisationCode: input.organisationCode, subject: `commitment ${input.organisationCode}/${input.targetId}`, before: before && auditView(before), after: auditView(after) });
    return after;
  });
}

/** Removes a commitment; returns whether there was one. */
export async function clearCommitment(db: Kysely<Database>, organisationCode: string, targetId: string, actor: Actor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await findCommitment(trx, organisationCode, targetId);
    const result = await trx
      .deleteFrom('commitment')
      .where('organisation_code', '=', organisationCode)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    const removed = result.numDeletedRows > 0n;
    if (removed) {
      await markDirty(trx, [organisationCode]);
      await appendAudit(trx, actor, { action: 'commitment.clear', organisationCode, subject: `commitment ${organisationCode}/${targetId}`, before: before && auditView(before), after: null });
    }
    return removed;
  });
}

/** Commitments, of one organisation or all, by organisation and target. */
export async function listCommitments(db: Executor, organisationCode?: string): Promise<Commitment[]> {
  let query = db.selectFrom('commitment').selectAll();
  if (organisationCode !== undefined) query = query.where('organisation_code', '=', organisationCode);
  const rows = await query.orderBy('organisation_code').orderBy('target_id').execute();
  return rows.map(toCommitment);
}

export async function findCommitment(db: Executor, organisationCode: string, targetId: string): Promise<Commitment | undefined> {
  const row = await db
    .selectFrom('commitment')
    .selectAll()
    .where('organisation_code', '=', organisationCode)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  return row ? toCommitment(row) : undefined;
}

/** The commitments of these organisations as the engine takes them: by organisation, then by target. */
export async function commitmentsOf(db: Executor, codes: readonly string[]): Promise<Map<string, Map<string, CommitmentInput>>> {
  const result = new Map<string, Map<string, CommitmentInput>>();
  if (codes.length === 0) return result;
  const rows = await db
    .selectFrom('commitment')
    .select(['organisation_code', 'target_id', 'planned_date', 'milestones'])
    .where(sql<boolean>`organisation_code = any(${[...new Set(codes)]}::text[])`)
    .execute();
  for (const r of rows) {
    const byTarget = result.get(r.organisation_code) ?? new Map<string, CommitmentInput>();
    const milestones = [...r.milestones].sort((a, b) => a.date.localeCompare(b.date)).map((m) => ({ date: m.date, value: m.value }));
    byTarget.set(r.target_id, { plannedDate: r.planned_date, milestones });
    result.set(r.organisation_code, byTarget);
  }
  return result;
}

/** What the audit log keeps of a commitment. */
function auditView(c: Commitment): Record<string, unknown> {
  return { plannedDate: c.plannedDate, milestones: c.milestones, note: c.note };
}
