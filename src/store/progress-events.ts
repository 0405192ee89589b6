import { z } from 'zod';
import type { Kysely, Transaction } from 'kysely';
import { InputError } from '../domain/errors.js';
import { EXPLANATION_SCOPES, EXPLANATION_STATES, PROGRESS_STATUSES, type ProgressEventKind } from '../domain/progress.js';
import type { Database } from './schema.js';

/**
 * Progress events: what changed or is about to happen for an organisation (its status on a target worsened, a
 * finding regressed, a deadline approaches, an explanation nears expiry). They are kept for the organisation's
 * Atom feed and delivered to its subscribers (src/services/notifications.ts). Each event is recorded once: its
 * `dedupe_key` is unique, so whoever records it (the progress refresh, the daily sweep) can do so repeatedly.
 */

type Executor = Kysely<Database> | Transaction<Database>;

const isoDate = z.iso.date();
const status = z.enum(PROGRESS_STATUSES);
/** Days before the date at which a reminder is sent. */
export const REMINDER_WINDOWS = [30, 7] as const;
export type ReminderWindow = (typeof REMINDER_WINDOWS)[number];
const window = z.union([z.literal(30), z.literal(7)]);

/** `status-worsened`, `status-improved`: the organisation's status on `target_id` went from `from` to `to`; `value` is the new indicator value (0..100) or null. */
export const statusChangeDetail = z.strictObject({ from: status, to: status, value: z.number().min(0).max(100).nullable() });
/** `finding-regressed`: on `domain`, these required checks of `target_id` passed before and fail now. */
export const findingRegressedDetail = z.strictObject({ domain: z.string().min(1), checks: z.array(z.string().min(1)).min(1) });
/**
 * `deadline-approaching` (the target's agreed deadline) and `planned-date-approaching` (the organisation's own
 * planned date): `date` is `daysLeft` days away, inside the reminder `window` (30 or 7 days); `status` is the
 * organisation's status on the target at the time (never met or explained: those get no reminder).
 */
export const dateApproachingDetail = z.strictObject({ date: isoDate, daysLeft: z.int().min(0), window, status });
/** `explanation-expiring`: approved explanation `explanationId` expires on `expiresOn`, `daysLeft` days away. */
export const explanationExpiringDetail = z.strictObject({
  explanationId: z.int().positive(),
  scope: z.enum(EXPLANATION_SCOPES),
  expiresOn: isoDate,
  daysLeft: z.int().min(0),
  window,
});
/** `explanation-changed`: explanation `explanationId` went from state `from` (null: it is new) to `to`. */
export const explanationChangedDetail = z.strictObject({
  explanationId: z.int().positive(),
  from: z.enum(EXPLANATION_STATES).nullable(),
  to: z.enum(EXPLANATION_STATES),
});

/** The shape of `detail` per event kind; {@link recordEvents} refuses any other. */
export const EVENT_DETAIL_SCHEMAS = {
  'status-worsened': statusChangeDetail,
  'status-improved': statusChangeDetail,
  'finding-regressed': findingRegressedDetail,
  'deadline-approaching': dateApproachingDetail,
  'planned-date-approaching': dateApproachingDetail,
  'explanation-expiring': explanationExpiringDetail,
  'explanation-changed': explanationChangedDetail,
} as const satisfies Record<ProgressEventKind, z.ZodType>;

/** The detail of an event of kind `K`. */
export type EventDetail<K extends ProgressEventKind> = z.infer<(typeof EVENT_DETAIL_SCHEMAS)[K]>;

/** An event to record. `detail` must match the kind's schema in {@link EVENT_DETAIL_SCHEMAS}. */
export interface ProgressEventInput {
  organisationCode: string;
  /** The target it is about; null for events about no one target. */
  targetId: string | null;
  kind: ProgressEventKind;
  /**
   * The same key means the same event, recorded once, e.g. `status-worsened:gm0363:web-https:2026-11-29`
   * or `explanation-expiring:42:2027-01-31:7d`.
   */
  dedupeKey: string;
  detail: Record<string, unknown>;
}

/** A recorded event with its detail, typed per kind. */
export type ProgressEvent = {
  [K in ProgressEventKind]: {
    id: number;
    organisationCode: string;
    targetId: string | null;
    kind: K;
    dedupeKey: string;
    detail: EventDetail<K>;
    createdAt: Date;
  };
}[ProgressEventKind];

/** Checks an event's detail against its kind's schema; throws InputError naming the event. */
export function validateEvent(event: ProgressEventInput): Record<string, unknown> {
  const parsed = EVENT_DETAIL_SCHEMAS[event.kind].safeParse(event.detail);
  if (!parsed.success) {
    throw new InputError(
      `the detail of event ${event.dedupeKey} (${event.kind}) does not have the documented shape`,
      parsed.error.issues.map((issue) => ({ location: ['detail', ...issue.path].join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}

const CHUNK = 500;

/**
 * Records events; an event whose dedupe key is known already is left as it is. Returns how many were new.
 * Call it inside the transaction of the change that causes the events where there is one.
 *
 * @example
 * await recordEvents(db, [{ organisationCode: 'gm0363', targetId: 'web-https', kind: 'status-worsened',
 *   dedupeKey: 'status-worsened:gm0363:web-https:2026-11-29', detail: { from: 'on-track', to: 'overdue', value: 40 } }]); // 1
 */
export async function recordEvents(db: Executor, events: readonly ProgressEventInput[]): Promise<number> {
  const rows = events.map((event) => ({
    organisation_code: event.organisationCode,
    target_id: event.targetId,
    kind: event.kind,
    dedupe_key: event.dedupeKey,
    detail: JSON.stringify(validateEvent(event)),
  }));
  let added = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const inserted = await db
      .insertInto('progress_event')
      .values(rows.slice(start, start + CHUNK))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    added += inserted.length;
  }
  return added;
}

type EventRow = {
  id: number;
  organisation_code: string;
  target_id: string | null;
  kind: ProgressEventKind;
  dedupe_key: string;
  detail: Record<string, unknown>;
  created_at: Date;
};

/** A stored row as an event (its detail was validated when it was recorded). */
export function toProgressEvent(row: EventRow): ProgressEvent {
  return {
    id: row.id,
    organisationCode: row.organisation_code,
    targetId: row.target_id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    detail: row.detail,
    createdAt: row.created_at,
  } as ProgressEvent;
}

export const eventColumns = ['id', 'organisation_code', 'target_id', 'kind', 'dedupe_key', 'detail', 'created_at'] as const;

/** An organisation's events, newest first (at most `limit`). */
export async function eventsOf(db: Kysely<Database>, code: string, limit = 50): Promise<ProgressEvent[]> {
  const rows = await db
    .selectFrom('progress_event')
    .select(eventColumns)
    .where('organisation_code', '=', code)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toProgressEvent);
}
