import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import {
  byTag,
  createTestApp,
  fetchPage,
  findAll,
  sampleScanStatus,
  textOf,
  type HtmlElement,
  type TestApp,
} from '../support/web-app.js';

let scanning: TestApp;
let none: TestApp;
/** What the fake reader answers; a test may change it. */
let current = sampleScanStatus();

beforeAll(async () => {
  // Two in-memory databases, one after the other: the scans page reads no tables, but the app needs one.
  scanning = await createTestApp(fixedStrategyReader(), {}, { scans: { status: () => Promise.resolve(current) } });
  none = await createTestApp();
});

afterAll(async () => {
  await Promise.all([scanning.store.close(), none.store.close()]);
});

const byId = (doc: HtmlElement, id: string): HtmlElement => {
  const found = findAll(doc, (el) => el.attrs.id === id)[0];
  if (!found) throw new Error(`no element #${id}`);
  return found;
};

const rowsOf = (table: HtmlElement): string[][] =>
  byTag(byTag(table, 'tbody')[0] ?? table, 'tr').map((tr) => tr.children.filter((c): c is HtmlElement => typeof c !== 'string').map(textOf));

/** The queue figures as term → value. */
const figures = (doc: HtmlElement): Record<string, string> =>
  Object.fromEntries(
    byTag(byId(doc, 'queue-figures'), 'div').map((item) => [textOf(byTag(item, 'dt')[0] ?? item), textOf(byTag(item, 'dd')[0] ?? item)]),
  );

describe('/scans', () => {
  it('shows the queue, the cadences, the runs and recent failures (nl)', async () => {
    const { res, doc } = await fetchPage(scanning.app, '/scans');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(textOf(byTag(doc, 'h1')[0] ?? doc)).toBe('Scans');
    expect(textOf(byTag(doc, 'main')[0] ?? doc)).toContain('Scannen staat aan.');
    expect(figures(doc)).toEqual({
      Wachtend: '1.234',
      Bezig: '7',
      Mislukt: '3',
      Klaar: '5.678',
      'Afgerond per minuut (laatste tien minuten)': '42,3',
    });
    expect(textOf(byTag(doc, 'main')[0] ?? doc)).toContain('De planner staat aan.');
    expect(rowsOf(byId(doc, 'cadences-table'))).toEqual([
      ['dns+ipv6+web', 'dns, ipv6 en web', '7 dagen', '150 van 400 domeinen'],
      ['tls', 'tls', '6 uur', '20 van 400 domeinen'],
    ]);
    const [run] = rowsOf(byId(doc, 'runs-table'));
    expect(run?.slice(0, 3)).toEqual(['#12 organisation gm0363', 'Op verzoek', 'beheerder']);
    expect(run?.[3]).toContain('2 maart 2026');
    expect(run?.slice(4)).toEqual(['25 van 40', '2', '3', '10']);
    const [failure] = rowsOf(byId(doc, 'failures-table'));
    expect(failure?.slice(0, 2)).toEqual(['kapot.example.nl', 'DNS lookup timed out']);
    expect(failure?.[2]).toContain('2 maart 2026');
  });

  it('speaks English', async () => {
    const { doc } = await fetchPage(scanning.app, '/scans', 'en');
    expect(figures(doc)).toMatchObject({ Waiting: '1,234', Completed: '5,678', 'Finished per minute (last ten minutes)': '42.3' });
    expect(rowsOf(byId(doc, 'cadences-table'))[0]).toEqual(['dns+ipv6+web', 'dns, ipv6 and web', '7 days', '150 of 400 domains']);
    expect(rowsOf(byId(doc, 'runs-table'))[0]?.slice(4)).toEqual(['25 of 40', '2', '3', '10']);
  });

  it('says why scanning is off, and that there is nothing to show', async () => {
    current = sampleScanStatus({
      scanning: false,
      note: 'No validating resolver is configured (THORBECKE_RESOLVER).',
      runs: [],
      recentFailures: [],
      scheduler: { on: false, cadences: [] },
    });
    const { doc } = await fetchPage(scanning.app, '/scans', 'en');
    current = sampleScanStatus();
    const main = textOf(byTag(doc, 'main')[0] ?? doc);
    expect(main).toContain('Scanning is off.');
    expect(main).toContain('Reason: No validating resolver is configured (THORBECKE_RESOLVER).');
    expect(main).toContain('The scheduler is off.');
    expect(main).toContain('No groups of checks are scheduled.');
    expect(main).toContain('There are no scan runs.');
    expect(main).toContain('There are no recent failures.');
  });

  it('says that scanning is not set up without a reader', async () => {
    const nl = await fetchPage(none.app, '/scans');
    expect(nl.res.status).toBe(200);
    expect(textOf(byTag(nl.doc, 'main')[0] ?? nl.doc)).toContain('Scannen is in dit proces niet ingericht.');
    expect(findAll(nl.doc, (el) => el.attrs.id === 'queue-figures')).toHaveLength(0);
    const en = await fetchPage(none.app, '/scans', 'en');
    expect(textOf(byTag(en.doc, 'main')[0] ?? en.doc)).toContain('Scanning is not set up in this process.');
  });

  it('is linked from the footer of every page', async () => {
    const { doc } = await fetchPage(none.app, '/about');
    const footer = byTag(doc, 'footer')[0] ?? doc;
    expect(findAll(footer, (el) => el.name === 'a' && el.attrs.href === '/scans').map(textOf)).toEqual(['Scans']);
  });
});
