import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { deliverDue } from '../../src/services/notification-delivery.js';
import { deliveryDeps, startNotifications } from '../../src/services/notifications.js';
import { signature } from '../../src/services/notify-webhook.js';
import { deliveriesOf } from '../../src/store/notification-deliveries.js';
import { recordEvents, type ProgressEventInput } from '../../src/store/progress-events.js';
import { addSubscription } from '../../src/store/subscriptions.js';
import { notificationsNl } from '../../src/web/i18n/notifications-nl.js';
import { describeEachEngine } from '../support/engines.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';

/**
 * Delivery end to end on loopback: an SMTP server (smtp-server) and a webhook receiver (node:http) on
 * 127.0.0.1, random ports; no other network.
 */

interface Mail {
  from: string;
  to: string[];
  raw: string;
}
interface Call {
  headers: IncomingHttpHeaders;
  body: string;
}

const mails: Mail[] = [];
const calls: Call[] = [];
/** Statuses the webhook receiver answers with, in turn; 204 once they are used up. */
const answers: number[] = [];
/** Addresses the SMTP server refuses (452, temporarily). */
const refusedRecipients = new Set<string>();
let smtp: SMTPServer;
let hooks: Server;
let smtpPort = 0;
let hookPort = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusedRecipients.has(address.address)) callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 452 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        mails.push({ from: from === false ? '' : from.address, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 204;
      res.end(res.statusCode >= 300 && res.statusCode < 400 ? '' : 'x'.repeat(200_000));
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hookPort = (hooks.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    smtp.close(resolve);
  });
  await new Promise<void>((resolve) => {
    hooks.close(() => {
      resolve();
    });
  });
});

/** Decodes quoted-printable text and RFC 2047 Q-encoded words (what nodemailer writes). */
function decodeQ(text: string): string {
  const words = text.replace(/\?=\s+=\?UTF-8\?Q\?/g, '').replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_m, word: string) => word.replace(/_/g, ' '));
  return decodeURIComponent(words.replace(/=\r?\n/g, '').replace(/%/g, '%25').replace(/=([0-9A-F]{2})/g, '%$1'));
}

