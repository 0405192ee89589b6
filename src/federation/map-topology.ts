import { z } from 'zod';
import { InputError, type Issue } from '../domain/errors.js';

/**
 * The boundary file of the maps: a TopoJSON topology in the CBS/PDOK layout (../shared/data/PROVENANCE.md),
 * WGS84, with the objects `gemeenten` (property `statcode`, e.g. GM0363) and `provincies` (property
 * `provinciecode`, e.g. PV27). Other files are refused with a message that says what was expected.
 */

/** The name a map is stored under when the import gives none. */
export const DEFAULT_MAP_NAME = 'nl';

/** The largest boundary file accepted (the simplified national file is about 0.5 MB). */
export const MAX_MAP_BYTES = 20 * 1024 * 1024;

const position = z.array(z.number()).min(2);
const arcIndexes = z.array(z.int());

const polygon = z.looseObject({ type: z.literal('Polygon'), arcs: z.array(arcIndexes) });
const multiPolygon = z.looseObject({ type: z.literal('MultiPolygon'), arcs: z.array(z.array(arcIndexes)) });

function region<K extends string>(key: K, pattern: RegExp, example: string) {
  const properties = z.looseObject({
    [key]: z.string().regex(pattern, `${key} must look like ${example}`),
  } as Record<K, z.ZodString>);
  return z.discriminatedUnion('type', [polygon.extend({ properties }), multiPolygon.extend({ properties })]);
}

const municipality = region('statcode', /^GM\d{4}$/, 'GM0363');
const province = region('provinciecode', /^PV\d{2}$/, 'PV27');

const collection = <T extends z.ZodType>(geometry: T) =>
  z.looseObject({ type: z.literal('GeometryCollection'), geometries: z.array(geometry).min(1) });

export const mapTopologySchema = z.looseObject({
  type: z.literal('Topology'),
  arcs: z.array(z.array(position).min(2)),
  transform: z.strictObject({ scale: z.tuple([z.number(), z.number()]), translate: z.tuple([z.number(), z.number()]) }).optional(),
  bbox: z.array(z.number()).optional(),
  objects: z.looseObject({ gemeenten: collection(municipality), provincies: collection(province) }),
});
export type MapTopology = z.infer<typeof mapTopologySchema>;

/** Indexes of arcs that the topology does not have (TopoJSON writes a reversed arc i as ~i). */
function arcIssues(topology: MapTopology): Issue[] {
  const count = topology.arcs.length;
  const issues: Issue[] = [];
  const visit = (object: string, i: number, indexes: readonly number[]) => {
    for (const index of indexes) {
      const arc = index < 0 ? ~index : index;
      if (arc >= count) {
        issues.push({ location: `objects.${object}.geometries[${i}]`, message: `refers to arc ${index}, but the file has ${count} arcs` });
        return;
      }
    }
  };
  for (const name of ['gemeenten', 'provincies'] as const) {
    topology.objects[name].geometries.forEach((g, i) => {
      const rings = g.type === 'Polygon' ? g.arcs : g.arcs.flat();
      for (const ring of rings) visit(name, i, ring);
    });
  }
  return issues;
}

function duplicateIssues(topology: MapTopology): Issue[] {
  const issues: Issue[] = [];
  const check = (object: string, codes: string[]) => {
    const seen = new Set<string>();
    codes.forEach((code, i) => {
      if (seen.has(code)) issues.push({ location: `objects.${object}.geometries[${i}]`, message: `duplicate code ${code}` });
      seen.add(code);
    });
  };
  check('gemeenten', topology.objects.gemeenten.geometries.map((g) => g.properties.statcode));
  check('provincies', topology.objects.provincies.geometries.map((g) => g.properties.provinciecode));
  return issues;
}

const EXPECTED =
  'Expected a TopoJSON topology with the objects "gemeenten" (property statcode, e.g. GM0363) and "provincies" ' +
  '(property provinciecode, e.g. PV27), as published by CBS/PDOK.';

/** Parses and validates a boundary file; throws an InputError that says what is wrong and what was expected. */
export function parseMapTopology(text: string, name = 'the file'): MapTopology {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${name} is not JSON (${error instanceof Error ? error.message : String(error)}). ${EXPECTED}`);
  }
  const parsed = mapTopologySchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => ({ location: i.path.join('.') || undefined, message: i.message }));
    throw new InputError(`${name} is not a boundary file Thorbecke can use. ${EXPECTED}`, issues.map(({ location, message }) => (location === undefined ? { message } : { location, message })));
  }
  const issues = [...arcIssues(parsed.data), ...duplicateIssues(parsed.data)];
  if (issues.length > 0) throw new InputError(`${name} is not a consistent TopoJSON topology.`, issues.slice(0, 10));
  return parsed.data;
}

/** `GM0363` → `gm0363`, `PV27` → `pv27`: the organisation code a region stands for. */
export function regionOrganisationCode(code: string): string {
  return code.toLowerCase();
}
