import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { importMap } from '../../src/services/map-import.js';
import { listMapGeometries, mapGeometryImportedAt, readMapGeometry } from '../../src/store/map-geometry.js';
import { describeEachEngine } from '../support/engines.js';

const GOOD = 'test/fixtures/map/tiny.topojson';
const WRONG = 'test/fixtures/map/wrong-objects.topojson';

let server: Server;
let base: string;

beforeAll(async () => {
  const good = await readFile(GOOD);
  server = createServer((req, res) => {
    if (req.url === '/nl.topojson') res.writeHead(200, { 'content-type': 'application/json' }).end(good);
    else res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

describeEachEngine('map import', (ctx) => {
  const db = () => ctx.store().db;

  it('stores a valid boundary file under its name and replaces it on a new import', async () => {
    const first = await importMap(db(), { source: GOOD, name: 'dash-good', actor: 'alice' });
    expect(first).toMatchObject({ name: 'dash-good', source: GOOD, municipalities: 2, provinces: 2 });
    const stored = await readMapGeometry(db(), 'dash-good');
    expect(stored).toMatchObject({ name: 'dash-good', source: GOOD, importedBy: 'alice' });
    expect(stored?.topology).toEqual(JSON.parse(await readFile(GOOD, 'utf8')));
    const again = await importMap(db(), { source: `${base}/nl.topojson`, name: 'dash-good', actor: 'bob' });
    expect(again.importedAt.getTime()).toBeGreaterThanOrEqual(first.importedAt.getTime());
    expect((await readMapGeometry(db(), 'dash-good'))?.importedBy).toBe('bob');
    expect((await listMapGeometries(db())).filter((m) => m.name === 'dash-good')).toHaveLength(1);
  });

  it('refuses another layout, broken JSON and bad names, and changes nothing', async () => {
    await importMap(db(), { source: GOOD, name: 'dash-keep', actor: 'alice' });
    const before = await mapGeometryImportedAt(db(), 'dash-keep');
    const wrong = await importMap(db(), { source: WRONG, name: 'dash-keep', actor: 'mallory' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(InputError);
    expect((wrong as InputError).message).toContain('Expected a TopoJSON topology with the objects "gemeenten"');
    expect((wrong as InputError).issues.map((i) => i.location)).toContain('objects.gemeenten');
    await expect(importMap(db(), { source: 'package.json', name: 'dash-keep', actor: 'mallory' })).rejects.toThrow(/not a boundary file/);
    await expect(importMap(db(), { source: 'README.md', name: 'dash-keep', actor: 'mallory' })).rejects.toThrow(/is not JSON/);
    await expect(importMap(db(), { source: `${base}/missing`, name: 'dash-keep', actor: 'mallory' })).rejects.toThrow(/HTTP 404/);
    await expect(importMap(db(), { source: GOOD, name: 'Bad Name', actor: 'mallory' })).rejects.toBeInstanceOf(InputError);
    expect(await mapGeometryImportedAt(db(), 'dash-keep')).toEqual(before);
    expect((await readMapGeometry(db(), 'dash-keep'))?.importedBy).toBe('alice');
    expect(await mapGeometryImportedAt(db(), 'bad name')).toBeUndefined();
  });
});
