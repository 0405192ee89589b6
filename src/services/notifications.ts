import type { Kysely } from 'kysely';
import type { Config } from '../config/schema.js';
import type { Logger } from '../config/logger.js';
import { appVersion } from '../config/version.js';
import { messageOf } from '../domain/errors.js';
import { isoDay } from '../progress/dates.js';
import { parseCidrList } from '../scan/address-policy.js';
import type { Database } from '../store/schema.js';
import { deliverDue, MAX_EVENT_AGE_MS, type DeliveryDeps } from './notification-delivery.js';
import type { NotificationTexts } from './notification-message.js';
import { sweepDueEvents } from './notifications-sweep.js';
import { createMailer } from './notify-email.js';
import { createWebhookCaller } from './notify-webhook.js';
import type { StrategyReader } from './strategy-types.js';

/**
 * Notifications in a long-running process: the reminder sweep every hour and delivery of new events every
 * THORBECKE_NOTIFY_INTERVAL. E-mail is written in THORBECKE_DEFAULT_LANG: a subscription has no language of
 * its own (yet). Several processes on one PostgreSQL database may each run this: a delivery is claimed before
 * it is attempted, and the sweep's events are deduplicated.
 */

export const SWEEP_INTERVAL_MS = 3_600_000;

/** Why e-mail subscriptions are not delivered with this configuration, or undefined when they are. */
export function emailUnavailable(config: Pick<Config, 'THORBECKE_SMTP_URL'>): string | undefined {
  return config.THORBECKE_SMTP_URL === undefined
    ? 'no SMTP server is configured (THORBECKE_SMTP_URL): e-mail subscriptions are kept, but nothing is sent until one is set'
    : undefined;
}

export interface NotificationOptions {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  strategy: StrategyReader;
  /** The messages in THORBECKE_DEFAULT_LANG: `locale(config.THORBECKE_DEFAULT_LANG).t.notifications`. */
  texts: NotificationTexts;
}

export interface Notifications {
  /** Runs a sweep now (tests, `thorbecke progress`); returns the number of new events. */
  sweep(now?: Date): Promise<number>;
  /** Runs a delivery pass now. */
  deliver(now?: Date): Promise<{ sent: number; failed: number }>;
  stop(): Promise<void>;
}

/** The delivery settings of a configuration (mailer, webhook guard, retries). */
export function deliveryDeps(options: NotificationOptions): DeliveryDeps {
  const { config } = options;
  const timeoutMs = Math.round(config.THORBECKE_NOTIFY_TIMEOUT * 1000);
  const allow = config.THORBECKE_ALLOW_TARGETS === undefined ? [] : parseCidrList(config.THORBECKE_ALLOW_TARGETS);
  return {
    db: options.db,
    strategy: options.strategy,
    logger: options.logger,
    texts: options.texts,
    lang: config.THORBECKE_DEFAULT_LANG,
    publicUrl: config.THORBECKE_PUBLIC_URL,
    mailer:
      config.THORBECKE_SMTP_URL === undefined
        ? undefined
        : createMailer({ smtpUrl: config.THORBECKE_SMTP_URL, from: config.THORBECKE_MAIL_FROM, timeoutMs }),
    webhook: createWebhookCaller({ allow, timeoutMs, userAgent: `Thorbecke/${appVersion()} (+${config.THORBECKE_PUBLIC_URL})` }),
    maxAttempts: config.THORBECKE_NOTIFY_ATTEMPTS,
    retryMs: config.THORBECKE_NOTIFY_RETRY_DELAY,
    maxAgeMs: MAX_EVENT_AGE_MS,
  };
}

/**
 * Starts the sweep (at once, then hourly) and delivery (every THORBECKE_NOTIFY_INTERVAL). A failing pass is
 * logged and tried at the next tick; passes never overlap. `stop()` waits for a running pass.
 */
export function startNotifications(options: NotificationOptions): Notifications {
  const { db, logger, strategy } = options;
  const deps = deliveryDeps(options);
  let warnedNoSmtp = false;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  const sweep = async (now = new Date()): Promise<number> => {
    const added = await sweepDueEvents(db, strategy, isoDay(now));
    if (added > 0) logger.info({ events: added }, 'Recorded reminders (deadlines, planned dates, expiring explanations)');
    return added;
  };
  const deliver = async (now = new Date()): Promise<{ sent: number; failed: number }> => {
    if (deps.mailer === undefined && !warnedNoSmtp) {
      const waiting = await db.selectFrom('subscription').select((eb) => eb.fn.countAll<number>().as('n')).where('channel', '=', 'email').executeTakeFirst();
      const count = waiting?.n ?? 0;
      if (count > 0) {
        warnedNoSmtp = true;
        logger.warn({ subscriptions: count }, `E-mail notifications are not sent: ${emailUnavailable(options.config) ?? ''}`);
      }
    }
    return deliverDue(deps, now);
  };
  /** Runs one pass after the previous one, logging its failure. */
  const queue = (name: string, pass: () => Promise<unknown>): void => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await pass();
      } catch (error) {
        logger.error({ error: messageOf(error) }, `Notification ${name} failed; it runs again at the next interval`);
      }
    });
  };

  queue('sweep', () => sweep());
  const sweepTimer = setInterval(() => {
    queue('sweep', () => sweep());
  }, SWEEP_INTERVAL_MS);
  const deliverTimer = setInterval(() => {
    queue('delivery', () => deliver());
  }, options.config.THORBECKE_NOTIFY_INTERVAL);
  sweepTimer.unref();
  deliverTimer.unref();

  return {
    sweep,
    deliver,
    stop: async () => {
      stopped = true;
      clearInterval(sweepTimer);
      clearInterval(deliverTimer);
      await running;
      deps.mailer?.close();
    },
  };
}
