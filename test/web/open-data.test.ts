import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locale } from '../../src/web/i18n/index.js';
import { DownloadLinks, dataBase, downloadHrefs } from '../../src/web/components/download-links.js';
import { csvCell } from '../../src/web/open-data/csv.js';
import { insertAggregateHistory, insertAggregates, insertHistory, insertProgress } from '../support/open-data-fixtures.js';
import { byTag, createTestApp, findAll, insertOrganisations, parseHtml, textOf, type TestApp } from '../support/web-app.js';

let t: TestApp;

const TRICKY = 'Uitstel, want de "leverancier" is laat;\nzie regel 2';
const FORMULA = '=HYPERLINK("https://evil.example","klik")';
const MINUS = '-5 dagen te laat';

beforeAll(async () => {
  t = await createTestApp();
  await insertOrganisations(t.store, [
    { code: 'pv27', name: 'Provincie Noord-Holland', layer: 'provincie' },
    { code: 'gm0363', name: 'Gemeente Amsterdam', layer: 'gemeente', province_code: 'pv27' },
    { code: 'gm1900', name: 'Gemeente Súdwest-Fryslân', layer: 'gemeente', province_code: 'pv27' },
    { code: 'ws0155', name: 'Hoogheemraadschap van Rijnland', layer: 'waterschap' },
  ]);
  await insertProgress(t.store, [
    { organisation_code: 'gm0363', target_id: 'web-https-hsts', status: 'met', value: 100, domains_total: 2, domains_met: 2, deadline: '2019-12-31', effective_date: '2019-12-31', reason: TRICKY },
    { organisation_code: 'gm0363', target_id: 'pqc-plan', status: 'on-track', value: null, deadline: '2030-12-31', planned_date: '2028-06-30', effective_date: '2028-06-30', reason: FORMULA },
    { organisation_code: 'gm1900', target_id: 'web-https-hsts', status: 'overdue', value: 33.333333333333336, domains_total: 3, domains_met: 1, domains_failing: 2, reason: MINUS },
    { organisation_code: 'ws0155', target_id: 'web-https-hsts', status: 'unknown', reason: '@SUM(1+1)' },
  ]);
  await insertAggregates(t.store, [
    { scope_kind: 'nation', scope_id: 'nl', target_id: 'web-https-hsts', organisations: 3, met: 1, overdue: 1, unknown: 1, domains_total: 5, domains_met: 3 },
    { scope_kind: 'layer', scope_id: 'gemeente', target_id: 'web-https-hsts', organisations: 2, met: 1, overdue: 1, domains_total: 5, domains_met: 3 },
    { scope_kind: 'province', scope_id: 'pv27', target_id: 'web-https-hsts', organisations: 2, met: 1, overdue: 1 },
  ]);
  await insertAggregateHistory(t.store, [
    { period: '2026-02-16', scope_kind: 'nation', scope_id: 'nl', target_id: 'web-https-hsts', organisations: 3, met: 0 },
    { period: '2026-02-23', scope_kind: 'nation', scope_id: 'nl', target_id: 'web-https-hsts', organisations: 3, met: 1 },
    { period: '2026-02-23', scope_kind: 'nation', scope_id: 'nl', target_id: 'pqc-plan', organisations: 1, on_track: 1 },
    { period: '2026-02-23', scope_kind: 'layer', scope_id: 'gemeente', target_id: 'web-https-hsts', organisations: 2, met: 1 },
  ]);
  await insertHistory(t.store, [
    { period: '2026-02-16', organisation_code: 'gm0363', target_id: 'web-https-hsts', status: 'at-risk', value: 50, domains_total: 2, domains_met: 1 },
    { period: '2026-02-23', organisation_code: 'gm0363', target_id: 'web-https-hsts', status: 'met', value: 100, domains_total: 2, domains_met: 2 },
    { period: '2026-02-23', organisation_code: 'gm0363', target_id: 'pqc-plan', status: 'on-track' },
  ]);
  await t.store.db
    .insertInto('explanation')
    .values([
      {
        scope: 'target',
        target_id: 'web-https-hsts',
        organisation_code: 'gm1900',
        reason: '+31 is ons landnummer; het nieuwe platform komt in mei.',
        author: 'CIO Súdwest-Fryslân',
        state: 'approved',
        expires_on: '2026-12-31',
        basis: JSON.stringify({ secret: 'not public' }),
        decided_by: 'coordinator@example.nl',
        decided_at: '2026-02-01T09:00:00Z',
        decision_note: 'internal note',
        created_at: '2026-01-15T09:00:00Z',
      },
      {
        scope: 'supplier',
        target_id: 'web-https-hsts',
        organisation_code: null,
        supplier: 'Mailhost B.V.',
        supplier_role: 'mail',
        reason: 'Het gedeelde mailplatform biedt nog geen DANE.',
        author: 'VNG',
        state: 'proposed',
        expires_on: '2026-09-30',
        created_at: '2026-02-20T09:00:00Z',
      },
    ])
    .execute();
});

