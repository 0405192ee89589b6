import type { Kysely } from 'kysely';
import { mapTopologySchema } from '../../federation/map-topology.js';
import { mapGeometryImportedAt, readMapGeometry } from '../../store/map-geometry.js';
import type { Database } from '../../store/schema.js';
import { drawMap, type DrawnMap } from './geometry.js';

interface Entry {
  importedAt: number;
  map: DrawnMap | undefined;
}

/**
 * The drawn maps in memory, keyed by map name and the moment it was imported: drawing the national file
 * takes about a second, so it is done once per import; each request then costs one small query (the
 * map's `imported_at`). A stored file that no longer validates counts as absent.
 */
export class MapCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(private readonly width = 480) {}

  /** The drawn map `name`, or undefined when none is imported. */
  async get(db: Kysely<Database>, name: string): Promise<DrawnMap | undefined> {
    const importedAt = await mapGeometryImportedAt(db, name);
    if (importedAt === undefined) {
      this.entries.delete(name);
      return undefined;
    }
    const cached = this.entries.get(name);
    if (cached?.importedAt === importedAt.getTime()) return cached.map;
    const key = `${name}@${importedAt.getTime()}`;
    let loading = this.pending.get(key);
    if (loading === undefined) {
      loading = this.load(db, name).finally(() => this.pending.delete(key));
      this.pending.set(key, loading);
    }
    return (await loading).map;
  }

  private async load(db: Kysely<Database>, name: string): Promise<Entry> {
    const row = await readMapGeometry(db, name);
    if (row === undefined) return { importedAt: 0, map: undefined };
    const parsed = mapTopologySchema.safeParse(row.topology);
    const entry = { importedAt: row.importedAt.getTime(), map: parsed.success ? drawMap(parsed.data, this.width) : undefined };
    this.entries.set(name, entry);
    return entry;
  }
}

/** The process-wide cache the pages use. */
export const mapCache = new MapCache();
