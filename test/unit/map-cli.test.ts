import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { readMapGeometry } from '../../src/store/map-geometry.js';
import { runInProcess as run } from '../support/run-cli.js';

describe('thorbecke import map (embedded database)', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-map-cli-'));
    delete process.env.DATABASE_URL;
    process.env.THORBECKE_DATA_DIR = path.join(dir, 'data');
    process.env.LOG_LEVEL = 'silent';
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a boundary file, refuses another one without changing anything, and needs a FILE or --url', async () => {
    const good = await run('import', 'map', 'test/fixtures/map/tiny.topojson', '--by', 'alice');
    expect(good).toMatchObject({ status: 0, err: '', out: 'Imported map "nl" from test/fixtures/map/tiny.topojson: 2 municipalities, 2 provinces.\n' });

    const bad = await run('import', 'map', 'test/fixtures/map/wrong-objects.topojson');
    expect(bad.status).toBe(1);
    expect(bad.err).toContain('is not a boundary file Thorbecke can use. Expected a TopoJSON topology');
    expect(bad.err).toContain('  - objects.gemeenten: ');

    expect((await run('import', 'map')).err).toContain('Give a FILE or --url URL');
    expect((await run('import', 'map', 'x.topojson', '--url', 'http://127.0.0.1:1/x')).err).toContain('Give a FILE or --url URL');

    const store = await openStore({ engine: 'pglite', dataDir: path.join(dir, 'data') });
    try {
      const stored = await readMapGeometry(store.db, 'nl');
      expect(stored).toMatchObject({ importedBy: 'alice', source: 'test/fixtures/map/tiny.topojson' });
    } finally {
      await store.close();
    }
  });
});
