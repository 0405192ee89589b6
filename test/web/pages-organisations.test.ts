import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTag, createTestApp, findAll, seedFederation, textOf, type HtmlElement, type TestApp, fetchPage } from '../support/web-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  // 60 extra municipalities in Utrecht: 66 organisations, 65 current.
  await seedFederation(t.store, 60);
});

afterAll(async () => {
  await t.store.close();
});

const page = (path: string, lang: 'nl' | 'en' = 'nl') => fetchPage(t.app, path, lang);

const rowNames = (doc: HtmlElement): string[] =>
  findAll(doc, (el) => el.name === 'th' && el.attrs.scope === 'row').map(textOf);
const resultHeading = (doc: HtmlElement): string => textOf(findAll(doc, (el) => el.attrs.id === 'results-heading')[0] ?? doc);
const pagination = (doc: HtmlElement): HtmlElement | undefined =>
  findAll(doc, (el) => el.name === 'nav' && el.attrs['aria-label'] === 'Paginering')[0];

describe('/organisations', () => {
  it('lists current organisations by name, 50 a page, with a count, a caption and pagination', async () => {
    const { doc } = await page('/organisations');
    expect(resultHeading(doc)).toBe('65 organisaties gevonden');
    expect(rowNames(doc)).toHaveLength(50);
    expect(textOf(byTag(doc, 'caption')[0] ?? doc)).toBe('Gevonden organisaties, pagina 1 van 2');
    const nav = pagination(doc);
    expect(nav && textOf(nav)).toContain('Pagina 1 van 2');
    const next = nav && findAll(nav, (el) => el.name === 'a' && el.attrs.rel === 'next')[0];
    expect(next?.attrs.href).toBe('/organisations?page=2');

    const second = await page('/organisations?page=2');
    expect(rowNames(second.doc)).toHaveLength(15);
    const prev = findAll(pagination(second.doc) ?? second.doc, (el) => el.attrs.rel === 'prev')[0];
    expect(prev?.attrs.href).toBe('/organisations');
    expect(findAll(pagination(second.doc) ?? second.doc, (el) => el.attrs.rel === 'next')).toHaveLength(0);
  });

  it('filters by layer and province and keeps the filters in the form and the page links', async () => {
    const { doc } = await page('/organisations?layer=gemeente&province=PV26');
    expect(resultHeading(doc)).toBe('60 organisaties gevonden');
    const selected = findAll(doc, (el) => el.name === 'option' && el.attrs.selected !== undefined).map((o) => o.attrs.value);
    expect(selected).toEqual(['gemeente', 'pv26']);
    const next = findAll(pagination(doc) ?? doc, (el) => el.attrs.rel === 'next')[0];
    expect(next?.attrs.href).toBe('/organisations?layer=gemeente&province=pv26&page=2');

    const noord = await page('/organisations?province=pv27');
    expect(rowNames(noord.doc)).toEqual(['Gemeente Amsterdam', 'Provincie Noord-Holland']);
    expect(pagination(noord.doc)).toBeUndefined();
  });

  it('searches by name, code and OIN, and shows ended organisations on request', async () => {
    const byName = await page('/organisations?q=amster');
    expect(rowNames(byName.doc)).toEqual(['Gemeente Amsterdam']);
    expect(findAll(byName.doc, (el) => el.name === 'input' && el.attrs.name === 'q')[0]?.attrs.value).toBe('amster');
    expect(rowNames((await page('/organisations?q=0000000100256444')).doc)).toEqual(['Gemeente Amsterdam']);
    expect(resultHeading((await page('/organisations?q=opgeheven')).doc)).toBe('0 organisaties gevonden');

    const ended = await page('/organisations?q=opgeheven&includeEnded=true', 'en');
    expect(resultHeading(ended.doc)).toBe('1 organisation found');
    expect(rowNames(ended.doc)).toEqual(['Gemeente Opgeheven Ended']);
    expect(findAll(ended.doc, (el) => el.attrs.name === 'includeEnded')[0]?.attrs.checked).toBeDefined();
  });

  it('shows a province by name and a website as a safe external link', async () => {
    const { doc } = await page('/organisations?q=gm0363');
    const cells = findAll(doc, (el) => el.name === 'td').map(textOf);
    expect(cells).toEqual(['gm0363', 'Gemeente', 'Provincie Noord-Holland', 'https://www.amsterdam.nl']);
    const website = findAll(doc, (el) => el.name === 'a' && el.attrs.href === 'https://www.amsterdam.nl/')[0];
    expect(website?.attrs.rel).toBe('noopener');
  });

  it('escapes a hostile search text', async () => {
    const { res, html } = await page('/organisations?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E');
    expect(res.status).toBe(200);
    expect(html).not.toContain('<script');
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;"');
  });

  it('answers invalid parameters with a 400 page that lists every problem', async () => {
    const { res, doc } = await page('/organisations?layer=county&page=0&province=27&includeEnded=yes');
    expect(res.status).toBe(400);
    expect(byTag(doc, 'h1').map(textOf)).toEqual(['Ongeldige aanvraag']);
    const issues = byTag(doc, 'li').map(textOf).filter((text) => text.startsWith('"') || text.startsWith('Kies'));
    expect(issues).toEqual([
      '"county" is geen bestuurslaag.',
      '"27" is geen provinciecode (zoals pv27).',
      'Kies wel of niet voor opgeheven organisaties.',
      '"0" is geen paginanummer (1 of hoger).',
    ]);
    const tooFar = await page('/organisations?page=3', 'en');
    expect(tooFar.res.status).toBe(400);
    expect(textOf(tooFar.doc)).toContain('There are only 2 pages.');
    const hostile = await page('/organisations?layer=%3Cscript%3E');
    expect(hostile.res.status).toBe(400);
    expect(hostile.html).not.toContain('<script');
    expect(hostile.html).toContain('&quot;&lt;script&gt;&quot; is geen bestuurslaag.');
  });
});
