import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import type { ProgressStatus } from '../../src/domain/progress.js';
import { parseMapTopology } from '../../src/federation/map-topology.js';
import { locale } from '../../src/web/i18n/index.js';
import { Choropleth, NO_FIGURE_FILL, regionCounts } from '../../src/web/map/choropleth.js';
import { drawMap } from '../../src/web/map/geometry.js';
import { PixelPathContext } from '../../src/web/map/path-context.js';
import { byTag, findAll, parseHtml, textOf } from '../support/web-app.js';

const asText = (node: unknown): string => String(node);
const tiny = readFileSync('test/fixtures/map/tiny.topojson', 'utf8');

describe('parseMapTopology', () => {
  it('accepts the CBS/PDOK layout', () => {
    const t = parseMapTopology(tiny);
    expect(t.objects.gemeenten.geometries.map((g) => g.properties.statcode)).toEqual(['GM0363', 'GM1000']);
  });

  it('refuses other layouts, unknown arcs and duplicate codes with located issues', () => {
    const bad = (text: string): InputError => {
      try {
        parseMapTopology(text, 'x.json');
      } catch (error) {
        if (error instanceof InputError) return error;
      }
      throw new Error('expected an InputError');
    };
    expect(bad('nope').message).toMatch(/^x\.json is not JSON/);
    expect(bad(readFileSync('test/fixtures/map/wrong-objects.topojson', 'utf8')).issues.map((i) => i.location)).toEqual(['objects.gemeenten', 'objects.provincies']);
    const json = JSON.parse(tiny) as { objects: { gemeenten: { geometries: { arcs: unknown; properties: { statcode: string } }[] } } };
    const arcs = structuredClone(json);
    if (arcs.objects.gemeenten.geometries[0]) arcs.objects.gemeenten.geometries[0].arcs = [[7]];
    expect(bad(JSON.stringify(arcs)).issues).toEqual([{ location: 'objects.gemeenten.geometries[0]', message: 'refers to arc 7, but the file has 3 arcs' }]);
    const dup = structuredClone(json);
    if (dup.objects.gemeenten.geometries[1]) dup.objects.gemeenten.geometries[1].properties.statcode = 'GM0363';
    expect(bad(JSON.stringify(dup)).issues[0]?.message).toBe('duplicate code GM0363');
    const code = structuredClone(json);
    if (code.objects.gemeenten.geometries[0]) code.objects.gemeenten.geometries[0].properties.statcode = '0363';
    expect(bad(JSON.stringify(code)).issues[0]?.message).toBe('statcode must look like GM0363');
  });
});

describe('drawMap', () => {
  it('projects the regions once, fitted to the width, keyed by organisation code', () => {
    const map = drawMap(parseMapTopology(tiny), 200);
    expect(map.width).toBe(200);
    expect(map.height).toBeGreaterThan(150); // 1° of latitude at 52°N is taller than 1° of longitude is wide
    expect(map.municipalities.map((r) => [r.code, r.name])).toEqual([
      ['gm0363', 'Amsterdam'],
      ['gm1000', 'Testdorp'],
    ]);
    expect(map.provinces.map((r) => r.code)).toEqual(['pv26', 'pv27']);
    expect(map.municipalities[0]?.d).toMatch(/^M100,\d+l-100,0 0,-\d+ 100,0Z$/);
    expect(map.provinceBorders).toMatch(/^M100,\d+l0,-?\d+$/);
  });
});

describe('PixelPathContext', () => {
  it('rounds to pixels, drops points on the same pixel, and rings that shrink to a point', () => {
    const c = new PixelPathContext();
    c.moveTo(0.2, 0.2);
    c.lineTo(0.4, 0.1);
    c.lineTo(10.6, 0);
    c.lineTo(10, 9.7);
    c.closePath();
    c.moveTo(5, 5);
    c.lineTo(5.2, 5.1);
    c.closePath();
    expect(c.result()).toBe('M0,0l11,0 -1,10Z');
    expect(c.result()).toBe('');
  });
});

describe('Choropleth', () => {
  const map = drawMap(parseMapTopology(tiny), 200);
  const statuses = new Map<string, ProgressStatus>([['gm0363', 'overdue']]);

  it('counts regions per status and those without a figure', () => {
    expect(regionCounts(map.municipalities, statuses)).toMatchObject({ none: 1, counts: { overdue: 1, met: 0 } });
  });

  it('fills each region by status with a title, and describes the counts', () => {
    const html = asText(
      <Choropleth id="m" title="Kaart" regions={map.municipalities} width={map.width} height={map.height} statuses={statuses} tableHref="#list" locale={locale('nl')} />,
    );
    const doc = parseHtml(html);
    const svg = byTag(doc, 'svg').find((s) => s.attrs.role === 'img');
    expect(svg?.attrs['aria-labelledby']).toBe('m-title m-desc');
    const paths = findAll(svg ?? doc, (el) => el.name === 'path' && (el.attrs.class ?? '').startsWith('thorbecke-map__region '));
    expect(paths.map((p) => p.attrs.fill)).toEqual(['url(#m-pattern-overdue)', NO_FIGURE_FILL]);
    expect(paths.map((p) => p.attrs.class)).toEqual(['thorbecke-map__region thorbecke-map__region--overdue', 'thorbecke-map__region thorbecke-map__region--none']);
    expect(paths.map((p) => textOf(byTag(p, 'title')[0] ?? p))).toEqual(['Amsterdam: Te laat', 'Testdorp: Geen cijfer']);
    expect(textOf(findAll(doc, (el) => el.attrs.id === 'm-desc')[0] ?? doc)).toBe('2 gebieden: Te laat 1 en Geen cijfer 1.');
    const legend = byTag(doc, 'ul')[0];
    expect(byTag(legend ?? doc, 'li').map(textOf)).toEqual(['Te laat', 'Geen cijfer']);
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '#list')).toHaveLength(1);
  });
});
