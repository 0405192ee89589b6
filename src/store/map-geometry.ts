import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * The boundary files of the maps (table map_geometry), one per name. A file is validated before it gets
 * here (src/federation/map-topology.ts); pages read the small `imported_at` first and the large topology
 * only when it changed, so that they can keep the drawn map in memory.
 */

export interface MapGeometryRow {
  name: string;
  topology: unknown;
  source: string;
  importedBy: string;
  importedAt: Date;
}

/** Stores (or replaces) the topology under `name`; returns when it was imported. */
export async function saveMapGeometry(
  db: Kysely<Database>,
  entry: { name: string; topology: unknown; source: string; importedBy: string; at?: Date },
): Promise<Date> {
  const at = entry.at ?? new Date();
  const values = { topology: JSON.stringify(entry.topology), source: entry.source, imported_by: entry.importedBy, imported_at: at };
  await db
    .insertInto('map_geometry')
    .values({ name: entry.name, ...values })
    .onConflict((oc) => oc.column('name').doUpdateSet(values))
    .execute();
  return at;
}

/** When the map `name` was imported, or undefined when there is none: cheap, for cache keys. */
export async function mapGeometryImportedAt(db: Kysely<Database>, name: string): Promise<Date | undefined> {
  const row = await db.selectFrom('map_geometry').select('imported_at').where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : new Date(row.imported_at);
}

/** The whole map `name`, or undefined. */
export async function readMapGeometry(db: Kysely<Database>, name: string): Promise<MapGeometryRow | undefined> {
  const row = await db.selectFrom('map_geometry').selectAll().where('name', '=', name).executeTakeFirst();
  if (row === undefined) return undefined;
  const topology: unknown = typeof row.topology === 'string' ? JSON.parse(row.topology) : row.topology;
  return { name: row.name, topology, source: row.source, importedBy: row.imported_by, importedAt: new Date(row.imported_at) };
}

/** The names of the stored maps with when each was imported and from where. */
export async function listMapGeometries(db: Kysely<Database>): Promise<Omit<MapGeometryRow, 'topology'>[]> {
  const rows = await db.selectFrom('map_geometry').select(['name', 'source', 'imported_by', 'imported_at']).orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, source: r.source, importedBy: r.imported_by, importedAt: new Date(r.imported_at) }));
}
