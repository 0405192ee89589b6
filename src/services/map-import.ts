import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { DEFAULT_MAP_NAME, MAX_MAP_BYTES, parseMapTopology } from '../federation/map-topology.js';
import { openSource } from '../federation/source.js';
import { appendAudit } from '../store/audit.js';
import { asActor, type ActorOrName } from '../store/audit-actor.js';
import { saveMapGeometry } from '../store/map-geometry.js';
import type { Database } from '../store/schema.js';

export const mapImportSchema = z.strictObject({
  /** A file path or an http(s) URL. */
  source: z.string().trim().min(1),
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a map name is lower-case letters, digits and hyphens (at most 40)')
    .default(DEFAULT_MAP_NAME),
  actor: z.string().trim().min(1),
});
/** `actor`: who imports (recorded in the audit log; its name as the map's `imported_by`). */
export type MapImportInput = Omit<z.input<typeof mapImportSchema>, 'actor'> & { actor: ActorOrName };

export interface MapImportSummary {
  name: string;
  source: string;
  municipalities: number;
  provinces: number;
  importedAt: Date;
}

/** Read limits for a boundary file or its download. */
const LIMITS = { maxBytes: MAX_MAP_BYTES, connectTimeoutMs: 30_000, idleTimeoutMs: 30_000 };

/**
 * Imports a boundary file (TopoJSON, CBS/PDOK layout) from a file or URL into map_geometry, replacing the map
 * of the same name, with an audit entry in the same transaction. Nothing is stored unless the whole file is
 * valid.
 */
export async function importMap(db: Kysely<Database>, input: MapImportInput): Promise<MapImportSummary> {
  const actor = asActor(input.actor);
  const parsed = mapImportSchema.safeParse({ ...input, actor: actor.name });
  if (!parsed.success) {
    throw new InputError('Invalid map import.', parsed.error.issues.map((i) => ({ location: i.path.join('.'), message: i.message })));
  }
  const { source, name, actor: actorName } = parsed.data;
  const opened = await openSource(source, LIMITS);
  const chunks: Buffer[] = [];
  for await (const chunk of opened.bytes) chunks.push(Buffer.from(chunk));
  const topology = parseMapTopology(Buffer.concat(chunks).toString('utf8'), source);
  const municipalities = topology.objects.gemeenten.geometries.length;
  const provinces = topology.objects.provincies.geometries.length;
  const importedAt = await db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('map_geometry').select(['source', 'imported_by', 'imported_at']).where('name', '=', name).executeTakeFirst();
    const at = await saveMapGeometry(trx, { name, topology, source, importedBy: actorName });
    await appendAudit(trx, { ...actor, name: actorName }, {
      action: 'map.import',
      subject: `map ${name}`,
      before: previous === undefined ? null : { source: previous.source, importedBy: previous.imported_by, importedAt: new Date(previous.imported_at).toISOString() },
      after: { source, importedBy: actorName, municipalities, provinces },
    });
    return at;
  });
  return { name, source, municipalities, provinces, importedAt };
}