describeEachEngine('notification delivery', (ctx) => {
  const db = () => ctx.store().db;
  const env = {
    THORBECKE_PUBLIC_URL: 'https://thorbecke.example/',
    THORBECKE_MAIL_FROM: 'Thorbecke <meldingen@thorbecke.example>',
    THORBECKE_NOTIFY_ATTEMPTS: '3',
    THORBECKE_NOTIFY_RETRY_DELAY: '1m',
    THORBECKE_NOTIFY_TIMEOUT: '5',
  };
  const deps = (extra: Record<string, string> = {}) =>
    deliveryDeps({
      db: db(),
      config: loadConfig({ ...env, THORBECKE_SMTP_URL: `smtp://127.0.0.1:${String(smtpPort)}`, THORBECKE_ALLOW_TARGETS: '127.0.0.0/8', ...extra }),
      logger: pino({ level: 'silent' }),
      strategy: fixedStrategyReader(),
      texts: notificationsNl,
    });
  const organisation = async (code: string): Promise<void> => {
    await db().insertInto('organisation').values({ code, name: `Gemeente ${code} & Co`, layer: 'gemeente', source: 'test' }).execute();
  };
  const event = (code: string, n: number): ProgressEventInput => ({
    organisationCode: code,
    targetId: 'web-https-hsts',
    kind: 'status-worsened',
    dedupeKey: `status-worsened:${code}:web-https-hsts:${String(n)}`,
    detail: { from: 'on-track', to: 'overdue', value: 40 },
  });
  const MINUTE = 60_000;

  afterEach(async () => {
    mails.length = 0;
    calls.length = 0;
    answers.length = 0;
    refusedRecipients.clear();
    // Deliveries of one test are never attempted in the next.
    await db().deleteFrom('subscription').execute();
  });

  it('e-mails and calls webhooks once per event recorded after the subscription, signed', async () => {
    await organisation('gm7101');
    // An event from before the subscriptions is not theirs.
    await db()
      .insertInto('progress_event')
      .values({ organisation_code: 'gm7101', target_id: null, kind: 'status-improved', dedupe_key: 'old:gm7101', detail: JSON.stringify({ from: 'overdue', to: 'met', value: 100 }), created_at: new Date(Date.now() - 3_600_000) })
      .execute();
    const mail = await addSubscription(db(), { organisationCode: 'gm7101', channel: 'email', address: 'cio@gm7101.nl', createdBy: 'alice' });
    const hook = await addSubscription(db(), {
      organisationCode: 'gm7101',
      channel: 'webhook',
      address: `http://127.0.0.1:${String(hookPort)}/thorbecke`,
      secret: 'a-secret-of-16-chars',
      createdBy: 'bob',
    });
    await recordEvents(db(), [event('gm7101', 1)]);

    const now = new Date(Date.now() + 1000);
    expect(await deliverDue(deps(), now)).toEqual({ sent: 2, failed: 0 });
    expect(mails).toHaveLength(1);
    const [m] = mails;
    expect(m?.from).toBe('meldingen@thorbecke.example');
    expect(m?.to).toEqual(['cio@gm7101.nl']);
    const raw = decodeQ(m?.raw ?? '');
    expect(raw).toContain('Subject: Thorbecke: Gemeente gm7101 & Co — Status verslechterd');
    expect(raw).toContain('Status verslechterd: De status op ‘HTTPS en HSTS’ ging van op koers naar te laat (nu 40%).');
    expect(raw).toContain('Bekijk de scorecard: https://thorbecke.example/organisations/gm7101');
    expect(raw).toContain('Gemeente gm7101 &amp; Co');

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.headers['x-thorbecke-signature']).toBe(signature('a-secret-of-16-chars', call?.body ?? ''));
    expect(JSON.parse(call?.body ?? '{}')).toMatchObject({ kind: 'status-worsened', organisation: { code: 'gm7101' }, detail: { to: 'overdue' } });

    // Never twice.
    expect(await deliverDue(deps(), new Date(now.getTime() + 60 * MINUTE))).toEqual({ sent: 0, failed: 0 });
    expect(mails).toHaveLength(1);
    expect(calls).toHaveLength(1);
    expect((await deliveriesOf(db(), mail.id)).map((d) => [d.state, d.attempts, d.lastError])).toEqual([['sent', 1, null]]);
    expect((await deliveriesOf(db(), hook.id)).map((d) => [d.state, d.attempts])).toEqual([['sent', 1]]);
  });

  it('refuses a loopback webhook without THORBECKE_ALLOW_TARGETS: failed at once, with the reason', async () => {
    await organisation('gm7102');
    const hook = await addSubscription(db(), { organisationCode: 'gm7102', channel: 'webhook', address: `https://127.0.0.1:${String(hookPort)}/x`, createdBy: 'bob' });
    await recordEvents(db(), [event('gm7102', 1)]);
    const now = new Date(Date.now() + 1000);
    expect(await deliverDue(deps({ THORBECKE_ALLOW_TARGETS: '' }), now)).toEqual({ sent: 0, failed: 1 });
    expect(calls).toHaveLength(0);
    const [record] = await deliveriesOf(db(), hook.id);
    expect(record).toMatchObject({ state: 'failed', attempts: 3 });
    expect(record?.lastError).toBe('blocked: 127.0.0.1 is a loopback address; only public addresses are called unless THORBECKE_ALLOW_TARGETS lists them');
    // Given up: not tried again.
    expect(await deliverDue(deps({ THORBECKE_ALLOW_TARGETS: '' }), new Date(now.getTime() + 600 * MINUTE))).toEqual({ sent: 0, failed: 0 });
  });

  it('retries a failed call after a doubling back-off and gives up after the last attempt', async () => {
    await organisation('gm7103');
    const hook = await addSubscription(db(), { organisationCode: 'gm7103', channel: 'webhook', address: `http://127.0.0.1:${String(hookPort)}/x`, createdBy: 'bob' });
    await recordEvents(db(), [event('gm7103', 1), event('gm7103', 2)]);
    answers.push(500, 302, 500, 503, 500);
    const t0 = Date.now() + 1000;
    const at = (minutes: number): Date => new Date(t0 + minutes * MINUTE);

    expect(await deliverDue(deps(), at(0))).toEqual({ sent: 0, failed: 2 }); // 500, 302
    expect((await deliveriesOf(db(), hook.id)).map((d) => [d.attempts, d.lastError])).toEqual([
      [1, 'the webhook answered HTTP 500'],
      [1, 'the webhook answered HTTP 302: redirects are not followed'],
    ]);
    expect(await deliverDue(deps(), at(0.5))).toEqual({ sent: 0, failed: 0 }); // back-off: 1 minute
    expect(await deliverDue(deps(), at(1))).toEqual({ sent: 0, failed: 2 }); // 500, 503
    expect(await deliverDue(deps(), at(2.5))).toEqual({ sent: 0, failed: 0 }); // back-off: 2 minutes
    expect(await deliverDue(deps(), at(3))).toEqual({ sent: 1, failed: 1 }); // 500 (third attempt: given up), 204
    expect(await deliverDue(deps(), at(100))).toEqual({ sent: 0, failed: 0 });
    expect(calls).toHaveLength(6);
    expect((await deliveriesOf(db(), hook.id)).map((d) => [d.state, d.attempts, d.lastError])).toEqual([
      ['failed', 3, 'the webhook answered HTTP 500'],
      ['sent', 3, null],
    ]);
  });

  it('runs sweeps and deliveries in a loop until stopped', async () => {
    await organisation('gm7105');
    await addSubscription(db(), { organisationCode: 'gm7105', channel: 'webhook', address: `http://127.0.0.1:${String(hookPort)}/loop`, createdBy: 'bob' });
    const notifications = startNotifications({
      db: db(),
      config: loadConfig({ ...env, THORBECKE_ALLOW_TARGETS: '127.0.0.0/8', THORBECKE_NOTIFY_INTERVAL: '1s' }),
      logger: pino({ level: 'silent' }),
      strategy: fixedStrategyReader(),
      texts: notificationsNl,
    });
    try {
      await recordEvents(db(), [event('gm7105', 1)]);
      for (let i = 0; i < 100 && calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls.map((c) => (JSON.parse(c.body) as { organisation: { code: string } }).organisation.code)).toEqual(['gm7105']);
    } finally {
      await notifications.stop();
    }
  });

  it('retries an e-mail the server refuses for now, and keeps e-mail waiting without an SMTP server', async () => {
    await organisation('gm7104');
    const mail = await addSubscription(db(), { organisationCode: 'gm7104', channel: 'email', address: 'busy@gm7104.nl', createdBy: 'alice' });
    await recordEvents(db(), [event('gm7104', 1)]);
    const t0 = Date.now() + 1000;
    // Without THORBECKE_SMTP_URL nothing is attempted (and nothing recorded).
    const withoutSmtp = deliveryDeps({
      db: db(),
      config: loadConfig(env),
      logger: pino({ level: 'silent' }),
      strategy: fixedStrategyReader(),
      texts: notificationsNl,
    });
    expect(await deliverDue(withoutSmtp, new Date(t0))).toEqual({ sent: 0, failed: 0 });
    expect(await deliveriesOf(db(), mail.id)).toEqual([]);

    refusedRecipients.add('busy@gm7104.nl');
    expect(await deliverDue(deps(), new Date(t0))).toEqual({ sent: 0, failed: 1 });
    expect((await deliveriesOf(db(), mail.id))[0]?.lastError).toMatch(/mailbox busy/);
    refusedRecipients.clear();
    expect(await deliverDue(deps(), new Date(t0 + MINUTE))).toEqual({ sent: 1, failed: 0 });
    expect(mails.map((m) => m.to)).toEqual([['busy@gm7104.nl']]);
    expect((await deliveriesOf(db(), mail.id)).map((d) => [d.state, d.attempts])).toEqual([['sent', 2]]);
  });
});
