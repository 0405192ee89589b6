import { sql, type Kysely } from 'kysely';
import type { ProgressEventKind } from '../domain/progress.js';
import { toProgressEvent, type ProgressEvent } from './progress-events.js';
import type { Database } from './schema.js';
import type { Channel } from './subscriptions.js';

/**
 * Which event goes to which subscriber, and what came of it. A row of `notification_delivery` per event ×
 * subscription (its primary key), so nothing is sent twice:
 *
 * - no row: not tried yet;
 * - `failed` with `attempts` below the maximum: tried and failed (or being tried now), tried again after a
 *   back-off of `retryMs × 2^(attempts − 1)` since `updated_at`;
 * - `failed` with `attempts` at the maximum: given up, `last_error` says why;
 * - `sent`: delivered.
 *
 * A delivery is claimed before it is attempted (the claim counts the attempt and moves `updated_at`), so two
 * processes sharing a PostgreSQL database never deliver the same pair at once.
 */

/** One event for one subscriber, due for an attempt. */
export interface DueDelivery {
  event: ProgressEvent;
  subscription: { id: number; channel: Channel; address: string; secret: string | null };
  /** Attempts made so far (0: never tried). */
  attempts: number;
}

export interface DueOptions {
  now: Date;
  /** The channels that can deliver now (e-mail only with an SMTP server). */
  channels: readonly Channel[];
  maxAttempts: number;
  /** The first back-off; it doubles with every failed attempt. */
  retryMs: number;
  /** Events older than this are not delivered any more (a subscriber is not flooded with old news). */
  maxAgeMs: number;
  limit: number;
}

interface DueRow {
  id: number;
  organisation_code: string;
  target_id: string | null;
  kind: ProgressEventKind;
  dedupe_key: string;
  detail: Record<string, unknown>;
  created_at: Date;
  subscription_id: number;
  channel: Channel;
  address: string;
  secret: string | null;
  attempts: number | null;
}

/** Event × subscription pairs to attempt now: never tried, or failed and past their back-off. Oldest events first. */
export async function dueDeliveries(db: Kysely<Database>, options: DueOptions): Promise<DueDelivery[]> {
  if (options.channels.length === 0) return [];
  const now = options.now.toISOString();
  const oldest = new Date(options.now.getTime() - options.maxAgeMs).toISOString();
  const { rows } = await sql<DueRow>`
    select e.id, e.organisation_code, e.target_id, e.kind, e.dedupe_key, e.detail, e.created_at,
           s.id as subscription_id, s.channel, s.address, s.secret, d.attempts
    from progress_event e
    join subscription s on s.organisation_code = e.organisation_code and e.created_at >= s.created_at
    left join notification_delivery d on d.event_id = e.id and d.subscription_id = s.id
    where s.channel in (${sql.join([...options.channels])})
      and e.created_at >= ${oldest}::timestamptz
      and (d.event_id is null
        or (d.state = 'failed' and d.attempts < ${options.maxAttempts}
          and d.updated_at <= ${now}::timestamptz - interval '1 millisecond' * (${options.retryMs}::double precision * power(2, d.attempts - 1))))
    order by e.id, s.id
    limit ${options.limit}`.execute(db);
  return rows.map((r) => ({
    event: toProgressEvent(r),
    subscription: { id: r.subscription_id, channel: r.channel, address: r.address, secret: r.secret },
    attempts: r.attempts ?? 0,
  }));
}

/**
 * Claims a due delivery for one attempt: true when this process may attempt it (nobody else claimed it since
 * it was read). The attempt is counted now, so a crash during it counts as a failed attempt.
 */
export async function claimDelivery(db: Kysely<Database>, due: DueDelivery, now: Date): Promise<boolean> {
  const key = { event_id: due.event.id, subscription_id: due.subscription.id };
  if (due.attempts === 0) {
    const inserted = await db
      .insertInto('notification_delivery')
      .values({ ...key, state: 'failed', attempts: 1, last_error: 'being delivered', updated_at: now })
      .onConflict((oc) => oc.columns(['event_id', 'subscription_id']).doNothing())
      .returning('attempts')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const updated = await db
    .updateTable('notification_delivery')
    .set({ attempts: due.attempts + 1, updated_at: now })
    .where('event_id', '=', key.event_id)
    .where('subscription_id', '=', key.subscription_id)
    .where('state', '=', 'failed')
    .where('attempts', '=', due.attempts)
    .returning('attempts')
    .executeTakeFirst();
  return updated !== undefined;
}

/**
 * Records the outcome of a claimed attempt: sent, or the error. A failure is retried until the attempts reach
 * the maximum; `giveUpAt` (the maximum) ends it at once (a failure that another attempt cannot mend).
 */
export async function finishDelivery(
  db: Kysely<Database>,
  due: DueDelivery,
  outcome: { ok: true } | { ok: false; error: string; giveUpAt?: number },
  now: Date,
): Promise<void> {
  const set = outcome.ok
    ? { state: 'sent' as const, last_error: null, updated_at: now }
    : {
        state: 'failed' as const,
        last_error: outcome.error.slice(0, 2000),
        updated_at: now,
        ...(outcome.giveUpAt === undefined ? {} : { attempts: Math.max(outcome.giveUpAt, due.attempts + 1) }),
      };
  await db
    .updateTable('notification_delivery')
    .set(set)
    .where('event_id', '=', due.event.id)
    .where('subscription_id', '=', due.subscription.id)
    .execute();
}

/** A delivery record (tests and `subscription list --json`). */
export interface DeliveryRecord {
  eventId: number;
  subscriptionId: number;
  state: 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
}

/** The delivery records of one subscription, oldest event first. */
export async function deliveriesOf(db: Kysely<Database>, subscriptionId: number): Promise<DeliveryRecord[]> {
  const rows = await db
    .selectFrom('notification_delivery')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('event_id')
    .execute();
  return rows.map((r) => ({ eventId: r.event_id, subscriptionId: r.subscription_id, state: r.state, attempts: r.attempts, lastError: r.last_error, updatedAt: r.updated_at }));
}
