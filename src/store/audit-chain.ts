/**
 * The audit log's hash chain: each entry's hash covers the previous entry's hash and the entry itself in
 * canonical JSON (RFC 8785, the `canonicalize` package), so changing, removing or reordering an entry
 * breaks every hash after it. The genesis entry follows the all-zero hash.
 */
import { createHash } from 'node:crypto';
import serialize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: every column but the hashes themselves. */
export interface ChainedEntry {
  id: number;
  at: Date;
  actorAccountId: number | null;
  actor: string;
  via: string;
  ip: string | null;
  action: string;
  organisationCode: string | null;
  subject: string;
  before: unknown;
  after: unknown;
}

export function entryHash(prevHash: string, entry: ChainedEntry): string {
  const canonical = serialize({ ...entry, at: entry.at.toISOString(), before: entry.before ?? null, after: entry.after ?? null });
  if (canonical === undefined) throw new Error('An audit entry cannot be serialised.');
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
