/**
 * Reading the audit log for the organisation pages, the API and `thorbecke audit list`: newest first,
 * filtered by organisation, acting account or action, paged by id ("before this id").
 */
import type { Kysely } from 'kysely';
import type { Channel } from '../domain/access.js';
import type { ChainedEntry } from './audit-chain.js';
import type { Database } from './schema.js';

/** An entry as read: what its hash covers (audit-chain.ts), with the channel typed, and the hash. */
export interface AuditEntry extends ChainedEntry {
  via: Channel;
  hash: string;
}

export interface AuditQuery {
  organisationCode?: string | undefined;
  actorAccountId?: number | undefined;
  action?: string | undefined;
  /** Only entries with a smaller id: the `nextBefore` of the previous page. */
  beforeId?: number | undefined;
  /** At most this many entries (1–500, default 50). */
  limit?: number | undefined;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The `beforeId` of the next (older) page; undefined when this is the last one. */
  nextBefore: number | undefined;
}

export const MAX_AUDIT_PAGE = 500;

const json = (value: unknown): unknown => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);

export async function listAuditEntries(db: Kysely<Database>, query: AuditQuery = {}): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), MAX_AUDIT_PAGE);
  let select = db.selectFrom('audit_log').selectAll();
  if (query.organisationCode !== undefined) select = select.where('organisation_code', '=', query.organisationCode);
  if (query.actorAccountId !== undefined) select = select.where('actor_account_id', '=', query.actorAccountId);
  if (query.action !== undefined) select = select.where('action', '=', query.action);
  if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
  // One more than asked tells whether there is a next page.
  const rows = await select.orderBy('id', 'desc').limit(limit + 1).execute();
  const entries = rows.slice(0, limit).map(
    (r): AuditEntry => ({
      id: r.id,
      at: new Date(r.at),
      actorAccountId: r.actor_account_id,
      actor: r.actor,
      via: r.via,
      ip: r.ip,
      action: r.action,
      organisationCode: r.organisation_code,
      subject: r.subject,
      before: json(r.before),
      after: json(r.after),
      hash: r.hash,
    }),
  );
  return { entries, nextBefore: rows.length > limit ? entries.at(-1)?.id : undefined };
}
