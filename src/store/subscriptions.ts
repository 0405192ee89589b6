import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { ConflictError, InputError, NotFoundError } from '../domain/errors.js';
import { appendAudit } from './audit.js';
import { asActor, type ActorOrName } from './audit-actor.js';
import type { Database } from './schema.js';

/**
 * Subscriptions to an organisation's progress events: an e-mail address or a webhook URL. A subscriber gets
 * the events recorded after it subscribed (src/services/notifications.ts delivers them).
 */

export type Channel = 'email' | 'webhook';

export interface NewSubscription {
  organisationCode: string;
  channel: Channel;
  /** The e-mail address or the webhook URL. */
  address: string;
  /** Webhook only: the key of the `X-Thorbecke-Signature` HMAC. */
  secret?: string | undefined;
  /** Who subscribes (recorded in the audit log; its name as `created_by`). */
  createdBy: ActorOrName;
}

/** Deliveries of one subscription by outcome. */
export interface DeliveryCounts {
  sent: number;
  /** Failed so far, tried again later. */
  retrying: number;
  /** Failed at every attempt; given up. */
  failed: number;
}

export interface Subscription {
  id: number;
  organisationCode: string;
  channel: Channel;
  address: string;
  /** Whether webhook calls are signed (the secret itself is never read back out). */
  signed: boolean;
  createdBy: string;
  createdAt: Date;
}

export interface SubscriptionWithCounts extends Subscription {
  deliveries: DeliveryCounts;
}

const secretSchema = z.string().min(16, 'use a secret of at least 16 characters').max(256);
const inputSchema = z.discriminatedUnion('channel', [
  z.strictObject({
    organisationCode: z.string().trim().min(1),
    channel: z.literal('email'),
    address: z.email('not an e-mail address').max(320),
    secret: z.never({ error: 'a secret is for webhooks only' }).optional(),
    createdBy: z.string().trim().min(1, 'say who subscribes (--by)').max(200),
  }),
  z.strictObject({
    organisationCode: z.string().trim().min(1),
    channel: z.literal('webhook'),
    address: z.url({ protocol: /^https?$/, error: 'use an https:// URL (http:// only for addresses in THORBECKE_ALLOW_TARGETS)' }).max(2000),
    secret: secretSchema.optional(),
    createdBy: z.string().trim().min(1, 'say who subscribes (--by)').max(200),
  }),
]);

/** Validates a new subscription; throws InputError naming each bad field. `createdBy` comes back as a name. */
export function parseSubscription(input: NewSubscription): NewSubscription & { createdBy: string } {
  const clean = { ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)), createdBy: asActor(input.createdBy).name };
  const parsed = inputSchema.safeParse(clean);
  if (!parsed.success) {
    throw new InputError(
      'invalid subscription',
      parsed.error.issues.map((issue) => ({ location: issue.path.join('.') || undefined, message: issue.message })),
    );
  }
  return parsed.data;
}

/** What the audit log records of a subscription (never its secret). */
function audited(s: Subscription): Record<string, unknown> {
  return { channel: s.channel, address: s.address, signed: s.signed, createdBy: s.createdBy };
}

/**
 * Adds a subscription, with an audit entry in the same transaction; NotFoundError for an unknown
 * organisation, ConflictError when it exists already.
 */
export async function addSubscription(db: Kysely<Database>, input: NewSubscription): Promise<Subscription> {
  const s = parseSubscription(input);
  const actor = { ...asActor(input.createdBy), name: s.createdBy };
  return db.transaction().execute(async (trx) => {
    const organisation = await trx.selectFrom('organisation').select('code').where('code', '=', s.organisationCode).executeTakeFirst();
    if (organisation === undefined) throw new NotFoundError(`There is no organisation with code ${s.organisationCode}.`);
    const row = await trx
      .insertInto('subscription')
      .values({ organisation_code: s.organisationCode, channel: s.channel, address: s.address, secret: s.secret ?? null, created_by: s.createdBy })
      .onConflict((oc) => oc.columns(['organisation_code', 'channel', 'address']).doNothing())
      .returning(['id', 'organisation_code', 'channel', 'address', 'secret', 'created_by', 'created_at'])
      .executeTakeFirst();
    if (row === undefined) throw new ConflictError(`${s.address} is subscribed to ${s.organisationCode} already.`);
    const subscription = toSubscription(row);
    await appendAudit(trx, actor, {
      action: 'subscription.write',
      organisationCode: subscription.organisationCode,
      subject: `subscription ${subscription.id}`,
      after: audited(subscription),
    });
    return subscription;
  });
}

type Row = { id: number; organisation_code: string; channel: Channel; address: string; secret: string | null; created_by: string; created_at: Date };

function toSubscription(r: Row): Subscription {
  return {
    id: r.id,
    organisationCode: r.organisation_code,
    channel: r.channel,
    address: r.address,
    signed: r.secret !== null,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/**
 * Subscriptions (of one organisation, or all) with their delivery counts, by organisation and id.
 * `maxAttempts` tells a failure that is retried from one that was given up.
 */
export async function listSubscriptions(db: Kysely<Database>, options: { organisationCode?: string | undefined; maxAttempts: number }): Promise<SubscriptionWithCounts[]> {
  let query = db
    .selectFrom('subscription as s')
    .leftJoin('notification_delivery as d', 'd.subscription_id', 's.id')
    .select(['s.id', 's.organisation_code', 's.channel', 's.address', 's.secret', 's.created_by', 's.created_at'])
    .select([
      sql<number>`count(*) filter (where d.state = 'sent')::int`.as('sent'),
      sql<number>`count(*) filter (where d.state = 'failed' and d.attempts < ${options.maxAttempts})::int`.as('retrying'),
      sql<number>`count(*) filter (where d.state = 'failed' and d.attempts >= ${options.maxAttempts})::int`.as('failed'),
    ])
    .groupBy(['s.id', 's.organisation_code', 's.channel', 's.address', 's.secret', 's.created_by', 's.created_at']);
  if (options.organisationCode !== undefined) query = query.where('s.organisation_code', '=', options.organisationCode);
  const rows = await query.orderBy('s.organisation_code').orderBy('s.id').execute();
  return rows.map((r) => ({ ...toSubscription(r), deliveries: { sent: r.sent, retrying: r.retrying, failed: r.failed } }));
}

/**
 * Removes a subscription and its delivery records, with an audit entry by `by` in the same transaction;
 * NotFoundError when there is none with that id.
 */
export async function removeSubscription(db: Kysely<Database>, id: number, by: ActorOrName): Promise<Subscription> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('subscription')
      .where('id', '=', id)
      .returning(['id', 'organisation_code', 'channel', 'address', 'secret', 'created_by', 'created_at'])
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError(`There is no subscription ${String(id)} (thorbecke subscription list shows them).`);
    const subscription = toSubscription(row);
    await appendAudit(trx, asActor(by), {
      action: 'subscription.write',
      organisationCode: subscription.organisationCode,
      subject: `subscription ${subscription.id}`,
      before: audited(subscription),
      after: null,
    });
    return subscription;
  });
}