afterAll(async () => {
  await t.store.close();
});

const get = (path: string) => t.app.request(path);

interface Metadata {
  '@context': unknown;
  url: string;
  'dc:title': { '@value': string; '@language': string }[];
  'dc:description': { '@value': string; '@language': string }[];
  'dc:license': { '@id': string };
  'dc:publisher': { 'schema:name': string };
  'dc:modified'?: { '@value': string };
  tableSchema: { columns: { name: string; titles: { nl: string; en: string }; datatype: string | { base: string; format?: string }; required: boolean }[]; primaryKey: string[] };
}

/** The three files of one table, parsed: CSV records (header row as keys), the JSON rows, the metadata. */
async function fetchTable(base: string, query = '') {
  const [csvRes, jsonRes, metaRes] = await Promise.all([get(`${base}.csv${query}`), get(`${base}.json${query}`), get(`${base}.csv-metadata.json${query}`)]);
  expect([csvRes.status, jsonRes.status, metaRes.status]).toEqual([200, 200, 200]);
  const bytes = new Uint8Array(await csvRes.arrayBuffer());
  const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const header = parse(csvText, { bom: true, to_line: 1 })[0] ?? [];
  const records = parse<Record<string, string>>(csvText, { bom: true, columns: true, record_delimiter: '\r\n' });
  const json = (await jsonRes.json()) as Record<string, string | number | null>[];
  const metadata = (await metaRes.json()) as Metadata;
  return { csvRes, jsonRes, metaRes, bytes, csvText, header, records, json, metadata };
}

/** What the CSV holds for a JSON row: every value as text, null empty, formula-looking text with an apostrophe. */
function asCsv(row: Record<string, string | number | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(v) ? `'${v}` : csvCell(v)]),
  );
}

const BASES: [string, string][] = [
  ['/data/progress', ''],
  ['/data/aggregates', ''],
  ['/data/history', ''],
  ['/data/history', '?scope=layer&id=gemeente&target=web-https-hsts'],
  ['/data/targets/web-https-hsts/progress', ''],
  ['/data/organisations/gm0363/progress', ''],
  ['/data/organisations/gm0363/history', '?target=web-https-hsts'],
  ['/data/explanations', ''],
];

