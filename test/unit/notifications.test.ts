import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { InputError } from '../../src/domain/errors.js';
import { PROGRESS_EVENT_KINDS } from '../../src/domain/progress.js';
import { composeMail, eventUrl, scorecardUrl, webhookBody, type EventContext } from '../../src/services/notification-message.js';
import { emailUnavailable } from '../../src/services/notifications.js';
import { dateReminderKey, expiryReminderKey, reminderWindow } from '../../src/services/notifications-sweep.js';
import { createWebhookCaller, signature, WebhookRefused } from '../../src/services/notify-webhook.js';
import { EVENT_DETAIL_SCHEMAS, validateEvent, type ProgressEvent } from '../../src/store/progress-events.js';
import { parseSubscription } from '../../src/store/subscriptions.js';
import { notificationsEn } from '../../src/web/i18n/notifications-en.js';
import { notificationsNl } from '../../src/web/i18n/notifications-nl.js';

const worsened: ProgressEvent = {
  id: 7,
  organisationCode: 'gm0363',
  targetId: 'web-https-hsts',
  kind: 'status-worsened',
  dedupeKey: 'status-worsened:gm0363:web-https-hsts:2026-11-29',
  detail: { from: 'on-track', to: 'overdue', value: 40 },
  createdAt: new Date('2026-11-29T10:00:00Z'),
};

const context: EventContext = {
  organisationName: 'Gemeente <b>Amsterdam</b> & "Co"',
  targetTitle: 'HTTPS en HSTS',
  publicUrl: 'https://thorbecke.example/monitor',
};

/** One valid detail per kind. */
const DETAILS: Record<(typeof PROGRESS_EVENT_KINDS)[number], Record<string, unknown>> = {
  'status-worsened': { from: 'met', to: 'at-risk', value: 80 },
  'status-improved': { from: 'overdue', to: 'met', value: null },
  'finding-regressed': { domain: 'amsterdam.nl', checks: ['web.https.hsts', 'web.https.available'] },
  'deadline-approaching': { date: '2026-12-31', daysLeft: 30, window: 30, status: 'at-risk' },
  'planned-date-approaching': { date: '2026-12-07', daysLeft: 6, window: 7, status: 'on-track' },
  'explanation-expiring': { explanationId: 42, scope: 'supplier', expiresOn: '2027-01-31', daysLeft: 0, window: 7 },
  'explanation-changed': { explanationId: 42, from: 'approved', to: 'lapsed' },
};

describe('reminder windows', () => {
  it('opens the 30-day window from 30 days before and the 7-day window from 7 days before', () => {
    const today = '2026-11-29';
    expect(reminderWindow(today, '2026-12-30')).toBeNull(); // 31 days
    expect(reminderWindow(today, '2026-12-29')).toBe(30);
    expect(reminderWindow(today, '2026-12-07')).toBe(30); // 8 days
    expect(reminderWindow(today, '2026-12-06')).toBe(7);
    expect(reminderWindow(today, '2026-11-29')).toBe(7); // today
    expect(reminderWindow(today, '2026-11-28')).toBeNull(); // past
  });

  it('counts across a year end and a leap day', () => {
    expect(reminderWindow('2027-12-25', '2028-01-01')).toBe(7);
    expect(reminderWindow('2028-02-01', '2028-03-02')).toBe(30); // 30 days with 29 February
    expect(reminderWindow('2027-02-01', '2027-03-04')).toBeNull(); // 31 days
  });

  it('names the date and the window in the dedupe keys, so a moved date is reminded again', () => {
    expect(dateReminderKey('deadline-approaching', 'gm0363', 'pqc-plan', '2026-12-31', 30)).toBe('deadline-approaching:gm0363:pqc-plan:2026-12-31:30d');
    expect(dateReminderKey('planned-date-approaching', 'gm0363', 'pqc-plan', '2026-12-07', 7)).toBe('planned-date-approaching:gm0363:pqc-plan:2026-12-07:7d');
    expect(expiryReminderKey(42, 'gm0599', '2027-01-31', 7)).toBe('explanation-expiring:42:gm0599:2027-01-31:7d');
    expect(expiryReminderKey(42, 'gm0599', '2027-02-28', 7)).not.toBe(expiryReminderKey(42, 'gm0599', '2027-01-31', 7));
  });
});

