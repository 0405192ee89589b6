import { sql, type Kysely } from 'kysely';
import type { Organisation } from '../domain/organisation.js';
import type { Layer } from '../domain/layer.js';
import type { AssetKind } from '../domain/asset.js';
import type { Database, OrganisationRow } from './schema.js';

/** Read queries over the federation. Writes live in organisation-import.ts and domain-import.ts. */

export interface OrganisationFilter {
  /** Matches name, short name, code or OIN (case-insensitive, substring). */
  q?: string | undefined;
  layers?: readonly Layer[] | undefined;
  /** Province TOOI code, e.g. `pv27`. */
  province?: string | undefined;
  /** Include organisations whose validity has ended (default: only current ones). */
  includeEnded?: boolean | undefined;
  /** 1-based page number. */
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    layer: row.layer as Layer,
    oin: row.oin,
    provinceCode: row.province_code,
    parentCode: row.parent_code,
    website: row.website,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    successorCode: row.successor_code,
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listOrganisations(db: Kysely<Database>, filter: OrganisationFilter): Promise<Page<Organisation>> {
  let query = db.selectFrom('organisation');
  const q = filter.q?.trim();
  if (q !== undefined && q !== '') {
    const pattern = `%${escapeLike(q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('short_name', 'ilike', pattern),
        eb('code', 'ilike', pattern),
        eb('oin', 'like', pattern),
      ]),
    );
  }
  if (filter.layers !== undefined && filter.layers.length > 0) query = query.where('layer', 'in', [...filter.layers]);
  if (filter.province !== undefined && filter.province !== '') {
    const province = filter.province.toLowerCase();
    query = query.where((eb) => eb.or([eb('province_code', '=', province), eb('code', '=', province)]));
  }
  if (filter.includeEnded !== true) {
    query = query.where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', sql<string>`current_date`)]));
  }
  const [{ total } = { total: 0 }] = await query.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await query
    .selectAll()
    .orderBy('name')
    .orderBy('code')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { items: rows.map(toOrganisation), total, page: filter.page, pageSize: filter.pageSize };
}

export async function findOrganisation(db: Kysely<Database>, code: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisation').selectAll().where('code', '=', code.toLowerCase()).executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

/** Names of several organisations at once (for links to predecessors, successors, provinces). */
export async function organisationNames(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', [...codes]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Organisations that merged into this one (their successor is `code`). */
export async function predecessorsOf(db: Kysely<Database>, code: string): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisation').selectAll().where('successor_code', '=', code).orderBy('name').execute();
  return rows.map(toOrganisation);
}

export interface OwnedDomain {
  kind: AssetKind;
  name: string;
  source: string;
}

export async function domainsOf(db: Kysely<Database>, code: string): Promise<OwnedDomain[]> {
  const rows = await db
    .selectFrom('asset_owner')
    .innerJoin('asset', 'asset.id', 'asset_owner.asset_id')
    .select(['asset.kind', 'asset.name', 'asset_owner.source'])
    .where('asset_owner.organisation_code', '=', code)
    .orderBy('asset.name')
    .orderBy('asset.kind')
    .execute();
  return rows;
}

export interface Province {
  code: string;
  name: string;
}

/** Provinces known to the federation, for filters. */
export async function listProvinces(db: Kysely<Database>): Promise<Province[]> {
  return db.selectFrom('organisation').select(['code', 'name']).where('layer', '=', 'provincie').orderBy('name').execute();
}

export async function countOrganisations(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return row?.n ?? 0;
}

export interface OrganisationChange {
  kind: 'added' | 'changed' | 'ended' | 'reinstated';
  changedAt: Date;
  before: unknown;
  after: unknown;
  importSource: string | null;
}

/** What imports changed about an organisation, newest first. */
export async function organisationHistory(db: Kysely<Database>, code: string, limit = 50): Promise<OrganisationChange[]> {
  const rows = await db
    .selectFrom('organisation_change')
    .leftJoin('import_run', 'import_run.id', 'organisation_change.import_run_id')
    .select([
      'organisation_change.kind',
      'organisation_change.changed_at',
      'organisation_change.before',
      'organisation_change.after',
      'import_run.source',
    ])
    .where('organisation_change.organisation_code', '=', code)
    .orderBy('organisation_change.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ kind: r.kind, changedAt: r.changed_at, before: r.before, after: r.after, importSource: r.source }));
}

/** How many organisations of each layer exist today (for "organisations in scope" of a target). */
export async function countCurrentByLayer(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('organisation')
    .select(['layer', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', sql<string>`current_date`)]))
    .groupBy('layer')
    .execute();
  return new Map(rows.map((r) => [r.layer, r.n]));
}
