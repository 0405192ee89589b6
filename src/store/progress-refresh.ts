import type { Kysely } from 'kysely';
import { isWorse } from '../domain/progress.js';
import type { Assessment, DomainInput } from '../progress/assess.js';
import { isoDay, weekStart } from '../progress/dates.js';
import { assessOrganisation, changesOf, targetsFor } from '../progress/organisation.js';
import type { Strategy } from '../strategy/schema.js';
import { commitmentsOf } from './commitments.js';
import { activeExplanations, reviewExplanations, supplierProviders } from './explanations-review.js';
import { recordEvents, type ProgressEventInput } from './progress-events.js';
import { batchDomains, batchHistory, batchOrganisations, batchPrevious } from './progress-inputs.js';
import { clearDirty, markAllDirty, takeDirty } from './progress-dirty.js';
import { lockProgress, writeAggregates, writeAssessments } from './progress-write.js';
import type { Database } from './schema.js';

/**
 * Keeping derived progress current, incrementally: a changed observation, commitment or explanation marks the
 * organisations it concerns (progress-dirty.ts); a refresh recomputes only those, in batches, then the
 * pre-aggregated figures (one statement) and this week's history rows. A crash loses nothing: an organisation
 * stays marked until the transaction that wrote its new progress commits, and a mark made while it was being
 * recomputed survives (its id is higher than the ones read) so it is recomputed again.
 */

export interface RefreshOptions {
  /** The clock (tests). */
  now?: Date;
  /** Recompute every organisation (a new strategy version, a new day). */
  all?: boolean;
  /** Organisations per batch. */
  batchSize?: number;
}

export interface RefreshOutcome {
  organisations: number;
  events: number;
  /** Explanations that expired or lapsed in this refresh. */
  explanationsEnded: number;
  durationMs: number;
}

/** Every check that some check-based target of the strategy requires. */
export function requiredChecks(strategy: Strategy): string[] {
  const ids = new Set<string>();
  for (const t of strategy.targets) if (t.indicator.kind === 'checks') for (const id of t.indicator.checks) ids.add(id);
  return [...ids].sort();
}

export async function refreshProgress(db: Kysely<Database>, strategy: Strategy, options: RefreshOptions = {}): Promise<RefreshOutcome> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const today = isoDay(now);
  const period = weekStart(today);
  const batchSize = options.batchSize ?? 100;
  if (options.all === true) await markAllDirty(db);
  const checks = requiredChecks(strategy);
  let organisations = 0;
  let events = 0;
  let explanationsEnded = 0;
  for (;;) {
    const dirty = await takeDirty(db, batchSize);
    if (dirty.length === 0) break;
    const codes = dirty.map((d) => d.code);
    const review = await reviewExplanations(db, { today, organisations: codes });
    explanationsEnded += review.changed.length;
    const computed = await computeBatch(db, strategy, codes, { today, period, checks });
    const eventInputs = [...computed.events, ...review.changed.flatMap((c) => explanationEvent(c, now))];
    await db.transaction().execute(async (trx) => {
      await lockProgress(trx);
      await writeAssessments(trx, codes, computed.assessments, period);
      events += await recordEvents(trx, eventInputs);
      await clearDirty(trx, dirty);
    });
    organisations += codes.length;
  }
  if (organisations > 0 || options.all === true) {
    await db.transaction().execute(async (trx) => {
      await lockProgress(trx);
      await writeAggregates(trx, period);
      if (options.all === true) {
        await trx
          .insertInto('progress_full_refresh')
          .values({ day: today, at: now })
          .onConflict((oc) => oc.column('singleton').doUpdateSet({ day: today, at: now }))
          .execute();
      }
    });
  }
  return { organisations, events, explanationsEnded, durationMs: performance.now() - started };
}

interface BatchContext {
  today: string;
  period: string;
  checks: readonly string[];
}

/** The new assessments of a batch of organisations and the events their changes give. */
async function computeBatch(
  db: Kysely<Database>,
  strategy: Strategy,
  codes: readonly string[],
  ctx: BatchContext,
): Promise<{ assessments: Map<string, Map<string, Assessment>>; events: ProgressEventInput[] }> {
  const orgs = (await batchOrganisations(db, codes, ctx.today)).filter((o) => !o.ended && targetsFor(strategy, o.layer).length > 0);
  const live = orgs.map((o) => o.code);
  const [domains, history, previous, explanations, commitments] = await Promise.all([
    batchDomains(db, live, ctx.checks),
    batchHistory(db, live, ctx.period),
    batchPrevious(db, live),
    activeExplanations(db, live),
    commitmentsOf(db, live),
  ]);
  if (explanations.some((e) => e.scope === 'supplier')) await attachProviders(db, domains);
  const assessments = new Map<string, Map<string, Assessment>>();
  const events: ProgressEventInput[] = [];
  const stamp = new Date().toISOString();
  for (const org of orgs) {
    const result = assessOrganisation(strategy, {
      organisation: org,
      today: ctx.today,
      domains: domains.get(org.code) ?? [],
      commitments: commitments.get(org.code) ?? new Map(),
      explanations,
      history: history.get(org.code) ?? new Map(),
    });
    assessments.set(org.code, result);
    const changes = changesOf(previous.get(org.code) ?? new Map(), result);
    for (const change of changes.statuses) {
      const kind = isWorse(change.to, change.from) ? 'status-worsened' : 'status-improved';
      events.push({
        organisationCode: org.code,
        targetId: change.targetId,
        kind,
        dedupeKey: `${kind}:${org.code}:${change.targetId}:${change.from}>${change.to}:${stamp}`,
        detail: { from: change.from, to: change.to, value: result.get(change.targetId)?.value ?? null },
      });
    }
    for (const regression of changes.regressions) {
      for (const d of regression.domains) {
        events.push({
          organisationCode: org.code,
          targetId: regression.targetId,
          kind: 'finding-regressed',
          dedupeKey: `finding-regressed:${org.code}:${regression.targetId}:${d.domain}:${stamp}`,
          detail: { domain: d.domain, checks: d.checks },
        });
      }
    }
  }
  return { assessments, events };
}

/** Supplier-level explanations need to know who hosts each domain: read from the hosting checks' evidence. */
async function attachProviders(db: Kysely<Database>, domains: Map<string, DomainInput[]>): Promise<void> {
  const names = [...new Set([...domains.values()].flat().map((d) => d.domain))];
  const providers = await supplierProviders(db, names);
  for (const [code, list] of domains) domains.set(code, list.map((d) => ({ ...d, providers: providers.get(d.domain) ?? {} })));
}

function explanationEvent(
  change: { id: number; organisationCode: string | null; targetId: string; from: string; to: string },
  now: Date,
): ProgressEventInput[] {
  if (change.organisationCode === null) return [];
  return [
    {
      organisationCode: change.organisationCode,
      targetId: change.targetId,
      kind: 'explanation-changed',
      dedupeKey: `explanation-changed:${change.id}:${change.to}:${now.toISOString()}`,
      detail: { explanationId: change.id, from: change.from, to: change.to },
    },
  ];
}

/** The day every organisation was last recomputed (`all`), if ever. */
export async function lastFullRefreshDay(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('progress_full_refresh').select('day').executeTakeFirst();
  return row?.day;
}
