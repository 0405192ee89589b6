import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { openQueue, PermanentError, type QueueOptions, type ScanJob, type ScanQueue } from '../../src/scan/queue.js';
import { describeEachEngine } from '../support/engines.js';

/** Polls until `check` returns a value other than undefined; fails after `ms`. */
async function waitFor<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await sleep(50);
  }
}

const job = (domain: string, extra: Partial<ScanJob> = {}): ScanJob => ({ domain, kinds: ['web'], run: 1, ...extra });

describeEachEngine('scan queue (pg-boss)', (ctx) => {
  const open: ScanQueue[] = [];
  const errors: unknown[] = [];

  /** Each test gets its own queue, so tests do not see each other's jobs. */
  async function queue(options: QueueOptions = {}): Promise<ScanQueue> {
    const q = await openQueue(
      ctx.store(),
      {
        queue: `t_${randomBytes(4).toString('hex')}`,
        pollingIntervalSeconds: 0.05,
        retryDelaySeconds: 1,
        supervise: false,
        stopTimeoutSeconds: 10,
        ...options,
      },
      { onError: (e) => errors.push(e) },
    );
    open.push(q);
    return q;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.stop()));
    expect(errors.splice(0)).toEqual([]);
  });

  it('runs each enqueued job exactly once', async () => {
    const q = await queue();
    const ids = await Promise.all(['a.example', 'b.example', 'c.example'].map((d) => q.enqueue(job(d))));
    expect(ids.every((r) => r.created)).toBe(true);
    const seen: string[] = [];
    q.work(
      async (j, c) => {
        seen.push(`${j.domain} #${c.attempt}`);
        await sleep(10);
      },
      { concurrency: 2 },
    );
    await waitFor(async () => ((await q.stats()).completed === 3 ? true : undefined));
    expect(seen.sort()).toEqual(['a.example #1', 'b.example #1', 'c.example #1']);
    expect(await q.stats()).toEqual({ queue: q.name, waiting: 0, running: 0, failed: 0, completed: 3 });
    expect((await q.job(ids[0]?.id ?? ''))?.state).toBe('completed');
  });

  it('queues the same domain and run once', async () => {
    const q = await queue();
    const first = await q.enqueue(job('gemeente.example'));
    const again = await q.enqueue(job('Gemeente.Example.', { kinds: ['web', 'mail'] }));
    expect(again).toEqual({ id: first.id, created: false });
    const otherRound = await q.enqueue(job('gemeente.example', { run: 2 }));
    expect(otherRound.created).toBe(true);
    const explicitKey = await q.enqueue(job('gemeente.example'), { key: 'recheck-1' });
    expect(explicitKey.created).toBe(true);
    expect(await q.enqueue(job('gemeente.example'), { key: 'recheck-1' })).toEqual({ id: explicitKey.id, created: false });
    expect((await q.stats()).waiting).toBe(3);
  });

  it('rejects an invalid job when it is enqueued', async () => {
    const q = await queue();
    await expect(q.enqueue({ domain: '', kinds: ['web'] })).rejects.toBeInstanceOf(InputError);
    await expect(q.enqueue({ domain: 'a.example', kinds: ['ftp'] } as unknown as ScanJob)).rejects.toBeInstanceOf(InputError);
    expect((await q.stats()).waiting).toBe(0);
  });

  it('retries a transient error with backoff, then succeeds', async () => {
    const q = await queue({ retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true });
    const { id } = await q.enqueue(job('flaky.example'));
    const attempts: number[] = [];
    q.work(async (_j, c) => {
      attempts.push(c.attempt);
      await Promise.resolve();
      if (c.attempt === 1) throw new Error('ECONNRESET');
    });
    const done = await waitFor(async () => {
      const info = await q.job(id);
      return info?.state === 'completed' ? info : undefined;
    });
    expect(attempts).toEqual([1, 2]);
    expect(done).toMatchObject({ state: 'completed', retryCount: 1, retryLimit: 2, permanent: false });
  });

  it('fails a PermanentError at once, without retries, with the reason', async () => {
    const q = await queue({ retryLimit: 3, retryDelaySeconds: 1 });
    const { id } = await q.enqueue(job('nonexistent.example'));
    let calls = 0;
    q.work(async () => {
      calls++;
      await Promise.resolve();
      throw new PermanentError('the domain is not in the register');
    });
    const failed = await waitFor(async () => {
      const info = await q.job(id);
      return info?.state === 'failed' ? info : undefined;
    });
    expect(failed).toMatchObject({ state: 'failed', retryCount: 0, permanent: true, reason: 'the domain is not in the register' });
    await sleep(300);
    expect(calls).toBe(1);
    expect(await q.stats()).toMatchObject({ waiting: 0, running: 0, failed: 1 });
  });

  it('keeps queue statements out of a store transaction that runs at the same time', async () => {
    const q = await queue();
    const rolledBack = ctx
      .store()
      .db.transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await sleep(150);
        throw new Error('roll back');
      });
    await sleep(30);
    const enqueued = q.enqueue(job('during-transaction.example'));
    await expect(rolledBack).rejects.toThrow('roll back');
    expect((await enqueued).created).toBe(true);
    expect((await q.stats()).waiting).toBe(1);
  });

  it('counts waiting, running, failed and completed jobs', async () => {
    const q = await queue();
    for (const d of ['ok1.example', 'ok2.example', 'bad.example']) await q.enqueue(job(d));
    expect(await q.stats()).toEqual({ queue: q.name, waiting: 3, running: 0, failed: 0, completed: 0 });
    q.work(async (j) => {
      await Promise.resolve();
      if (j.domain === 'bad.example') throw new PermanentError('bad');
    });
    const stats = await waitFor(async () => {
      const s = await q.stats();
      return s.completed + s.failed === 3 ? s : undefined;
    });
    expect(stats).toEqual({ queue: q.name, waiting: 0, running: 0, failed: 1, completed: 2 });
  });

  it('stop() waits for the running handler to finish', async () => {
    const q = await queue();
    const { id } = await q.enqueue(job('slow.example'));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events: string[] = [];
    q.work(async () => {
      events.push('started');
      await gate;
      events.push('handler done');
    });
    await waitFor(async () => ((await q.stats()).running === 1 ? true : undefined));
    const stopped = q.stop().then(() => events.push('stopped'));
    await sleep(200);
    expect(events).toEqual(['started']);
    release();
    await stopped;
    expect(events).toEqual(['started', 'handler done', 'stopped']);
    // pg-boss has stopped; read the job from the store's own connection to the same database.
    const { rows } = await sql<{ state: string }>`select state::text as state from pgboss.job where id = ${id}::uuid`.execute(
      ctx.store().db,
    );
    expect(rows).toEqual([{ state: 'completed' }]);
    await expect(q.enqueue(job('late.example'))).rejects.toThrow(/stopping/);
  });
});
