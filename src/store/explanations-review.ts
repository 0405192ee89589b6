import { sql, type Kysely } from 'kysely';
import type { ExplanationState } from '../domain/progress.js';
import { lapseReason } from '../progress/lapse.js';
import { measureNow } from './explanation-readings.js';
import { endExplanation, toExplanation, type Explanation } from './explanations.js';
import type { Database } from './schema.js';

/** What the progress refresher reads of explanations (defined next to the code that keeps them). */
export { activeExplanations } from './explanations.js';
export { supplierProviders } from './explanation-readings.js';

/** One explanation whose state the review changed. */
export interface ExplanationChange {
  id: number;
  organisationCode: string | null;
  targetId: string;
  from: ExplanationState;
  to: ExplanationState;
  reason: string;
}

export interface ReviewOptions {
  /** Today (YYYY-MM-DD, UTC): an explanation whose expiry date lies before it has expired. */
  today: string;
  /** Only the explanations of these organisations (supplier explanations are always reviewed). */
  organisations?: readonly string[] | undefined;
}

async function candidates(db: Kysely<Database>, options: ReviewOptions): Promise<Explanation[]> {
  let query = db.selectFrom('explanation').selectAll().where('state', 'in', ['proposed', 'approved']);
  if (options.organisations !== undefined) {
    const codes = [...options.organisations];
    query = query.where((eb) => eb.or([eb('organisation_code', 'is', null), sql<boolean>`organisation_code = any(${codes}::text[])`]));
  }
  return (await query.orderBy('id').execute()).map(toExplanation);
}

/**
 * Ends what no longer holds: a proposed or approved explanation whose expiry date has passed → `expired`; an
 * approved one whose basis (what was measured when it was approved) changed → `lapsed`, its ended reason
 * saying what changed (src/progress/lapse.ts). Each change runs in its own transaction with marking the
 * affected organisations dirty, so the refresher recomputes them next. Safe to run at any time and by several
 * processes: an explanation ended meanwhile is left as it is.
 */
export async function reviewExplanations(db: Kysely<Database>, options: ReviewOptions): Promise<{ changed: ExplanationChange[] }> {
  const changed: ExplanationChange[] = [];
  for (const e of await candidates(db, options)) {
    let end: { state: 'expired' | 'lapsed'; reason: string } | undefined;
    if (e.expiresOn < options.today) {
      end = { state: 'expired', reason: `its expiry date ${e.expiresOn} has passed` };
    } else if (e.state === 'approved' && e.basis !== null) {
      const basis = e.basis;
      const reason = lapseReason(basis, await measureNow(db, e, basis));
      if (reason !== null) end = { state: 'lapsed', reason };
    }
    if (end === undefined) continue;
    const what = end;
    const ended = await db.transaction().execute((trx) => endExplanation(trx, e.id, { ...what, from: [e.state] }));
    if (ended) changed.push({ id: e.id, organisationCode: e.organisationCode, targetId: e.targetId, from: e.state, to: what.state, reason: what.reason });
  }
  return { changed };
}
