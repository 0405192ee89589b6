import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { appendAudit } from './audit.js';
import { asActor, type ActorOrName } from './audit-actor.js';
import { describeSelection, type ScanSelection } from './scan-targets.js';

/** Requested scans (`thorbecke scan`, the API): what was asked, by whom, and how many domains it meant. */

export interface ScanRun {
  id: number;
  kind: 'scheduled' | 'requested';
  requestedBy: string;
  selection: string;
  total: number;
  createdAt: Date;
}

/**
 * Records a requested run and its audit entry (one per run, not per domain) in one transaction. A request
 * for one organisation is filed under that organisation in the audit log.
 */
export async function createScanRun(db: Kysely<Database>, run: { requestedBy: ActorOrName; selection: ScanSelection; total: number }): Promise<number> {
  const actor = asActor(run.requestedBy);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('scan_run')
      .values({ kind: 'requested', requested_by: actor.name, selection: JSON.stringify(run.selection), total: run.total })
      .returning('id')
      .executeTakeFirstOrThrow();
    const organisations = run.selection.organisations ?? [];
    await appendAudit(trx, actor, {
      action: 'scan.request',
      organisationCode: organisations.length === 1 ? organisations[0] : null,
      subject: `scan run ${row.id}`,
      after: { selection: run.selection, domains: run.total },
    });
    return row.id;
  });
}

function toRun(r: { id: number; kind: 'scheduled' | 'requested'; requested_by: string; selection: unknown; total: number; created_at: Date }): ScanRun {
  return { id: r.id, kind: r.kind, requestedBy: r.requested_by, selection: describeSelection(r.selection as ScanSelection), total: r.total, createdAt: r.created_at };
}

export async function findScanRun(db: Kysely<Database>, id: number): Promise<ScanRun | undefined> {
  const row = await db.selectFrom('scan_run').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRun(row);
}

/** The newest runs first. */
export async function recentScanRuns(db: Kysely<Database>, limit: number): Promise<ScanRun[]> {
  const rows = await db.selectFrom('scan_run').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRun);
}
