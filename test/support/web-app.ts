import { pino } from 'pino';
import type { Hono } from 'hono';
import { SaxesParser } from 'saxes';
import { loadConfig } from '../../src/config/load.js';
import type { ScanControl } from '../../src/scan/request.js';
import type { ScanStatus, ScanStatusReader } from '../../src/scan/status.js';
import { OrganisationService } from '../../src/services/organisations.js';
import type { StrategyReader } from '../../src/services/strategy-types.js';
import { openStore, type Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { NewOrganisationRow } from '../../src/store/schema.js';
import { createApp } from '../../src/web/app.js';
import { fixedStrategyReader } from './sample-strategy.js';

export interface TestApp {
  app: Hono;
  store: Store;
}

/**
 * The whole web application over an in-memory PGlite, for in-process HTTP tests (no port). `env` sets
 * configuration (e.g. `{ THORBECKE_DEFAULT_LANG: 'en' }`); `scans` gives the scans page a (fake) reader,
 * `scanControl` and `localToken` let the API take scan requests.
 */
export async function createTestApp(
  strategy: StrategyReader = fixedStrategyReader(),
  env: Record<string, string> = {},
  options: { scans?: ScanStatusReader; scanControl?: ScanControl; localToken?: string } = {},
): Promise<TestApp> {
  const store = await openStore({ engine: 'pglite', memory: true });
  await migrateToLatest(store.db);
  const config = loadConfig(env);
  const app = createApp({
    db: store.db,
    strategy,
    organisations: new OrganisationService(store.db, strategy),
    config,
    logger: pino({ level: 'silent' }),
    appVersion: '0.0.0-test',
    scans: options.scans,
    ...(options.scanControl !== undefined ? { scanControl: options.scanControl } : {}),
    ...(options.localToken !== undefined ? { localToken: options.localToken } : {}),
  });
  return { app, store };
}

/** Inserts organisations with sensible defaults. */
export async function insertOrganisations(store: Store, rows: (Partial<NewOrganisationRow> & { code: string; name: string; layer: string })[]): Promise<void> {
  await store.db
    .insertInto('organisation')
    .values(
      rows.map((r) => ({
        short_name: null,
        oin: null,
        province_code: null,
        parent_code: null,
        website: null,
        valid_from: null,
        valid_to: null,
        successor_code: null,
        source: 'test',
        ...r,
      })),
    )
    .execute();
}

/** An element of a parsed page. */
export interface HtmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (HtmlElement | string)[];
}

/**
 * Parses a page rendered by hono/jsx (which writes well-formed markup: void elements self-closed,
 * attributes quoted) into a small tree. Throws when the markup is not well-formed.
 */
