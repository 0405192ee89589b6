/**
 * Who a write is recorded for. Every write path takes an `Actor` from its caller; a plain name is still
 * accepted where a signature took a free-text "by" before (server start-up, scripts, tests) and is recorded
 * as a change by the system under that name — so no write goes unrecorded.
 */
import type { Actor } from '../domain/access.js';

export type ActorOrName = Actor | string;

export function asActor(by: ActorOrName): Actor {
  return typeof by === 'string' ? { accountId: null, name: by, via: 'system' } : by;
}
