import { sql, type Kysely, type Transaction } from 'kysely';
import type { Organisation } from '../domain/organisation.js';
import type { OrganisationDiff, ReconcileResult } from '../federation/reconcile.js';
import { appendAudit } from './audit.js';
import { asActor, type ActorOrName } from './audit-actor.js';
import { ensureOwnedDomains, lockFederationImports } from './domain-import.js';
import { toOrganisation } from './organisations.js';
import type { Database, NewOrganisationRow } from './schema.js';
import { markAllDirty } from './progress-dirty.js';

/** Rows per insert statement: well under PostgreSQL's 65,535 parameters. */
const BATCH = 500;

function* batches<T>(items: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Every stored organisation, current and ended. */
export async function loadOrganisations(db: Kysely<Database>): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisation').selectAll().orderBy('code').execute();
  return rows.map(toOrganisation);
}

/** Who imports what, from where. */
export interface ImportRunMeta {
  source: string;
  format: string;
  full: boolean;
  /** Who imports (recorded in the audit log; its name as the run's `actor`). */
  actor: ActorOrName;
  startedAt: Date;
  /** Written to `organisation.source` and to the ownership of websites: `register` or `csv`. */
  recordSource: string;
  /** Stored with the run, e.g. the skipped entries and why. */
  detail?: Record<string, unknown>;
}

function row(org: Organisation, source: string): NewOrganisationRow {
  return {
    code: org.code,
    name: org.name,
    short_name: org.shortName,
    layer: org.layer,
    oin: org.oin,
    province_code: org.provinceCode,
    parent_code: org.parentCode,
    website: org.website,
    valid_from: org.validFrom,
    valid_to: org.validTo,
    // Set in a second pass, once every organisation it may point to exists.
    successor_code: null,
    source,
  };
}

async function upsertOrganisations(trx: Transaction<Database>, diffs: readonly OrganisationDiff[], source: string): Promise<void> {
  for (const batch of batches(diffs)) {
    await trx
      .insertInto('organisation')
      .values(batch.map((d) => row(d.after, source)))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          short_name: eb.ref('excluded.short_name'),
          layer: eb.ref('excluded.layer'),
          oin: eb.ref('excluded.oin'),
          province_code: eb.ref('excluded.province_code'),
          parent_code: eb.ref('excluded.parent_code'),
          website: eb.ref('excluded.website'),
          valid_from: eb.ref('excluded.valid_from'),
          valid_to: eb.ref('excluded.valid_to'),
          source: eb.ref('excluded.source'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
  const successors = diffs.filter((d) => d.after.successorCode !== (d.before?.successorCode ?? null));
  for (const batch of batches(successors)) {
    const values = sql.join(batch.map((d) => sql`(${d.after.code}, ${d.after.successorCode})`));
    await sql`
      update organisation set successor_code = v.successor
      from (values ${values}) as v(code, successor)
      where organisation.code = v.code`.execute(trx);
  }
}

async function insertChanges(trx: Transaction<Database>, diffs: readonly OrganisationDiff[], runId: number): Promise<void> {
  for (const batch of batches(diffs)) {
    await trx
      .insertInto('organisation_change')
      .values(
        batch.map((d) => ({
          organisation_code: d.after.code,
          import_run_id: runId,
          kind: d.kind,
          before: d.before === null ? null : JSON.stringify(d.before),
          after: JSON.stringify(d.after),
        })),
      )
      .execute();
  }
}

/**
 * Runs an organisation import in one transaction under the federation lock: reads what is stored, asks
 * `plan` (the pure reconciliation) what changes, and writes an `import_run` row, the organisations, one
 * `organisation_change` row per change, a web domain for each new or changed website, and one audit
 * entry with the counts (the changes themselves are in organisation_change). If anything throws — `plan`
 * included — nothing changes.
 */
export async function runOrganisationImport(
  db: Kysely<Database>,
  meta: ImportRunMeta,
  plan: (stored: Organisation[]) => ReconcileResult,
): Promise<{ runId: number; result: ReconcileResult }> {
  const actor = asActor(meta.actor);
  return db.transaction().execute(async (trx) => {
    await lockFederationImports(trx);
    const result = plan(await loadOrganisations(trx));
    const run = await trx
      .insertInto('import_run')
      .values({
        kind: 'organisations',
        source: meta.source,
        format: meta.format,
        full_import: meta.full,
        actor: actor.name,
        started_at: meta.startedAt,
        added: result.added.length,
        changed: result.changed.length,
        ended: result.ended.length,
        reinstated: result.reinstated.length,
        unchanged: result.unchanged,
        detail: JSON.stringify(meta.detail ?? {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const diffs = [...result.added, ...result.changed, ...result.ended, ...result.reinstated];
    await upsertOrganisations(trx, diffs, meta.recordSource);
    await insertChanges(trx, diffs, run.id);
    const websites = diffs
      .filter((d) => d.after.website !== null && d.after.website !== d.before?.website)
      .map((d) => ({ organisation: d.after.code, kind: 'web' as const, domain: d.after.website ?? '' }));
    await ensureOwnedDomains(trx, websites, meta.recordSource);
    if (diffs.length > 0) await markAllDirty(trx);
    await trx.updateTable('import_run').set({ finished_at: new Date() }).where('id', '=', run.id).execute();
    await appendAudit(trx, actor, {
      action: 'import.run',
      subject: `import run ${run.id}`,
      after: {
        kind: 'organisations',
        source: meta.source,
        format: meta.format,
        full: meta.full,
        added: result.added.length,
        changed: result.changed.length,
        ended: result.ended.length,
        reinstated: result.reinstated.length,
        unchanged: result.unchanged,
      },
    });
    return { runId: run.id, result };
  });
}