export function parseHtml(html: string): HtmlElement {
  const parser = new SaxesParser();
  const root: HtmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const top = (): HtmlElement => stack[stack.length - 1] ?? root;
  parser.on('opentag', (tag) => {
    const el: HtmlElement = { name: tag.name.toLowerCase(), attrs: { ...tag.attributes }, children: [] };
    top().children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (text) => {
    top().children.push(text);
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(html.replace(/^<!DOCTYPE html>/i, '')).close();
  return root;
}

/** Every element under `root` (depth first, document order) that matches. */
export function findAll(root: HtmlElement, match: (el: HtmlElement) => boolean): HtmlElement[] {
  const found: HtmlElement[] = [];
  const visit = (el: HtmlElement): void => {
    for (const child of el.children) {
      if (typeof child === 'string') continue;
      if (match(child)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** Elements by tag name. */
export const byTag = (root: HtmlElement, ...names: string[]): HtmlElement[] => findAll(root, (el) => names.includes(el.name));

/** The text content of an element, whitespace collapsed. */
export function textOf(el: HtmlElement): string {
  const parts: string[] = [];
  const visit = (node: HtmlElement | string): void => {
    if (typeof node === 'string') parts.push(node);
    else node.children.forEach(visit);
  };
  visit(el);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * A small federation for page tests: two provinces, Amsterdam (with a domain and an import change), a
 * municipality that merged into Amsterdam, a ministry, a water board, and `extra` generated
 * municipalities in Utrecht (for pagination).
 */
export async function seedFederation(store: Store, extra = 0): Promise<void> {
  await insertOrganisations(store, [
    { code: 'pv27', name: 'Provincie Noord-Holland', layer: 'provincie', website: 'https://www.noord-holland.nl' },
    { code: 'pv26', name: 'Provincie Utrecht', layer: 'provincie' },
    {
      code: 'gm0363',
      name: 'Gemeente Amsterdam',
      short_name: 'Amsterdam',
      layer: 'gemeente',
      province_code: 'pv27',
      oin: '00000001002564440000',
      website: 'https://www.amsterdam.nl',
      valid_from: '1900-01-01',
    },
    { code: 'gm0999', name: 'Gemeente Opgeheven', layer: 'gemeente', province_code: 'pv27', valid_to: '2020-01-01', successor_code: 'gm0363' },
    { code: 'mnre1034', name: 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties', layer: 'rijk' },
    { code: 'ws0155', name: 'Hoogheemraadschap van Rijnland', layer: 'waterschap' },
    ...Array.from({ length: extra }, (_, i) => ({
      code: `gm${String(1000 + i)}`,
      name: `Gemeente Test ${String(i).padStart(3, '0')}`,
      layer: 'gemeente',
      province_code: 'pv26',
    })),
  ]);
  const asset = await store.db.insertInto('asset').values({ kind: 'web', name: 'amsterdam.nl' }).returning('id').executeTakeFirstOrThrow();
  await store.db.insertInto('asset_owner').values({ asset_id: asset.id, organisation_code: 'gm0363', source: 'test' }).execute();
  const run = await store.db
    .insertInto('import_run')
    .values({ kind: 'organisations', source: 'exportOO.xml', format: 'xml', full_import: true, actor: 'test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await store.db
    .insertInto('organisation_change')
    .values({
      organisation_code: 'gm0363',
      import_run_id: run.id,
      kind: 'changed',
      before: JSON.stringify({ name: 'Gemeente Amsterdam', website: null }),
      after: JSON.stringify({ name: 'Gemeente Amsterdam', website: 'https://www.amsterdam.nl' }),
    })
    .execute();
}

/** GETs a page in a language (by Accept-Language) and parses it. */
export async function fetchPage(app: Hono, path: string, lang: 'nl' | 'en' = 'nl') {
  const res = await app.request(path, { headers: { 'Accept-Language': lang } });
  const html = await res.text();
  return { res, html, doc: parseHtml(html) };
}

/** A fixed scan status for the scans page (a plain object: the page only reads it). */
export function sampleScanStatus(overrides: Partial<ScanStatus> = {}): ScanStatus {
  return {
    scanning: true,
    queue: { waiting: 1234, running: 7, failed: 3, completed: 5678, perMinute: 42.25 },
    recentFailures: [{ domain: 'kapot.example.nl', reason: 'DNS lookup timed out', at: new Date('2026-03-02T09:30:00Z') }],
    runs: [
      {
        id: 12,
        kind: 'requested',
        requestedBy: 'beheerder',
        selection: 'organisation gm0363',
        createdAt: new Date('2026-03-02T08:00:00Z'),
        total: 40,
        done: 25,
        failed: 2,
        running: 3,
        waiting: 10,
      },
    ],
    scheduler: {
      on: true,
      cadences: [
        { name: 'dns+ipv6+web', families: ['dns', 'ipv6', 'web'], periodMs: 7 * 86_400_000, scheduledThisPeriod: 150, domains: 400 },
        { name: 'tls', families: ['tls'], periodMs: 6 * 3_600_000, scheduledThisPeriod: 20, domains: 400 },
      ],
    },
    ...overrides,
  };
}

/** A scan status reader that always answers `status`. */
export const fixedScanStatus = (status: ScanStatus): ScanStatusReader => ({ status: () => Promise.resolve(status) });
