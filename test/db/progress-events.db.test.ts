import { expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/domain/errors.js';
import type { ProgressStatus } from '../../src/domain/progress.js';
import { sweepDueEvents } from '../../src/services/notifications-sweep.js';
import { eventsOf, recordEvents, type ProgressEventInput } from '../../src/store/progress-events.js';
import { addSubscription, listSubscriptions, removeSubscription } from '../../src/store/subscriptions.js';
import { describeEachEngine } from '../support/engines.js';
import { failure } from '../support/input-error.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';

// The sample strategy's targets: web-https-hsts (deadline 2018-12-31), pqc-plan (2026-12-31), cloud-eu-30 (2029-12-31).
const strategy = fixedStrategyReader();

describeEachEngine('progress events, reminders and subscriptions', (ctx) => {
  const db = () => ctx.store().db;
  const organisation = async (code: string): Promise<void> => {
    await db().insertInto('organisation').values({ code, name: `Gemeente ${code}`, layer: 'gemeente', source: 'test' }).execute();
  };
  const progress = async (code: string, targetId: string, status: ProgressStatus, plannedDate: string | null = null): Promise<void> => {
    await db()
      .insertInto('progress')
      .values({ organisation_code: code, target_id: targetId, status, value: 50, planned_date: plannedDate, reason: 'test' })
      .execute();
  };
  const worsened = (code: string, day: string): ProgressEventInput => ({
    organisationCode: code,
    targetId: 'web-https-hsts',
    kind: 'status-worsened',
    dedupeKey: `status-worsened:${code}:web-https-hsts:${day}`,
    detail: { from: 'on-track', to: 'overdue', value: 40 },
  });
  const keysOf = async (code: string): Promise<string[]> => (await eventsOf(db(), code, 100)).map((e) => e.dedupeKey).sort();

  it('records an event once, however often it is recorded', async () => {
    await organisation('gm7001');
    expect(await recordEvents(db(), [worsened('gm7001', '2026-11-01'), worsened('gm7001', '2026-11-02')])).toBe(2);
    expect(await recordEvents(db(), [worsened('gm7001', '2026-11-01'), worsened('gm7001', '2026-11-02')])).toBe(0);
    expect(await recordEvents(db(), [worsened('gm7001', '2026-11-02'), worsened('gm7001', '2026-11-03')])).toBe(1);
    // The same key within one call counts once.
    expect(await recordEvents(db(), [worsened('gm7001', '2026-11-04'), worsened('gm7001', '2026-11-05')])).toBe(2);
    const events = await eventsOf(db(), 'gm7001', 3);
    expect(events.map((e) => e.dedupeKey)).toEqual([
      'status-worsened:gm7001:web-https-hsts:2026-11-05',
      'status-worsened:gm7001:web-https-hsts:2026-11-04',
      'status-worsened:gm7001:web-https-hsts:2026-11-03',
    ]);
    expect(events[0]).toMatchObject({ kind: 'status-worsened', targetId: 'web-https-hsts', detail: { from: 'on-track', to: 'overdue', value: 40 } });
    expect(events[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('refuses an event whose detail has another shape and records nothing of the batch', async () => {
    await organisation('gm7002');
    const bad = { ...worsened('gm7002', '2026-11-02'), detail: { from: 'on-track' } };
    await failure(recordEvents(db(), [worsened('gm7002', '2026-11-01'), bad]));
    expect(await eventsOf(db(), 'gm7002', 10)).toEqual([]);
  });

  it('reminds of a deadline 30 and 7 days before, only where the target is not met or explained', async () => {
    for (const code of ['gm7011', 'gm7012', 'gm7013', 'gm7014']) await organisation(code);
    await progress('gm7011', 'pqc-plan', 'at-risk');
    await progress('gm7012', 'pqc-plan', 'met');
    await progress('gm7013', 'pqc-plan', 'explained');
    await progress('gm7014', 'pqc-plan', 'unknown');
    await progress('gm7011', 'web-https-hsts', 'overdue'); // its deadline is long past

    expect(await sweepDueEvents(db(), strategy, '2026-11-30')).toBe(0); // 31 days before
    await sweepDueEvents(db(), strategy, '2026-12-01');
    expect(await keysOf('gm7011')).toEqual(['deadline-approaching:gm7011:pqc-plan:2026-12-31:30d']);
    expect(await keysOf('gm7012')).toEqual([]);
    expect(await keysOf('gm7013')).toEqual([]);
    expect(await keysOf('gm7014')).toEqual(['deadline-approaching:gm7014:pqc-plan:2026-12-31:30d']);
    const [event] = await eventsOf(db(), 'gm7011', 1);
    expect(event?.detail).toEqual({ date: '2026-12-31', daysLeft: 30, window: 30, status: 'at-risk' });

    // A day's repeated sweeps add nothing; the 7-day window adds one more each.
    expect(await sweepDueEvents(db(), strategy, '2026-12-01')).toBe(0);
    expect(await sweepDueEvents(db(), strategy, '2026-12-15')).toBe(0);
    await sweepDueEvents(db(), strategy, '2026-12-25');
    expect(await keysOf('gm7011')).toEqual([
      'deadline-approaching:gm7011:pqc-plan:2026-12-31:30d',
      'deadline-approaching:gm7011:pqc-plan:2026-12-31:7d',
    ]);
    expect(await sweepDueEvents(db(), strategy, '2026-12-31')).toBe(0);
    expect(await sweepDueEvents(db(), strategy, '2027-01-01')).toBe(0);
  });

  it("reminds of an organisation's own planned date, not when it is the deadline", async () => {
    for (const code of ['gm7021', 'gm7022', 'gm7023']) await organisation(code);
    await progress('gm7021', 'cloud-eu-30', 'on-track', '2027-03-10');
    await progress('gm7022', 'cloud-eu-30', 'met', '2027-03-10');
    await progress('gm7023', 'cloud-eu-30', 'on-track', '2029-12-31');
    await sweepDueEvents(db(), strategy, '2027-03-05');
    expect(await keysOf('gm7021')).toEqual(['planned-date-approaching:gm7021:cloud-eu-30:2027-03-10:7d']);
    expect((await eventsOf(db(), 'gm7021', 1))[0]?.detail).toEqual({ date: '2027-03-10', daysLeft: 5, window: 7, status: 'on-track' });
    expect(await keysOf('gm7022')).toEqual([]);
    await sweepDueEvents(db(), strategy, '2029-12-20');
    expect(await keysOf('gm7023')).toEqual(['deadline-approaching:gm7023:cloud-eu-30:2029-12-31:30d']);
  });

  it('reminds of an approved explanation before it expires, every organisation a supplier explanation covers', async () => {
    for (const code of ['gm7031', 'gm7032', 'gm7033']) await organisation(code);
    const explanation = (values: Record<string, unknown>) =>
      db()
        .insertInto('explanation')
        .values({
          scope: 'target',
          target_id: 'pqc-plan',
          organisation_code: 'gm7031',
          reason: 'Wij wachten op de leverancier.',
          author: 'test',
          state: 'approved',
          expires_on: '2027-05-20',
          ...values,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const own = await explanation({});
    await explanation({ state: 'proposed' });
    await explanation({ state: 'rejected' });
    const supplier = await explanation({ scope: 'supplier', organisation_code: null, supplier: 'Mailhost BV', supplier_role: 'mail', expires_on: '2027-05-10' });
    await db()
      .insertInto('progress_domain')
      .values([
        { organisation_code: 'gm7032', target_id: 'pqc-plan', domain: 'a.gm7032.nl', outcome: 'fail', explanation_id: supplier.id },
        { organisation_code: 'gm7032', target_id: 'pqc-plan', domain: 'b.gm7032.nl', outcome: 'fail', explanation_id: supplier.id },
        { organisation_code: 'gm7033', target_id: 'pqc-plan', domain: 'gm7033.nl', outcome: 'fail', explanation_id: supplier.id },
      ])
      .execute();

    expect(await sweepDueEvents(db(), strategy, '2027-04-15')).toBe(2); // the supplier explanation, 25 days before
    expect(await sweepDueEvents(db(), strategy, '2027-04-20')).toBe(1); // the organisation's own, 30 days before
    expect(await sweepDueEvents(db(), strategy, '2027-04-20')).toBe(0);
    expect(await keysOf('gm7031')).toEqual([`explanation-expiring:${String(own.id)}:gm7031:2027-05-20:30d`]);
    expect(await keysOf('gm7032')).toEqual([`explanation-expiring:${String(supplier.id)}:gm7032:2027-05-10:30d`]);
    expect(await keysOf('gm7033')).toEqual([`explanation-expiring:${String(supplier.id)}:gm7033:2027-05-10:30d`]);
    expect((await eventsOf(db(), 'gm7032', 1))[0]).toMatchObject({
      kind: 'explanation-expiring',
      targetId: 'pqc-plan',
      detail: { explanationId: supplier.id, scope: 'supplier', expiresOn: '2027-05-10', daysLeft: 25, window: 30 },
    });
    // Renewed: a new expiry date is reminded again.
    await db().updateTable('explanation').set({ expires_on: '2027-05-22' }).where('id', '=', own.id).execute();
    expect(await sweepDueEvents(db(), strategy, '2027-05-05')).toBe(3); // own (new date, 30d window) and the supplier's 7d window for two organisations
    expect(await keysOf('gm7031')).toEqual([
      `explanation-expiring:${String(own.id)}:gm7031:2027-05-20:30d`,
      `explanation-expiring:${String(own.id)}:gm7031:2027-05-22:30d`,
    ]);
    expect(await sweepDueEvents(db(), strategy, '2027-05-16')).toBe(1); // own, 6 days before; the supplier's has expired
  });

  it('adds, lists with delivery counts and removes subscriptions', async () => {
    await organisation('gm7041');
    const mail = await addSubscription(db(), { organisationCode: 'gm7041', channel: 'email', address: 'cio@gm7041.nl', createdBy: 'alice' });
    const hook = await addSubscription(db(), {
      organisationCode: 'gm7041',
      channel: 'webhook',
      address: 'https://hooks.gm7041.nl/thorbecke',
      secret: 'a-secret-of-16-chars',
      createdBy: 'bob',
    });
    expect(hook).toMatchObject({ channel: 'webhook', signed: true, createdBy: 'bob' });
    await expect(addSubscription(db(), { organisationCode: 'gm7041', channel: 'email', address: 'cio@gm7041.nl', createdBy: 'carol' })).rejects.toBeInstanceOf(ConflictError);
    await expect(addSubscription(db(), { organisationCode: 'gm7999', channel: 'email', address: 'x@y.nl', createdBy: 'carol' })).rejects.toBeInstanceOf(NotFoundError);

    await recordEvents(db(), [worsened('gm7041', '2026-11-01'), worsened('gm7041', '2026-11-02'), worsened('gm7041', '2026-11-03')]);
    const [e1, e2, e3] = (await eventsOf(db(), 'gm7041', 3)).reverse();
    if (e1 === undefined || e2 === undefined || e3 === undefined) throw new Error('expected three events');
    await db()
      .insertInto('notification_delivery')
      .values([
        { event_id: e1.id, subscription_id: hook.id, state: 'sent', attempts: 1, last_error: null, updated_at: new Date() },
        { event_id: e2.id, subscription_id: hook.id, state: 'failed', attempts: 2, last_error: 'HTTP 500', updated_at: new Date() },
        { event_id: e3.id, subscription_id: hook.id, state: 'failed', attempts: 5, last_error: 'HTTP 500', updated_at: new Date() },
      ])
      .execute();
    const listed = await listSubscriptions(db(), { organisationCode: 'gm7041', maxAttempts: 5 });
    expect(listed.map((s) => [s.id, s.channel, s.deliveries])).toEqual([
      [mail.id, 'email', { sent: 0, retrying: 0, failed: 0 }],
      [hook.id, 'webhook', { sent: 1, retrying: 1, failed: 1 }],
    ]);
    expect(JSON.stringify(listed)).not.toContain('a-secret-of-16-chars');

    expect((await removeSubscription(db(), hook.id, 'alice')).address).toBe('https://hooks.gm7041.nl/thorbecke');
    await expect(removeSubscription(db(), hook.id, 'alice')).rejects.toBeInstanceOf(NotFoundError);
    expect((await listSubscriptions(db(), { organisationCode: 'gm7041', maxAttempts: 5 })).map((s) => s.id)).toEqual([mail.id]);
    const { count } = await db().selectFrom('notification_delivery').select((eb) => eb.fn.countAll<number>().as('count')).where('subscription_id', '=', hook.id).executeTakeFirstOrThrow();
    expect(count).toBe(0);
  });
});
