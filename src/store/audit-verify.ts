/**
 * Verifying the audit log's hash chain (`thorbecke audit verify`): walks every entry in id order, in
 * batches, recomputes each entry's hash from its columns and checks that it links to the entry before it.
 * A changed entry no longer matches its own hash; a removed, inserted or reordered entry breaks the link
 * of the entry after it. Removing the newest entries leaves a shorter, intact chain: compare the head with
 * one noted earlier (`expectHead`) to find that.
 */
import type { Kysely } from 'kysely';
import { entryHash, GENESIS_HASH, type ChainedEntry } from './audit-chain.js';
import type { Database } from './schema.js';

export type AuditProblemKind = 'changed' | 'broken-link' | 'unreadable' | 'head-missing';

export interface AuditProblem {
  /** The entry concerned (for `head-missing`: the last entry read, or 0 for an empty log). */
  id: number;
  kind: AuditProblemKind;
  message: string;
}

export interface AuditVerification {
  /** Entries read. */
  entries: number;
  /** The hash of the last entry (the genesis hash for an empty log). */
  head: string;
  /** Every problem found, in id order, at most `maxProblems`. */
  problems: AuditProblem[];
  /** Problems found in all (more than `problems` holds when the list was capped). */
  problemCount: number;
}

export interface VerifyOptions {
  /** Rows per query (default 5,000). */
  batchSize?: number;
  /** At most this many problems are listed (default 100); all are counted. */
  maxProblems?: number;
  /** A head noted earlier: it must still be the hash of one of the entries (finds removed newest entries). */
  expectHead?: string | undefined;
  /** Called after each batch with the entries read so far. */
  onProgress?: ((entries: number) => void) | undefined;
}

type AuditRow = Awaited<ReturnType<typeof readBatch>>[number];

function readBatch(db: Kysely<Database>, afterId: number, size: number) {
  return db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(size).execute();
}

/** The row as the hash covers it: `at` as a Date and `before`/`after` as parsed JSON (what both engines return). */
export function chainedEntryOf(row: AuditRow): ChainedEntry {
  return {
    id: row.id,
    at: new Date(row.at),
    actorAccountId: row.actor_account_id,
    actor: row.actor,
    via: row.via,
    ip: row.ip,
    action: row.action,
    organisationCode: row.organisation_code,
    subject: row.subject,
    before: parseJson(row.before),
    after: parseJson(row.after),
  };
}

/** jsonb comes back parsed from both drivers; a string would only come from a driver that does not parse it. */
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

export async function verifyAudit(db: Kysely<Database>, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 5_000;
  const maxProblems = options.maxProblems ?? 100;
  const problems: AuditProblem[] = [];
  let problemCount = 0;
  const report = (problem: AuditProblem): void => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push(problem);
  };

  let entries = 0;
  let lastId = 0;
  let previousHash = GENESIS_HASH;
  let headSeen = options.expectHead === undefined || options.expectHead === GENESIS_HASH;
  for (;;) {
    const rows = await readBatch(db, lastId, batchSize);
    for (const row of rows) {
      const id = row.id;
      if (row.prev_hash !== previousHash) {
        const before = entries === 0 ? 'the start of the log' : `entry ${lastId}`;
        report({
          id,
          kind: 'broken-link',
          message:
            `links to ${short(row.prev_hash)} but ${before} has ${short(previousHash)}: ` +
            `an entry between ${entries === 0 ? 'the start' : `#${lastId}`} and #${id} was removed, or entries were inserted or reordered`,
        });
      }
      let computed: string | undefined;
      try {
        computed = entryHash(row.prev_hash, chainedEntryOf(row));
      } catch (error) {
        report({ id, kind: 'unreadable', message: `cannot be hashed: ${error instanceof Error ? error.message : String(error)}` });
      }
      if (computed !== undefined && computed !== row.hash) {
        report({ id, kind: 'changed', message: `its content no longer matches its hash (${short(row.hash)}): the entry was changed after it was written` });
      }
      if (!headSeen && row.hash === options.expectHead) headSeen = true;
      previousHash = row.hash;
      lastId = id;
      entries += 1;
    }
    options.onProgress?.(entries);
    if (rows.length < batchSize) break;
  }
  if (!headSeen) {
    report({
      id: lastId,
      kind: 'head-missing',
      message: `the head noted earlier (${short(options.expectHead ?? '')}) is no longer in the log: its newest entries were removed or replaced`,
    });
  }
  return { entries, head: previousHash, problems, problemCount };
}
