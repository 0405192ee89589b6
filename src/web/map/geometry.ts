import { geoMercator, geoPath } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { regionOrganisationCode, type MapTopology } from '../../federation/map-topology.js';
import { PixelPathContext } from './path-context.js';

/** One region drawn as an SVG path: the organisation it stands for, its name, and its path data. */
export interface DrawnRegion {
  /** The organisation code (gm0363, pv27). */
  code: string;
  name: string;
  d: string;
}

/** A map drawn once per boundary file, in SVG user units; pages only choose each region's fill. */
export interface DrawnMap {
  width: number;
  height: number;
  municipalities: DrawnRegion[];
  provinces: DrawnRegion[];
  /** The borders between provinces as one path (drawn over the municipalities). */
  provinceBorders: string;
}

type RegionProperties = Record<string, unknown>;

function regions(topology: Topology, objectName: 'gemeenten' | 'provincies', codeKey: string, nameKey: string, path: (g: Geometry) => string): DrawnRegion[] {
  const object = topology.objects[objectName] as GeometryCollection<RegionProperties>;
  const features = feature<RegionProperties>(topology, object);
  return features.features
    .map((f) => {
      const code = String(f.properties[codeKey]);
      const name = f.properties[nameKey];
      return { code: regionOrganisationCode(code), name: typeof name === 'string' && name !== '' ? name : code, d: path(f.geometry) };
    })
    .filter((r) => r.d !== '')
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Projects a validated boundary file (WGS84) with a Mercator projection fitted to `width` and draws every
 * municipality and province once (d3-geo, topojson-client). Expensive: cache the result (see map-cache.ts).
 */
export function drawMap(input: MapTopology, width = 480): DrawnMap {
  const topology = input as unknown as Topology;
  const outline = feature(topology, topology.objects.provincies as GeometryCollection) as FeatureCollection;
  const projection = geoMercator().precision(0).fitWidth(width, outline);
  const context = new PixelPathContext();
  const path = geoPath(projection, context);
  const [, [, bottom]] = geoPath(projection).bounds(outline);
  const height = Math.ceil(Number.isFinite(bottom) ? bottom : width);
  const draw = (g: Geometry): string => {
    path(g);
    return context.result();
  };
  const borders = draw(mesh(topology, topology.objects.provincies as GeometryCollection, (a, b) => a !== b));
  return {
    width,
    height,
    municipalities: regions(topology, 'gemeenten', 'statcode', 'statnaam', draw),
    provinces: regions(topology, 'provincies', 'provinciecode', 'provincienaam', draw),
    provinceBorders: borders,
  };
}
