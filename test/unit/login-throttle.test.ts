import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TooManyRequestsError } from '../../src/domain/errors.js';
import { createLoginThrottle, type LoginKey } from '../../src/web/auth/login-throttle.js';

const ANNE: LoginKey = { ip: '192.0.2.1', email: 'anne@gemeente.example.nl' };
const MINUTE = 60_000;

/** The wait (seconds) the throttle asks for, or undefined when the attempt may go ahead. */
async function refusal(check: Promise<void>): Promise<number | undefined> {
  try {
    await check;
    return undefined;
  } catch (error) {
    if (!(error instanceof TooManyRequestsError)) throw error;
    return error.retryAfterSeconds;
  }
}

describe('login throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-29T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('blocks an account from an address after consecutive failures, for longer each time', async () => {
    const throttle = createLoginThrottle({ perAccountAndIp: 3 });
    for (let i = 0; i < 2; i++) {
      expect(await refusal(throttle.check(ANNE))).toBeUndefined();
      await throttle.failed(ANNE);
    }
    expect(await refusal(throttle.check(ANNE))).toBeUndefined();
    await throttle.failed(ANNE);
    expect(await refusal(throttle.check(ANNE))).toBe(60);
    // The e-mail address counts case-insensitively; another address or account is not affected.
    expect(await refusal(throttle.check({ ...ANNE, email: ' Anne@Gemeente.example.nl ' }))).toBe(60);
    expect(await refusal(throttle.check({ ...ANNE, ip: '192.0.2.2' }))).toBeUndefined();
    expect(await refusal(throttle.check({ ...ANNE, email: 'bob@gemeente.example.nl' }))).toBeUndefined();

    vi.advanceTimersByTime(MINUTE + 1000);
    expect(await refusal(throttle.check(ANNE))).toBeUndefined();
    for (let i = 0; i < 3; i++) await throttle.failed(ANNE);
    expect(await refusal(throttle.check(ANNE))).toBe(120);

    vi.advanceTimersByTime(2 * MINUTE + 1000);
    for (let i = 0; i < 3; i++) await throttle.failed(ANNE);
    expect(await refusal(throttle.check(ANNE))).toBe(240);
  });

  it('the refusal is a TooManyRequestsError with a readable message', async () => {
    const throttle = createLoginThrottle({ perAccountAndIp: 1 });
    await throttle.failed(ANNE);
    await expect(throttle.check(ANNE)).rejects.toThrow(/Too many failed login attempts; try again in 60 s/);
  });

  it('forgets consecutive failures after a successful login', async () => {
    const throttle = createLoginThrottle({ perAccountAndIp: 3 });
    await throttle.failed(ANNE);
    await throttle.failed(ANNE);
    await throttle.succeeded(ANNE);
    await throttle.failed(ANNE);
    await throttle.failed(ANNE);
    expect(await refusal(throttle.check(ANNE))).toBeUndefined();
    await throttle.failed(ANNE);
    // The growth starts over too: the first block after a success is one minute again.
    expect(await refusal(throttle.check(ANNE))).toBe(60);
  });

  it('blocks an address for a day after too many failures across accounts', async () => {
    const throttle = createLoginThrottle({ perAccountAndIp: 100, perIpPerDay: 5 });
    for (let i = 0; i < 5; i++) {
      expect(await refusal(throttle.check({ ip: ANNE.ip, email: `user${String(i)}@example.nl` }))).toBeUndefined();
      await throttle.failed({ ip: ANNE.ip, email: `user${String(i)}@example.nl` });
    }
    const wait = await refusal(throttle.check({ ip: ANNE.ip, email: 'new@example.nl' }));
    expect(wait).toBeGreaterThan(23 * 3600);
    expect(wait).toBeLessThanOrEqual(24 * 3600);
    // A success does not lift the address block; another address may still try.
    await throttle.succeeded({ ip: ANNE.ip, email: 'user0@example.nl' });
    expect(await refusal(throttle.check({ ip: ANNE.ip, email: 'user0@example.nl' }))).toBeGreaterThan(0);
    expect(await refusal(throttle.check({ ip: '192.0.2.9', email: 'new@example.nl' }))).toBeUndefined();

    vi.advanceTimersByTime(24 * 3600_000 + 1000);
    expect(await refusal(throttle.check({ ip: ANNE.ip, email: 'new@example.nl' }))).toBeUndefined();
  });

  it('caps the growing block at a day', async () => {
    const throttle = createLoginThrottle({ perAccountAndIp: 1, perIpPerDay: 10_000 });
    let wait: number | undefined;
    for (let round = 0; round < 15; round++) {
      await throttle.failed(ANNE);
      wait = await refusal(throttle.check(ANNE));
      vi.advanceTimersByTime((wait ?? 0) * 1000 + 1000);
    }
    expect(wait).toBe(86_400);
  });
});
