import { sql, type Kysely, type Transaction } from 'kysely';
import { InputError } from '../domain/errors.js';
import type { AssetKind } from '../domain/asset.js';
import type { DomainRecord } from '../federation/domains-csv.js';
import { appendAudit } from './audit.js';
import { asActor, type ActorOrName } from './audit-actor.js';
import type { Database } from './schema.js';
import { markAllDirty } from './progress-dirty.js';

const BATCH = 500;

/** An arbitrary, fixed key for the advisory lock that serialises federation imports. */
const IMPORT_LOCK_KEY = 7_468_726_802;

/** Serialises federation imports (organisations and domains) until the end of the transaction. */
export async function lockFederationImports(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY}::bigint)`.execute(trx);
}

/** A domain to attach to an organisation; `source` defaults to the caller's. */
export interface Ownership {
  organisation: string;
  kind: AssetKind;
  domain: string;
  source?: string | null;
}

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

const assetKey = (kind: string, name: string): string => `${kind} ${name}`;

/** The ids of assets, creating those that do not exist yet. */
async function assetIds(trx: Transaction<Database>, assets: readonly { kind: AssetKind; domain: string }[]): Promise<Map<string, number>> {
  const unique = [...new Map(assets.map((a) => [assetKey(a.kind, a.domain), a])).values()];
  const ids = new Map<string, number>();
  for (const batch of batches(unique)) {
    await trx
      .insertInto('asset')
      .values(batch.map((a) => ({ kind: a.kind, name: a.domain })))
      .onConflict((oc) => oc.columns(['kind', 'name']).doNothing())
      .execute();
    const rows = await trx
      .selectFrom('asset')
      .select(['id', 'kind', 'name'])
      .where((eb) => eb.or(batch.map((a) => eb.and([eb('kind', '=', a.kind), eb('name', '=', a.domain)]))))
      .execute();
    for (const r of rows) ids.set(assetKey(r.kind, r.name), r.id);
  }
  return ids;
}

/**
 * Attaches domains to organisations (creating the assets), leaving existing ownerships as they are.
 * Returns how many ownerships were new. Run it inside the caller's transaction.
 */
export async function ensureOwnedDomains(trx: Transaction<Database>, owned: readonly Ownership[], source: string): Promise<number> {
  if (owned.length === 0) return 0;
  const ids = await assetIds(trx, owned);
  let added = 0;
  for (const batch of batches(owned)) {
    const inserted = await trx
      .insertInto('asset_owner')
      .values(
        batch.map((o) => ({
          asset_id: ids.get(assetKey(o.kind, o.domain)) ?? -1,
          organisation_code: o.organisation,
          source: o.source ?? source,
        })),
      )
      .onConflict((oc) => oc.columns(['asset_id', 'organisation_code']).doNothing())
      .returning('asset_id')
      .execute();
    added += inserted.length;
  }
  return added;
}

/** For each (organisation, source) of the file: the ownerships it no longer lists. */
async function staleOwnerships(
  trx: Transaction<Database>,
  records: readonly DomainRecord[],
  source: string,
): Promise<{ asset_id: number; organisation_code: string }[]> {
  const listed = new Set(records.map((r) => `${r.organisation} ${r.source ?? source} ${assetKey(r.kind, r.domain)}`));
  const pairs = new Set(records.map((r) => `${r.organisation} ${r.source ?? source}`));
  const codes = [...new Set(records.map((r) => r.organisation))];
  const stale: { asset_id: number; organisation_code: string }[] = [];
  for (const batch of batches(codes)) {
    const rows = await trx
      .selectFrom('asset_owner')
      .innerJoin('asset', 'asset.id', 'asset_owner.asset_id')
      .select(['asset_owner.asset_id', 'asset_owner.organisation_code', 'asset_owner.source', 'asset.kind', 'asset.name'])
      .where('asset_owner.organisation_code', 'in', batch)
      .execute();
    for (const r of rows) {
      const pair = `${r.organisation_code} ${r.source}`;
      if (pairs.has(pair) && !listed.has(`${pair} ${assetKey(r.kind, r.name)}`)) stale.push(r);
    }
  }
  return stale;
}

export interface DomainImportMeta {
  source: string;
  /** Who imports (recorded in the audit log; its name as the run's `actor`). */
  actor: ActorOrName;
  startedAt: Date;
  /** The ownership source of rows without their own, e.g. `import:domains.csv`. */
  ownershipSource: string;
  /** Remove, per organisation and source in the file, the ownerships the file no longer lists. */
  replace: boolean;
}

/**
 * Attaches the domains of a file in one transaction under the federation lock, and records an
 * `import_run` (removed ownerships are counted as `ended`) and one audit entry with the counts. Unknown
 * organisation codes throw an InputError listing them; nothing changes then. A re-import adds nothing.
 */
export async function runDomainImport(
  db: Kysely<Database>,
  meta: DomainImportMeta,
  records: readonly DomainRecord[],
): Promise<{ runId: number; added: number; removed: number; unchanged: number }> {
  const actor = asActor(meta.actor);
  return db.transaction().execute(async (trx) => {
    await lockFederationImports(trx);
    const codes = [...new Set(records.map((r) => r.organisation))];
    const known = new Set<string>();
    for (const batch of batches(codes)) {
      const rows = await trx.selectFrom('organisation').select('code').where('code', 'in', batch).execute();
      for (const r of rows) known.add(r.code);
    }
    const unknown = records.filter((r) => !known.has(r.organisation));
    if (unknown.length > 0) {
      const issues = unknown.slice(0, 20).map((r) => ({ location: r.location, message: `unknown organisation ${r.organisation}` }));
      throw new InputError(`${meta.source} names ${unknown.length} domain(s) of unknown organisations; nothing was imported.`, issues);
    }
    const stale = meta.replace ? await staleOwnerships(trx, records, meta.ownershipSource) : [];
    for (const batch of batches(stale)) {
      await trx
        .deleteFrom('asset_owner')
        .where((eb) => eb.or(batch.map((s) => eb.and([eb('asset_id', '=', s.asset_id), eb('organisation_code', '=', s.organisation_code)]))))
        .execute();
    }
    const added = await ensureOwnedDomains(trx, records, meta.ownershipSource);
    const unchanged = records.length - added;
    if (added > 0 || stale.length > 0) await markAllDirty(trx);
    const run = await trx
      .insertInto('import_run')
      .values({
        kind: 'domains',
        source: meta.source,
        format: 'csv',
        full_import: meta.replace,
        actor: actor.name,
        started_at: meta.startedAt,
        finished_at: new Date(),
        added,
        ended: stale.length,
        unchanged,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'import.run',
      subject: `import run ${run.id}`,
      after: { kind: 'domains', source: meta.source, replace: meta.replace, added, removed: stale.length, unchanged },
    });
    return { runId: run.id, added, removed: stale.length, unchanged };
  });
}
