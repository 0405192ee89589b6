/**
 * Liveness and readiness for the orchestrator (Kubernetes, systemd, a load balancer):
 *
 * - `/livez` (and its old name `/healthz`): the process answers HTTP. Restart it when this fails.
 * - `/readyz`: the database answers `select 1` within 2 s and every migration this version knows has been
 *   applied. Send no traffic while it answers 503 (problem+json with the reason).
 *
 * Neither is rate-limited nor cached; /readyz says why it is not ready, the log says more.
 */
import { Hono, type Context } from 'hono';
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../config/logger.js';
import { messageOf } from '../domain/errors.js';
import { pendingMigrations } from '../store/migrate.js';
import type { Database } from '../store/schema.js';
import { problemResponse } from './problem.js';

export interface HealthDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** How long the database may take to answer (default 2 s). */
  timeoutMs?: number;
}

/** Resolves like `promise`, or rejects once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} did not answer within ${String(ms)} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why this process is not ready, or undefined when it is. The answer is public, so a database error's
 * own message (host names, addresses) goes only to the log.
 */
export async function notReadyBecause(deps: HealthDeps): Promise<string | undefined> {
  const timeoutMs = deps.timeoutMs ?? 2000;
  try {
    await within(sql`select 1`.execute(deps.db), timeoutMs, 'the database');
  } catch (error) {
    deps.logger.warn({ error: messageOf(error) }, 'Not ready: the database does not answer');
    return 'the database does not answer';
  }
  try {
    const pending = await within(pendingMigrations(deps.db), timeoutMs, 'the database');
    if (pending.length > 0) {
      deps.logger.warn({ pending }, 'Not ready: migrations not applied yet');
      return `migrations not applied yet: ${pending.join(', ')}`;
    }
  } catch (error) {
    deps.logger.warn({ error: messageOf(error) }, 'Not ready: the migration state cannot be read');
    return 'the migration state cannot be read';
  }
  return undefined;
}

export function createHealth(deps: HealthDeps): Hono {
  const app = new Hono({ strict: true });
  const live = (c: Context): Response => c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' });
  app.get('/livez', live);
  app.get('/healthz', live);
  app.get('/readyz', async (c) => {
    const reason = await notReadyBecause(deps);
    if (reason !== undefined) {
      c.header('Cache-Control', 'no-store');
      return problemResponse(c, 503, `Not ready: ${reason}.`);
    }
    return c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' });
  });
  return app;
}
