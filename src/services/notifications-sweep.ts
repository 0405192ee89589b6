import type { Kysely } from 'kysely';
import type { ExplanationScope, ProgressStatus } from '../domain/progress.js';
import { addDays, daysBetween } from '../progress/dates.js';
import { recordEvents, type ProgressEventInput, type ReminderWindow } from '../store/progress-events.js';
import type { Database } from '../store/schema.js';
import type { StrategyReader } from './strategy-types.js';

/**
 * Time-based events, recorded by a sweep that may run any number of times a day: reminders 30 and 7 days
 * before a target's deadline and before an organisation's own planned date (only where its status is not met
 * or explained), and before an approved explanation expires. Every reminder has a dedupe key naming the date
 * and the window, so a repeated sweep adds nothing, and a moved date gets reminders of its own.
 */

/**
 * The reminder window a date falls in as seen from `today`: 7 when it is 0..7 days away, 30 when 8..30 days
 * away, null otherwise (past, or further). A sweep that missed the day a window opened still sends it; a
 * sweep that first sees a date 5 days away sends only the 7-day reminder.
 *
 * @example
 * reminderWindow('2026-11-29', '2026-12-20') // 30
 * reminderWindow('2026-11-29', '2026-12-06') // 7
 */
export function reminderWindow(today: string, date: string): ReminderWindow | null {
  const daysLeft = daysBetween(today, date);
  if (daysLeft < 0 || daysLeft > 30) return null;
  return daysLeft <= 7 ? 7 : 30;
}

/** `deadline-approaching:gm0363:web-https:2026-12-31:30d` */
export function dateReminderKey(kind: 'deadline-approaching' | 'planned-date-approaching', organisationCode: string, targetId: string, date: string, window: ReminderWindow): string {
  return `${kind}:${organisationCode}:${targetId}:${date}:${String(window)}d`;
}

/** `explanation-expiring:42:gm0363:2027-01-31:7d` (a supplier-level explanation reminds every organisation it covers). */
export function expiryReminderKey(explanationId: number, organisationCode: string, expiresOn: string, window: ReminderWindow): string {
  return `explanation-expiring:${String(explanationId)}:${organisationCode}:${expiresOn}:${String(window)}d`;
}

const DONE: readonly ProgressStatus[] = ['met', 'explained'];

async function dateReminders(db: Kysely<Database>, strategy: StrategyReader, today: string): Promise<ProgressEventInput[]> {
  const horizon = addDays(today, 30);
  const current = await strategy.current();
  const deadlines = new Map((current?.strategy.targets ?? []).map((t) => [t.id, t.deadline]));
  const soon = [...deadlines].filter(([, deadline]) => reminderWindow(today, deadline) !== null).map(([id]) => id);
  const events: ProgressEventInput[] = [];

  if (soon.length > 0) {
    const rows = await db
      .selectFrom('progress')
      .select(['organisation_code', 'target_id', 'status'])
      .where('target_id', 'in', soon)
      .where('status', 'not in', DONE)
      .execute();
    for (const r of rows) {
      const deadline = deadlines.get(r.target_id);
      const window = deadline === undefined ? null : reminderWindow(today, deadline);
      if (deadline === undefined || window === null) continue;
      events.push({
        organisationCode: r.organisation_code,
        targetId: r.target_id,
        kind: 'deadline-approaching',
        dedupeKey: dateReminderKey('deadline-approaching', r.organisation_code, r.target_id, deadline, window),
        detail: { date: deadline, daysLeft: daysBetween(today, deadline), window, status: r.status },
      });
    }
  }

  const planned = await db
    .selectFrom('progress')
    .select(['organisation_code', 'target_id', 'status', 'planned_date'])
    .where('planned_date', '>=', today)
    .where('planned_date', '<=', horizon)
    .where('status', 'not in', DONE)
    .execute();
  for (const r of planned) {
    const date = r.planned_date;
    // A target no longer in the strategy gets no reminders; a planned date on the deadline is covered by the deadline's.
    if (date === null || !deadlines.has(r.target_id) || deadlines.get(r.target_id) === date) continue;
    const window = reminderWindow(today, date);
    if (window === null) continue;
    events.push({
      organisationCode: r.organisation_code,
      targetId: r.target_id,
      kind: 'planned-date-approaching',
      dedupeKey: dateReminderKey('planned-date-approaching', r.organisation_code, r.target_id, date, window),
      detail: { date, daysLeft: daysBetween(today, date), window, status: r.status },
    });
  }
  return events;
}

async function expiryReminders(db: Kysely<Database>, today: string): Promise<ProgressEventInput[]> {
  const explanations = await db
    .selectFrom('explanation')
    .select(['id', 'scope', 'target_id', 'organisation_code', 'expires_on'])
    .where('state', '=', 'approved')
    .where('expires_on', '>=', today)
    .where('expires_on', '<=', addDays(today, 30))
    .execute();
  if (explanations.length === 0) return [];
  // A supplier-level explanation belongs to no one organisation: it reminds each organisation whose domains it covers.
  const suppliers = explanations.filter((e) => e.organisation_code === null).map((e) => e.id);
  const covered = new Map<number, Set<string>>();
  if (suppliers.length > 0) {
    const rows = await db
      .selectFrom('progress_domain')
      .select(['explanation_id', 'organisation_code'])
      .distinct()
      .where('explanation_id', 'in', suppliers)
      .execute();
    for (const r of rows) {
      if (r.explanation_id === null) continue;
      const set = covered.get(r.explanation_id) ?? new Set<string>();
      set.add(r.organisation_code);
      covered.set(r.explanation_id, set);
    }
  }
  const events: ProgressEventInput[] = [];
  for (const e of explanations) {
    const window = reminderWindow(today, e.expires_on);
    if (window === null) continue;
    const organisations = e.organisation_code !== null ? [e.organisation_code] : [...(covered.get(e.id) ?? [])].sort();
    for (const code of organisations) {
      events.push({
        organisationCode: code,
        targetId: e.target_id,
        kind: 'explanation-expiring',
        dedupeKey: expiryReminderKey(e.id, code, e.expires_on, window),
        detail: { explanationId: e.id, scope: e.scope satisfies ExplanationScope, expiresOn: e.expires_on, daysLeft: daysBetween(today, e.expires_on), window },
      });
    }
  }
  return events;
}

/**
 * Records the reminders due on `today` (YYYY-MM-DD, UTC) and returns how many are new. Reads the progress table
 * (status, planned date), the current strategy (deadlines) and approved explanations (expiry).
 */
export async function sweepDueEvents(db: Kysely<Database>, strategy: StrategyReader, today: string): Promise<number> {
  const events = [...(await dateReminders(db, strategy, today)), ...(await expiryReminders(db, today))];
  return recordEvents(db, events);
}
