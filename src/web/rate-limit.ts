/**
 * Rate limiting of `/api/*` per client address (THORBECKE_API_RATE_LIMIT requests per minute; 0: off), with
 * rate-limiter-flexible's in-memory limiter. Each web process counts on its own: with N processes behind a
 * load balancer a client gets up to N times the limit (docs/deployment.md).
 *
 * Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds; the IETF
 * draft's field names); over the limit the request fails with TooManyRequestsError, which the app's
 * onError answers as 429 problem+json with Retry-After. Requests with this server's local token (the
 * CLI on the same machine) are not counted.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../domain/errors.js';
import './auth/context.js'; // declares the clientIp variable

export interface ApiRateLimitOptions {
  /** Requests per minute per client address; 0 turns the limit off. */
  perMinute: number;
  /** This server's local token: requests bearing it are exempt. */
  localToken?: string;
}

const WINDOW_SECONDS = 60;

function bearsLocalToken(c: Context, token: string | undefined): boolean {
  const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (token === undefined || given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

function rateLimitHeaders(limit: number, res: RateLimiterRes): [string, string][] {
  return [
    ['RateLimit-Limit', String(limit)],
    ['RateLimit-Remaining', String(res.remainingPoints)],
    ['RateLimit-Reset', String(seconds(res.msBeforeNext))],
  ];
}

export function apiRateLimit(options: ApiRateLimitOptions): MiddlewareHandler {
  if (options.perMinute === 0) {
    return async (_c, next) => {
      await next();
    };
  }
  const limiter = new RateLimiterMemory({ keyPrefix: 'api', points: options.perMinute, duration: WINDOW_SECONDS });
  return async (c, next) => {
    if (bearsLocalToken(c, options.localToken)) {
      await next();
      return;
    }
    // Without an address (in-process requests) every caller shares one budget.
    const key = c.get('clientIp') ?? 'unknown';
    let res: RateLimiterRes;
    try {
      res = await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // Set on the context, so the problem response onError builds carries them.
      for (const [name, value] of rateLimitHeaders(options.perMinute, rejection)) c.header(name, value);
      const wait = seconds(rejection.msBeforeNext);
      throw new TooManyRequestsError(
        `More than ${String(options.perMinute)} API requests per minute from this address; try again in ${String(wait)} s.`,
        wait,
      );
    }
    await next();
    for (const [name, value] of rateLimitHeaders(options.perMinute, res)) c.res.headers.set(name, value);
  };
}
