import type { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import { emailUnavailable } from '../../services/notifications.js';
import { addSubscription, listSubscriptions, removeSubscription, type SubscriptionWithCounts } from '../../store/subscriptions.js';
import { cliActor } from '../actor.js';
import { say, withStore } from '../context.js';

interface AddOptions {
  email?: string;
  webhook?: string;
  secret?: string;
  by: string;
}

async function add(organisation: string, options: AddOptions): Promise<void> {
  if ((options.email === undefined) === (options.webhook === undefined)) {
    throw new InputError('give either --email ADDRESS or --webhook URL');
  }
  await withStore(async ({ store, config }) => {
    const s = await addSubscription(store.db, {
      organisationCode: organisation,
      channel: options.email !== undefined ? 'email' : 'webhook',
      address: options.email ?? options.webhook ?? '',
      secret: options.secret,
      createdBy: cliActor(options.by),
    });
    say(`Subscription ${String(s.id)}: ${s.address} (${s.channel}${s.signed ? ', signed' : ''}) gets the progress events of ${s.organisationCode} from now on.`);
    const unavailable = s.channel === 'email' ? emailUnavailable(config) : undefined;
    if (unavailable !== undefined) say(`Note: ${unavailable}.`);
  });
}

function toJson(s: SubscriptionWithCounts): Record<string, unknown> {
  return {
    id: s.id,
    organisation: s.organisationCode,
    channel: s.channel,
    address: s.address,
    signed: s.signed,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    deliveries: s.deliveries,
  };
}

async function list(organisation: string | undefined, options: { json?: boolean }): Promise<void> {
  await withStore(async ({ store, config }) => {
    const subscriptions = await listSubscriptions(store.db, { organisationCode: organisation, maxAttempts: config.THORBECKE_NOTIFY_ATTEMPTS });
    const unavailable = emailUnavailable(config);
    if (options.json === true) {
      say(JSON.stringify({ emailDelivery: unavailable ?? 'on', subscriptions: subscriptions.map(toJson) }, null, 2));
      return;
    }
    if (subscriptions.length === 0) {
      say(`No subscriptions${organisation === undefined ? '' : ` for ${organisation}`} (thorbecke subscription add ORG --email ADDRESS --by NAME).`);
      return;
    }
    for (const s of subscriptions) {
      const d = s.deliveries;
      const waiting = s.channel === 'email' && unavailable !== undefined ? ' — not delivered: no SMTP server (THORBECKE_SMTP_URL)' : '';
      say(
        `${String(s.id)}  ${s.organisationCode}  ${s.channel}  ${s.address}${s.signed ? ' (signed)' : ''}  ` +
          `since ${s.createdAt.toISOString()} by ${s.createdBy}: ${String(d.sent)} sent, ${String(d.retrying)} retrying, ${String(d.failed)} failed${waiting}`,
      );
    }
    if (unavailable !== undefined && subscriptions.some((s) => s.channel === 'email')) say(`\nE-mail: ${unavailable}.`);
  });
}

async function remove(idText: string): Promise<void> {
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || id < 1) throw new InputError(`"${idText}" is not a subscription id (thorbecke subscription list shows them)`);
  await withStore(async ({ store }) => {
    const s = await removeSubscription(store.db, id, cliActor());
    say(`Removed subscription ${String(s.id)}: ${s.address} no longer gets the progress events of ${s.organisationCode}.`);
  });
}

/** `thorbecke subscription add|list|remove`: who is told about an organisation's progress events. */
export function registerSubscriptionCommand(program: Command): void {
  const subscription = program
    .command('subscription')
    .description("subscribe an e-mail address or a webhook to an organisation's progress events (status changes, regressions, approaching dates)");

  subscription
    .command('add')
    .description('add a subscription; it gets the events recorded from now on')
    .argument('<organisation>', 'the organisation code, e.g. gm0363')
    .option('--email <address>', 'send e-mail to this address (needs THORBECKE_SMTP_URL)')
    .option('--webhook <url>', 'POST each event as JSON to this https:// URL')
    .option('--secret <secret>', 'webhook only: sign each call with this key (X-Thorbecke-Signature: sha256=HMAC of the body)')
    .requiredOption('--by <name>', 'who asks for it (recorded)')
    .action(add);

  subscription
    .command('list')
    .description('list subscriptions (of one organisation, or all) with their deliveries: sent, retrying, failed')
    .argument('[organisation]', 'an organisation code')
    .option('--json', 'print JSON')
    .action(list);

  subscription.command('remove').description('remove a subscription').argument('<id>', 'the subscription id (see list)').action(remove);
}
