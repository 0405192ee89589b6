import type { Kysely } from 'kysely';
import type { Logger } from '../config/logger.js';
import { messageOf } from '../domain/errors.js';
import { claimDelivery, dueDeliveries, finishDelivery, type DueDelivery } from '../store/notification-deliveries.js';
import { organisationNames } from '../store/organisations.js';
import type { Database } from '../store/schema.js';
import type { Channel } from '../store/subscriptions.js';
import { composeMail, webhookBody, type EventContext, type NotificationTexts } from './notification-message.js';
import type { Mailer } from './notify-email.js';
import { WebhookRefused, type WebhookCaller } from './notify-webhook.js';
import type { StrategyReader } from './strategy-types.js';

/** What one delivery pass needs. */
export interface DeliveryDeps {
  db: Kysely<Database>;
  strategy: StrategyReader;
  logger: Logger;
  /** The words of the notifications, in `lang`. */
  texts: NotificationTexts;
  lang: 'nl' | 'en';
  publicUrl: string;
  /** Absent without an SMTP server: e-mail subscriptions wait. */
  mailer?: Mailer | undefined;
  webhook: WebhookCaller;
  maxAttempts: number;
  retryMs: number;
  maxAgeMs: number;
  /** At most this many deliveries per pass (default 200). */
  batch?: number;
}

export interface DeliveryOutcome {
  sent: number;
  /** Failed attempts (retried later unless they were the last). */
  failed: number;
}

/** Events older than this are not delivered any more. */
export const MAX_EVENT_AGE_MS = 7 * 86_400_000;

async function contexts(deps: DeliveryDeps, due: readonly DueDelivery[]): Promise<(d: DueDelivery) => EventContext> {
  const names = await organisationNames(deps.db, [...new Set(due.map((d) => d.event.organisationCode))]);
  const current = await deps.strategy.current();
  const titles = new Map((current?.strategy.targets ?? []).map((t) => [t.id, t.title[deps.lang]]));
  return (d) => ({
    organisationName: names.get(d.event.organisationCode) ?? d.event.organisationCode,
    targetTitle: d.event.targetId === null ? null : (titles.get(d.event.targetId) ?? null),
    publicUrl: deps.publicUrl,
  });
}

async function attempt(deps: DeliveryDeps, due: DueDelivery, context: EventContext): Promise<void> {
  const { subscription, event } = due;
  if (subscription.channel === 'email') {
    if (deps.mailer === undefined) throw new Error('no SMTP server is configured (THORBECKE_SMTP_URL)');
    await deps.mailer.send(subscription.address, await composeMail(event, context, deps.texts, subscription.id));
  } else {
    await deps.webhook(subscription.address, webhookBody(event, context, deps.texts), subscription.secret);
  }
}

/**
 * One pass: every event × subscription that is due (new, or failed and past its back-off) is claimed, attempted
 * and recorded. A refusal by the SSRF guard is not retried. `now` is the clock of the back-off (tests pass one).
 */
export async function deliverDue(deps: DeliveryDeps, now: Date = new Date()): Promise<DeliveryOutcome> {
  const channels: Channel[] = deps.mailer === undefined ? ['webhook'] : ['email', 'webhook'];
  const due = await dueDeliveries(deps.db, {
    now,
    channels,
    maxAttempts: deps.maxAttempts,
    retryMs: deps.retryMs,
    maxAgeMs: deps.maxAgeMs,
    limit: deps.batch ?? 200,
  });
  const outcome: DeliveryOutcome = { sent: 0, failed: 0 };
  if (due.length === 0) return outcome;
  const contextOf = await contexts(deps, due);
  for (const d of due) {
    if (!(await claimDelivery(deps.db, d, now))) continue;
    const log = { eventId: d.event.id, subscriptionId: d.subscription.id, channel: d.subscription.channel, attempt: d.attempts + 1 };
    try {
      await attempt(deps, d, contextOf(d));
      await finishDelivery(deps.db, d, { ok: true }, now);
      outcome.sent += 1;
      deps.logger.debug(log, 'Notification delivered');
    } catch (error) {
      const permanent = error instanceof WebhookRefused;
      const last = permanent || d.attempts + 1 >= deps.maxAttempts;
      await finishDelivery(deps.db, d, { ok: false, error: messageOf(error), ...(permanent ? { giveUpAt: deps.maxAttempts } : {}) }, now);
      outcome.failed += 1;
      deps.logger.warn({ ...log, error: messageOf(error) }, last ? 'Notification failed; given up' : 'Notification failed; it is tried again later');
    }
  }
  return outcome;
}