describe('open data: every table as CSV, JSON and CSV on the Web metadata', () => {
  it.each(BASES)('%s%s: the CSV parses back to the JSON rows, and the metadata describes its columns', async (base, query) => {
    const { csvRes, jsonRes, bytes, csvText, header, records, json, metadata } = await fetchTable(base, query);
    expect(csvRes.headers.get('Content-Type')).toBe('text/csv; charset=utf-8; header=present');
    expect(csvRes.headers.get('Content-Disposition')).toMatch(/^attachment; filename="thorbecke-[a-z0-9-]+\.csv"$/);
    expect(csvRes.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(jsonRes.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvText.split('\r\n')[0]).toBe(`\uFEFF${header.join(',')}`);
    expect(json.length).toBeGreaterThan(0);

    // One definition: the CSV header, the JSON keys and the metadata's column names are the same list.
    const names = metadata.tableSchema.columns.map((c) => c.name);
    expect(header).toEqual(names);
    for (const row of json) expect(Object.keys(row)).toEqual(names);
    expect(records).toEqual(json.map(asCsv));

    // CSVW: the required keys, the file it describes, titles in both languages, the key among the columns.
    expect(metadata['@context']).toEqual(['http://www.w3.org/ns/csvw', { '@language': 'nl' }]);
    expect(metadata.url).toBe(`${base.split('/').pop() ?? ''}.csv${query}`);
    expect(metadata['dc:title'].map((x) => x['@language'])).toEqual(['nl', 'en']);
    expect(metadata['dc:description'][0]?.['@value']).toContain('apostrof');
    expect(metadata['dc:license']['@id']).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
    expect(metadata['dc:publisher']['schema:name']).toBe('Thorbecke');
    expect(metadata['dc:modified']?.['@value']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    for (const column of metadata.tableSchema.columns) {
      expect(column.titles.nl).not.toBe('');
      expect(column.titles.en).not.toBe('');
      expect(typeof column.required).toBe('boolean');
    }
    expect(metadata.tableSchema.primaryKey.length).toBeGreaterThan(0);
    for (const key of metadata.tableSchema.primaryKey) expect(names).toContain(key);
    const keys = json.map((row) => metadata.tableSchema.primaryKey.map((k) => String(row[k])).join('|'));
    expect(new Set(keys).size).toBe(keys.length);

    // Every cell matches its column's datatype; required cells are never empty.
    for (const record of records) {
      for (const column of metadata.tableSchema.columns) {
        const cell = record[column.name] ?? '';
        if (cell === '') {
          expect(column.required, `${column.name} is required`).toBe(false);
          continue;
        }
        const datatype = typeof column.datatype === 'string' ? column.datatype : column.datatype.base;
        if (datatype === 'integer') expect(cell).toMatch(/^\d+$/);
        if (datatype === 'number') expect(Number.isFinite(Number(cell))).toBe(true);
        if (datatype === 'date') expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (datatype === 'dateTime') expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        if (typeof column.datatype !== 'string' && column.datatype.format !== undefined) expect(cell).toMatch(new RegExp(column.datatype.format));
      }
    }

    // The CSV points to its metadata (CSVW "locating metadata").
    expect(csvRes.headers.get('Link')).toBe(`<${base.split('/').pop() ?? ''}.csv-metadata.json${query}>; rel="describedby"; type="application/csvm+json"`);
  });

  it('keeps commas, quotes, line breaks and non-ASCII letters intact', async () => {
    const { csvText, records, json } = await fetchTable('/data/progress');
    expect(csvText).toContain('"Uitstel, want de ""leverancier"" is laat;\nzie regel 2"');
    expect(json.find((r) => r.reason === TRICKY)).toMatchObject({ organisationCode: 'gm0363', targetId: 'web-https-hsts' });
    expect(records.find((r) => r.reason === TRICKY)?.organisationCode).toBe('gm0363');
    expect(records.map((r) => r.organisationName)).toContain('Gemeente Súdwest-Fryslân');
    expect(records.find((r) => r.organisationCode === 'gm1900')?.value).toBe('33.333333333333336');
  });

  it('defuses formula-looking text in the CSV (an apostrophe in front) and keeps it unchanged in the JSON', async () => {
    const { records, json } = await fetchTable('/data/progress');
    const csvReason = (code: string, target: string) => records.find((r) => r.organisationCode === code && r.targetId === target)?.reason;
    const jsonReason = (code: string, target: string) => json.find((r) => r.organisationCode === code && r.targetId === target)?.reason;
    expect(jsonReason('gm0363', 'pqc-plan')).toBe(FORMULA);
    expect(csvReason('gm0363', 'pqc-plan')).toBe(`'${FORMULA}`);
    expect(csvReason('gm1900', 'web-https-hsts')).toBe(`'${MINUS}`);
    expect(csvReason('ws0155', 'web-https-hsts')).toBe("'@SUM(1+1)");
    const explanations = await fetchTable('/data/explanations');
    expect(explanations.records[0]?.reason).toBe("'+31 is ons landnummer; het nieuwe platform komt in mei.");
  });

  it('lists explanations with their public fields only', async () => {
    const { json } = await fetchTable('/data/explanations');
    expect(json).toHaveLength(2);
    expect(json[0]).toMatchObject({ scope: 'target', organisationCode: 'gm1900', state: 'approved', expiresOn: '2026-12-31', author: 'CIO Súdwest-Fryslân', decidedAt: '2026-02-01T09:00:00.000Z' });
    expect(json[1]).toMatchObject({ scope: 'supplier', organisationCode: null, supplier: 'Mailhost B.V.', supplierRole: 'mail', state: 'proposed', decidedAt: null });
    const text = JSON.stringify(json);
    for (const secret of ['not public', 'coordinator@example.nl', 'internal note']) expect(text).not.toContain(secret);
  });

  it('narrows the history by area, target and date', async () => {
    const nation = await fetchTable('/data/history');
    expect(nation.json.map((r) => `${String(r.targetId)} ${String(r.period)}`)).toEqual(['pqc-plan 2026-02-23', 'web-https-hsts 2026-02-16', 'web-https-hsts 2026-02-23']);
    const since = await fetchTable('/data/history', '?target=web-https-hsts&since=2026-02-20');
    expect(since.json.map((r) => r.period)).toEqual(['2026-02-23']);
    const layer = await fetchTable('/data/history', '?scope=layer&id=gemeente');
    expect(layer.json).toEqual([expect.objectContaining({ scopeKind: 'layer', scopeId: 'gemeente', met: 1, organisations: 2 })]);
    expect(layer.metadata['dc:title'][1]?.['@value']).toBe('Progress over time (layer gemeente)');
    expect(layer.csvRes.headers.get('Content-Disposition')).toBe('attachment; filename="thorbecke-history-layer-gemeente.csv"');
    const target = await fetchTable('/data/targets/web-https-hsts/progress');
    expect(target.json.map((r) => r.organisationCode)).toEqual(['gm0363', 'gm1900', 'ws0155']);
    expect(target.metadata['dc:title'][0]?.['@value']).toBe('Voortgang op afspraak web-https-hsts');
  });

  it('answers an unknown target, organisation or province with 404 problem+json', async () => {
    for (const path of [
      '/data/targets/no-such-target/progress.csv',
      '/data/organisations/gm9999/progress.json',
      '/data/organisations/not-a-code/history.csv-metadata.json',
      '/data/organisations/gm0363/history.csv?target=no-such-target',
      '/data/history.json?scope=province&id=pv99',
      '/data/history.csv?target=no-such-target',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type'), path).toBe('application/problem+json');
      expect(((await res.json()) as { status: number }).status).toBe(404);
    }
  });

  it('answers a bad query with 400 problem+json naming the parameters', async () => {
    const cases: [string, string[]][] = [
      ['/data/history.csv?scope=county', ['query.scope']],
      ['/data/history.csv?scope=layer', ['query.id']],
      ['/data/history.json?scope=layer&id=county', ['query.id']],
      ['/data/history.json?scope=province&id=noord', ['query.id']],
      ['/data/history.csv?scope=nation&id=be', ['query.id']],
      ['/data/history.csv-metadata.json?since=yesterday', ['query.since']],
      ['/data/organisations/gm0363/history.json?target=', ['query.target']],
    ];
    for (const [path, names] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
      const problem = (await res.json()) as { invalidParams: { name: string }[] };
      expect(problem.invalidParams.map((p) => p.name), path).toEqual(names);
    }
  });

  it('is case-insensitive in organisation codes and names the file after the canonical code', async () => {
    const res = await get('/data/organisations/GM0363/progress.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="thorbecke-organisation-gm0363-progress.csv"');
  });
});

/** A component's markup (hono/jsx renders to an escaped string, or a promise of one). */
const render = async (element: ReturnType<typeof DownloadLinks>): Promise<string> => String(await element);

describe('DownloadLinks', () => {
  it('links to the CSV, JSON and metadata and says for screen readers what they download', async () => {
    for (const lang of ['nl', 'en'] as const) {
      const html = await render(DownloadLinks({ base: dataBase.targetProgress('web-https-hsts'), locale: locale(lang), label: 'Voortgang <per> organisatie' }));
      const doc = parseHtml(html);
      const links = byTag(doc, 'a');
      expect(links.map((a) => a.attrs.href)).toEqual([
        '/data/targets/web-https-hsts/progress.csv',
        '/data/targets/web-https-hsts/progress.json',
        '/data/targets/web-https-hsts/progress.csv-metadata.json',
      ]);
      expect(textOf(links[0] ?? doc)).toBe(lang === 'nl' ? 'CSV (kommagescheiden bestand, UTF-8, Voortgang <per> organisatie)' : 'CSV (comma-separated file, UTF-8, Voortgang <per> organisatie)');
      expect(findAll(doc, (el) => el.attrs['aria-hidden'] === 'true').map(textOf)).toEqual(['·', '·']);
      expect(html).not.toContain('<per>');
    }
  });

  it('knows a base for every table, and each is served', async () => {
    const bases = Object.values(dataBase).map((base) => (typeof base === 'string' ? base : base(base === dataBase.targetProgress ? 'web-https-hsts' : 'gm0363')));
    expect(bases).toHaveLength(7);
    for (const base of bases) {
      for (const href of Object.values(downloadHrefs(base))) expect((await get(href)).status, href).toBe(200);
    }
  });

  it('puts a query after the extension', async () => {
    const html = await render(DownloadLinks({ base: dataBase.history, locale: locale('nl'), query: { scope: 'layer', id: 'gemeente', target: undefined } }));
    expect(byTag(parseHtml(html), 'a').map((a) => a.attrs.href)).toEqual([
      '/data/history.csv?scope=layer&id=gemeente',
      '/data/history.json?scope=layer&id=gemeente',
      '/data/history.csv-metadata.json?scope=layer&id=gemeente',
    ]);
  });

  it('names "this data" when the table gives no label', async () => {
    const html = await render(DownloadLinks({ base: '/data/progress', locale: locale('en') }));
    expect(textOf(byTag(parseHtml(html), 'a')[1] ?? parseHtml('<a/>'))).toBe('JSON (JSON file, this data)');
  });
});
