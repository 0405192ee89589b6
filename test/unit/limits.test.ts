import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from '../../src/scan/limits.js';

/** A small deterministic random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Whether a promise has settled by now (after the microtasks and one macrotask turn). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await tick();
  return done;
}

describe('KeyedLimiter', () => {
  it('refuses a limit that is not a positive integer', () => {
    expect(() => new KeyedLimiter(0)).toThrow(RangeError);
    expect(() => new KeyedLimiter(1.5)).toThrow(RangeError);
    expect(() => new KeyedLimiter(-1)).toThrow(RangeError);
  });

  it('never lets more than `limit` holders have a key, and lets that many', async () => {
    const limiter = new KeyedLimiter(3);
    const rnd = random(1);
    let holding = 0;
    let most = 0;
    let others = 0;
    const task = async (i: number): Promise<void> => {
      const key = i % 4 === 0 ? 'other' : 'busy';
      const release = await limiter.acquire([key]);
      try {
        if (key === 'busy') {
          holding += 1;
          most = Math.max(most, holding);
          // A grant takes the key at once; its holder runs a little later: the limiter counts at least as many.
          expect(limiter.holders('busy')).toBeGreaterThanOrEqual(holding);
          expect(limiter.holders('busy')).toBeLessThanOrEqual(3);
          expect(holding).toBeLessThanOrEqual(3);
        } else {
          others += 1;
        }
        const turns = 1 + Math.floor(rnd() * 4);
        for (let t = 0; t < turns; t++) await tick();
        if (key === 'busy') holding -= 1;
      } finally {
        release();
      }
    };
    await Promise.all(Array.from({ length: 60 }, (_, i) => task(i)));
    expect(most).toBe(3);
    expect(others).toBe(15);
    expect(limiter.holders('busy')).toBe(0);
    expect(limiter.holders('other')).toBe(0);
  });

  it('takes several keys all or nothing: a request waiting for one key holds none of the others', async () => {
    const limiter = new KeyedLimiter(1);
    const releaseA = await limiter.acquire(['a']);
    const both = limiter.acquire(['a', 'b']);
    expect(await settled(both)).toBe(false);
    expect(limiter.holders('b')).toBe(0);
    // b stays free for others while the request for a and b waits.
    const releaseB = await limiter.acquire(['b']);
    releaseB();
    releaseA();
    const release = await both;
    expect([limiter.holders('a'), limiter.holders('b')]).toEqual([1, 1]);
    release();
    expect([limiter.holders('a'), limiter.holders('b')]).toEqual([0, 0]);
  });

  it('counts a key named twice in one request once', async () => {
    const limiter = new KeyedLimiter(1);
    const release = await limiter.acquire(['a', 'a']);
    expect(limiter.holders('a')).toBe(1);
    release();
    expect(limiter.holders('a')).toBe(0);
  });

  it('finishes 200 random tasks that each take two of five keys (no deadlock), within the limit', { timeout: 20_000 }, async () => {
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
    for (const limit of [1, 2]) {
      const limiter = new KeyedLimiter(limit);
      const rnd = random(42 + limit);
      const counts = new Map<string, number>();
      let finished = 0;
      const task = async (): Promise<void> => {
        const first = keys[Math.floor(rnd() * keys.length)] ?? 'k0';
        let second = first;
        while (second === first) second = keys[Math.floor(rnd() * keys.length)] ?? 'k1';
        const turns = Math.floor(rnd() * 3);
        // Arrive at different moments.
        for (let t = 0; t < turns; t++) await tick();
        const release = await limiter.acquire(rnd() < 0.5 ? [first, second] : [second, first]);
        for (const k of [first, second]) counts.set(k, (counts.get(k) ?? 0) + 1);
        for (const k of [first, second]) {
          expect(counts.get(k)).toBeLessThanOrEqual(limit);
          expect(limiter.holders(k)).toBeGreaterThanOrEqual(counts.get(k) ?? 0);
          expect(limiter.holders(k)).toBeLessThanOrEqual(limit);
        }
        for (let t = 0; t < 1 + turns; t++) await tick();
        for (const k of [first, second]) counts.set(k, (counts.get(k) ?? 0) - 1);
        release();
        finished += 1;
      };
      await Promise.all(Array.from({ length: 200 }, task));
      expect(finished).toBe(200);
      for (const k of keys) expect(limiter.holders(k)).toBe(0);
    }
  });

  it('rejects a waiting request when its signal aborts, and frees nothing', async () => {
    const limiter = new KeyedLimiter(1);
    const releaseA = await limiter.acquire(['a']);
    const controller = new AbortController();
    const waiting = limiter.acquire(['a', 'b'], controller.signal);
    expect(await settled(waiting)).toBe(false);
    const reason = new Error('job expired');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect([limiter.holders('a'), limiter.holders('b')]).toEqual([1, 0]);
    // The aborted request is gone from the line: releasing a grants it nothing.
    releaseA();
    expect([limiter.holders('a'), limiter.holders('b')]).toEqual([0, 0]);
    const again = await limiter.acquire(['a', 'b']);
    expect([limiter.holders('a'), limiter.holders('b')]).toEqual([1, 1]);
    again();
  });

  it('rejects at once with a signal aborted before the request has to wait', async () => {
    const limiter = new KeyedLimiter(1);
    const release = await limiter.acquire(['a']);
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(['a'], controller.signal)).rejects.toThrow();
    release();
    expect(limiter.holders('a')).toBe(0);
  });

  it('lets a granted request keep its keys when its signal aborts later', async () => {
    const limiter = new KeyedLimiter(1);
    const releaseA = await limiter.acquire(['a']);
    const controller = new AbortController();
    const waiting = limiter.acquire(['a'], controller.signal);
    releaseA();
    const release = await waiting;
    controller.abort();
    expect(limiter.holders('a')).toBe(1);
    release();
    expect(limiter.holders('a')).toBe(0);
  });

  it('ignores a second release', async () => {
    const limiter = new KeyedLimiter(2);
    const first = await limiter.acquire(['a']);
    const second = await limiter.acquire(['a']);
    first();
    first();
    expect(limiter.holders('a')).toBe(1);
    const third = await limiter.acquire(['a']);
    const fourth = limiter.acquire(['a']);
    expect(await settled(fourth)).toBe(false);
    third();
    third();
    const released = await fourth;
    expect(limiter.holders('a')).toBe(2);
    second();
    released();
    expect(limiter.holders('a')).toBe(0);
  });

  it('resolves an empty key list at once, even while others wait', async () => {
    const limiter = new KeyedLimiter(1);
    const release = await limiter.acquire(['a']);
    const waiting = limiter.acquire(['a']);
    const none = limiter.acquire([]);
    expect(await settled(none)).toBe(true);
    (await none)();
    expect(limiter.holders('a')).toBe(1);
    expect(await settled(waiting)).toBe(false);
    release();
    (await waiting)();
    expect(limiter.holders('a')).toBe(0);
  });

  it('grants waiting requests in arrival order when they need the same key', async () => {
    const limiter = new KeyedLimiter(1);
    const order: number[] = [];
    const release = await limiter.acquire(['a']);
    const waiting = [1, 2, 3].map((n) =>
      limiter.acquire(['a']).then((r) => {
        order.push(n);
        r();
      }),
    );
    release();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });
});