describe('event details', () => {
  it('has a schema for every kind that accepts the documented shape', () => {
    for (const kind of PROGRESS_EVENT_KINDS) {
      expect(EVENT_DETAIL_SCHEMAS[kind].safeParse(DETAILS[kind]).success, kind).toBe(true);
    }
  });

  it('refuses a detail of another shape, naming the field', () => {
    const bad = { organisationCode: 'gm0363', targetId: 't', kind: 'status-worsened' as const, dedupeKey: 'k', detail: { from: 'met', to: 'worse', value: 40 } };
    expect(() => validateEvent(bad)).toThrow(InputError);
    try {
      validateEvent(bad);
    } catch (error) {
      expect((error as InputError).issues.map((i) => i.location)).toContain('detail.to');
    }
    expect(() => validateEvent({ ...bad, detail: { from: 'met', to: 'overdue', value: 40, extra: 1 } })).toThrow(InputError);
    expect(() => validateEvent({ ...bad, kind: 'finding-regressed', detail: { domain: 'a.nl', checks: [] } })).toThrow(InputError);
  });

  it('describes every kind in both languages', () => {
    for (const kind of PROGRESS_EVENT_KINDS) {
      for (const texts of [notificationsNl, notificationsEn]) {
        const describe = texts.describe[kind] as (target: string, detail: Record<string, unknown>) => string;
        const sentence = describe('HTTPS', DETAILS[kind]);
        expect(sentence.length, kind).toBeGreaterThan(10);
        expect(sentence).not.toMatch(/undefined|\[object/);
        expect(texts.kinds[kind].length).toBeGreaterThan(3);
      }
    }
    expect(notificationsNl.describe['status-worsened']('HTTPS', { from: 'on-track', to: 'overdue', value: 40 })).toBe(
      'De status op ‘HTTPS’ ging van op koers naar te laat (nu 40%).',
    );
    expect(notificationsNl.describe['finding-regressed']('HTTPS', { domain: 'a.nl', checks: ['web.https.hsts', 'web.unknown-check'] })).toBe(
      'a.nl voldeed eerder en voldoet nu niet aan ‘HSTS’ en ‘web.unknown-check’ (afspraak ‘HTTPS’).',
    );
    expect(notificationsEn.describe['deadline-approaching']('HTTPS', { date: '2026-12-31', daysLeft: 1, window: 7, status: 'at-risk' })).toBe(
      'The deadline of ‘HTTPS’ is 31 December 2026, in 1 day; the status is at risk.',
    );
  });
});

describe('messages', () => {
  it('links below the public address', () => {
    expect(scorecardUrl('https://thorbecke.example/monitor', 'gm0363')).toBe('https://thorbecke.example/monitor/organisations/gm0363');
    expect(eventUrl('https://thorbecke.example/', worsened)).toBe('https://thorbecke.example/targets/web-https-hsts');
    expect(eventUrl('https://thorbecke.example/', { ...worsened, targetId: null })).toBe('https://thorbecke.example/organisations/gm0363');
  });

  it('writes an e-mail as text and as HTML with every value escaped', async () => {
    const mail = await composeMail(worsened, context, notificationsNl, 3);
    expect(mail.subject).toBe('Thorbecke: Gemeente <b>Amsterdam</b> & "Co" — Status verslechterd');
    expect(mail.text).toContain('Status verslechterd: De status op ‘HTTPS en HSTS’ ging van op koers naar te laat (nu 40%).');
    expect(mail.text).toContain('Bekijk de scorecard: https://thorbecke.example/monitor/organisations/gm0363');
    expect(mail.text).toContain('thorbecke subscription remove 3');
    expect(mail.html).toContain('Gemeente &lt;b&gt;Amsterdam&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(mail.html).not.toContain('<b>Amsterdam');
    expect(mail.html).toContain('<a href="https://thorbecke.example/monitor/organisations/gm0363">Bekijk de scorecard</a>');
  });

  it('writes a webhook body with the event, its organisation, target and links', () => {
    const body = JSON.parse(webhookBody(worsened, context, notificationsEn)) as Record<string, unknown>;
    expect(body).toEqual({
      id: 7,
      kind: 'status-worsened',
      createdAt: '2026-11-29T10:00:00.000Z',
      organisation: { code: 'gm0363', name: context.organisationName },
      target: { id: 'web-https-hsts', title: 'HTTPS en HSTS' },
      detail: { from: 'on-track', to: 'overdue', value: 40 },
      title: 'Status worsened',
      summary: 'The status on ‘HTTPS en HSTS’ went from on track to overdue (now 40%).',
      links: { scorecard: 'https://thorbecke.example/monitor/organisations/gm0363', event: 'https://thorbecke.example/monitor/targets/web-https-hsts' },
    });
  });
});

describe('webhooks', () => {
  it('signs the body with HMAC-SHA256 of the secret', () => {
    // printf 'hello' | openssl dgst -sha256 -hmac 'key-of-sixteen-chars'
    expect(signature('key-of-sixteen-chars', 'hello')).toBe('sha256=ccccb34d3315882ba8e9fc1d947c8dddb5a6cbf255ae1f1f7221cf829399ac26');
  });

  const refusal = async (url: string, options: { allow?: string[]; resolve?: (host: string) => Promise<string[]> } = {}): Promise<string> => {
    const call = createWebhookCaller({ allow: options.allow ?? [], timeoutMs: 1000, userAgent: 'test', resolve: options.resolve ?? (() => Promise.resolve(['93.184.216.34'])) });
    const error: unknown = await call(url, '{}', null).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebhookRefused);
    return (error as Error).message;
  };

  it('refuses loopback, private and link-local addresses, by literal or by name', async () => {
    expect(await refusal('https://127.0.0.1:8443/hook')).toBe(
      'blocked: 127.0.0.1 is a loopback address; only public addresses are called unless THORBECKE_ALLOW_TARGETS lists them',
    );
    expect(await refusal('https://[::1]/hook')).toMatch(/loopback/);
    expect(await refusal('https://hooks.example/x', { resolve: () => Promise.resolve(['93.184.216.34', '10.1.2.3']) })).toMatch(/^blocked: 10\.1\.2\.3 is a private address \(an address of hooks\.example\)/);
    expect(await refusal('https://metadata.example/x', { resolve: () => Promise.resolve(['169.254.169.254']) })).toMatch(/link-local/);
    expect(await refusal('https://[::ffff:127.0.0.1]/x')).toMatch(/embedding 127\.0\.0\.1/);
  });

  it('refuses http:// except for addresses in THORBECKE_ALLOW_TARGETS, and other schemes', async () => {
    expect(await refusal('http://hooks.example/x')).toMatch(/http:\/\/ is allowed only for addresses in THORBECKE_ALLOW_TARGETS/);
    expect(await refusal('ftp://hooks.example/x')).toMatch(/ftp: URLs cannot be called/);
    expect(await refusal('not a url')).toMatch(/is not a URL/);
    // An allowed range lifts the address check but not the scheme check for other addresses.
    expect(await refusal('http://hooks.example/x', { allow: ['127.0.0.0/8'] })).toMatch(/http:\/\//);
  });
});

describe('subscriptions', () => {
  const base = { organisationCode: 'gm0363', createdBy: 'alice' };
  it('accepts an e-mail address or an http(s) webhook with an optional secret', () => {
    expect(parseSubscription({ ...base, channel: 'email', address: 'cio@amsterdam.nl' }).address).toBe('cio@amsterdam.nl');
    expect(parseSubscription({ ...base, channel: 'webhook', address: 'https://hooks.example/x', secret: 'a-secret-of-16-chars' }).secret).toBe('a-secret-of-16-chars');
  });

  it('refuses bad addresses, short secrets, a secret on e-mail and a missing author', () => {
    const issues = (input: Parameters<typeof parseSubscription>[0]): string[] => {
      try {
        parseSubscription(input);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as InputError).issues.map((i) => `${i.location ?? ''}: ${i.message}`);
      }
      throw new Error('expected an InputError');
    };
    expect(issues({ ...base, channel: 'email', address: 'not-an-address' })).toEqual(['address: not an e-mail address']);
    expect(issues({ ...base, channel: 'webhook', address: 'javascript:alert(1)' })[0]).toMatch(/^address: use an https:\/\/ URL/);
    expect(issues({ ...base, channel: 'webhook', address: 'https://hooks.example/x', secret: 'short' })).toEqual(['secret: use a secret of at least 16 characters']);
    expect(issues({ ...base, channel: 'email', address: 'cio@amsterdam.nl', secret: 'a-secret-of-16-chars' })).toEqual(['secret: a secret is for webhooks only']);
    expect(issues({ ...base, createdBy: ' ', channel: 'email', address: 'cio@amsterdam.nl' })).toEqual(['createdBy: say who subscribes (--by)']);
  });
});

describe('notification settings', () => {
  it('has defaults, and says why e-mail is not delivered without an SMTP server', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ THORBECKE_NOTIFY_INTERVAL: 60_000, THORBECKE_NOTIFY_RETRY_DELAY: 300_000, THORBECKE_NOTIFY_ATTEMPTS: 5, THORBECKE_NOTIFY_TIMEOUT: 10 });
    expect(config.THORBECKE_SMTP_URL).toBeUndefined();
    expect(emailUnavailable(config)).toMatch(/^no SMTP server is configured \(THORBECKE_SMTP_URL\)/);
    expect(emailUnavailable(loadConfig({ THORBECKE_SMTP_URL: 'smtps://user:pass@mail.example.nl:465' }))).toBeUndefined();
  });

  it('refuses an SMTP URL of another scheme and a too short interval, naming the setting', () => {
    expect(() => loadConfig({ THORBECKE_SMTP_URL: 'http://mail.example.nl' })).toThrow(ConfigError);
    expect(() => loadConfig({ THORBECKE_SMTP_URL: 'http://mail.example.nl' })).toThrow(/THORBECKE_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => loadConfig({ THORBECKE_NOTIFY_INTERVAL: '10ms' })).toThrow(/THORBECKE_NOTIFY_INTERVAL/);
    expect(() => loadConfig({ THORBECKE_NOTIFY_ATTEMPTS: '0' })).toThrow(/THORBECKE_NOTIFY_ATTEMPTS/);
  });
});
