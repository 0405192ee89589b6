/**
 * Login throttling, after rate-limiter-flexible's "login endpoint protection" pattern:
 *
 * - consecutive failures per e-mail address + client address: after `perAccountAndIp` failures (default 5)
 *   that pair is blocked, first for one minute, and each further block twice as long (up to a day;
 *   the growth starts over a day after the last block ends); a successful login clears the count.
 *   Keyed by the pair, so an attacker cannot lock a colleague out from another address.
 * - failures per client address per day: after `perIpPerDay` failures (default 100) the address may not
 *   try any account for a day (slow guessing across many accounts).
 *
 * The login route calls `check` before verifying the password (a blocked attempt costs no argon2 work and
 * reveals nothing), then `failed` or `succeeded`. Counts live in memory: each web process counts on its
 * own, and a restart forgets them.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../../domain/errors.js';

export interface LoginKey {
  ip: string;
  email: string;
}

export interface LoginThrottle {
  /** Throws TooManyRequestsError while this pair or this address is blocked. */
  check(key: LoginKey): Promise<void>;
  /** Records a failed attempt (wrong password, wrong second factor, unknown account). */
  failed(key: LoginKey): Promise<void>;
  /** Clears the consecutive failures of this pair. */
  succeeded(key: LoginKey): Promise<void>;
}

const DAY = 86_400;
/** The first block of a pair; every further block within a day doubles it. */
const FIRST_BLOCK = 60;

const pairOf = (key: LoginKey): string => `${key.ip}|${key.email.trim().toLowerCase()}`;
const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export function createLoginThrottle(options: { perAccountAndIp?: number; perIpPerDay?: number } = {}): LoginThrottle {
  const perPair = options.perAccountAndIp ?? 5;
  const perIp = options.perIpPerDay ?? 100;
  const consecutive = new RateLimiterMemory({ keyPrefix: 'login_fail_consecutive', points: perPair, duration: DAY });
  /** How often a pair was blocked lately: the exponent of its next block. */
  const blocks = new RateLimiterMemory({ keyPrefix: 'login_blocks', points: 1_000_000, duration: DAY });
  const slowByIp = new RateLimiterMemory({ keyPrefix: 'login_fail_ip_per_day', points: perIp, duration: DAY, blockDuration: DAY });

  const refuse = (ms: number): never => {
    const wait = seconds(ms);
    throw new TooManyRequestsError(`Too many failed login attempts; try again in ${String(wait)} s.`, wait);
  };

  return {
    async check(key) {
      const [ip, pair] = await Promise.all([slowByIp.get(key.ip), consecutive.get(pairOf(key))]);
      if (ip !== null && ip.consumedPoints >= perIp) refuse(ip.msBeforeNext);
      if (pair !== null && pair.consumedPoints >= perPair) refuse(pair.msBeforeNext);
    },
    async failed(key) {
      const pair = pairOf(key);
      await slowByIp.consume(key.ip).catch((rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
      });
      const res = await consecutive.consume(pair).catch((rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) return rejection;
        throw rejection;
      });
      if (res.consumedPoints < perPair) return;
      const strikes = ((await blocks.get(pair))?.consumedPoints ?? 0) + 1;
      const block = Math.min(FIRST_BLOCK * 2 ** (strikes - 1), DAY);
      await consecutive.block(pair, block);
      // Remembered until a day after this block ends: a patient attacker does not start over at a minute.
      await blocks.set(pair, strikes, block + DAY);
    },
    async succeeded(key) {
      const pair = pairOf(key);
      await Promise.all([consecutive.delete(pair), blocks.delete(pair)]);
    },
  };
}
