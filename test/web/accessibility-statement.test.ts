import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { InputError } from '../../src/domain/errors.js';
import { loadKnownProblems, parseKnownProblems } from '../../src/web/pages/accessibility-problems.js';
import { byTag, createTestApp, findAll, parseHtml, textOf, type HtmlElement, type TestApp } from '../support/web-app.js';

/**
 * Thorbecke's own accessibility statement (/accessibility): the parts of the national model in both
 * languages, the configured status, dates, contact and known problems, escaping, and the Dutch address.
 */

const dir = mkdtempSync(join(tmpdir(), 'thorbecke-a11y-statement-'));
const problemsFile = join(dir, 'problems.yaml');
writeFileSync(
  problemsFile,
  [
    'problems:',
    '  - problem: { nl: "De kaart <script>alert(1)</script> heeft te weinig contrast", en: "The map has too little contrast" }',
    "    criterion: '1.4.11'",
    '    fix: { nl: Donkerder randen, en: Darker borders }',
    "    fixBy: '2027-03-01'",
    '  - problem: Een PDF zonder tags',
    '',
  ].join('\n'),
);

let plain: TestApp;
let configured: TestApp;

beforeAll(async () => {
  [plain, configured] = await Promise.all([
    createTestApp(undefined, { THORBECKE_CONTACT_EMAIL: 'beheer@thorbecke.example.nl' }),
    createTestApp(undefined, {
      THORBECKE_PUBLIC_URL: 'https://thorbecke.example.nl/',
      THORBECKE_ACCESSIBILITY_STATUS: 'B',
      THORBECKE_ACCESSIBILITY_STATEMENT_DATE: '2027-01-15',
      THORBECKE_ACCESSIBILITY_REVIEW_DATE: '2027-06-30',
      THORBECKE_ACCESSIBILITY_CONTACT: 'https://thorbecke.example.nl/melden?onderwerp="a"&x=<b>',
      THORBECKE_ACCESSIBILITY_REPLY_DAYS: '10',
      THORBECKE_ACCESSIBILITY_PROBLEMS_FILE: problemsFile,
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([plain.store.close(), configured.store.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function page(app: TestApp, lang: 'nl' | 'en', path = '/accessibility'): Promise<{ html: string; doc: HtmlElement }> {
  const res = await app.app.request(path, { headers: { 'Accept-Language': lang } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-language')).toBe(lang);
  const html = await res.text();
  return { html, doc: parseHtml(html) };
}

const headings = (doc: HtmlElement): string[] => findAll(doc, (el) => /^h[12]$/.test(el.name)).map((h) => `${h.name} ${textOf(h)}`);
const facts = (doc: HtmlElement): Record<string, string> =>
  Object.fromEntries(findAll(doc, (el) => el.attrs.class === 'utrecht-data-list__item').map((item) => [textOf(byTag(item, 'dt')[0] ?? item), textOf(byTag(item, 'dd')[0] ?? item)]));
const main = (doc: HtmlElement): string => textOf(byTag(doc, 'main')[0] ?? doc);

describe('the accessibility statement', () => {
  it('has the parts of the national model in order, in Dutch, with the honest default status C', async () => {
    const { doc } = await page(plain, 'nl');
    expect(headings(doc)).toEqual([
      'h1 Toegankelijkheidsverklaring van Thorbecke',
      'h2 Over deze verklaring',
      'h2 Hoe de toegankelijkheid is onderzocht',
      'h2 Bekende problemen',
      'h2 Genomen maatregelen',
      'h2 Een probleem melden',
      'h2 Niet tevreden met het antwoord?',
    ]);
    expect(facts(doc)).toEqual({
      Website: 'Thorbecke, de digitaliseringsmonitor van de overheid',
      Adres: 'http://localhost:8080/',
      'Wettelijke grondslag': 'Besluit digitale toegankelijkheid overheid (van kracht sinds 1 juli 2018)',
      Norm: 'EN 301 549, dat wil zeggen WCAG 2.1 niveau A en AA',
      Nalevingsstatus: 'C: eerste maatregelen genomen',
      'Datum van deze verklaring': '29 november 2026',
      'Laatst herzien': '29 november 2026',
    });
    const text = main(doc);
    expect(text).toContain('gepland binnen zes maanden');
    expect(text).toContain('axe-core in een echte browser');
    expect(text).toContain('alleen met het toetsenbord');
    expect(text).toContain('Automatische tests vinden maar een deel van de toegankelijkheidsproblemen');
    expect(text).toContain('nog niet gedaan. Daarom is de status niet A');
    expect(text).toContain('Er zijn op dit moment geen toegankelijkheidsproblemen bekend');
    expect(byTag(doc, 'table')).toEqual([]);
    expect(text).toContain('binnen 5 werkdagen');
    expect(text).toContain('Nationale ombudsman');
    const contact = findAll(doc, (el) => el.name === 'a' && el.attrs.href === 'mailto:beheer@thorbecke.example.nl')[0];
    expect(contact && textOf(contact)).toBe('Meld een toegankelijkheidsprobleem');
    expect(text).toContain('(beheer@thorbecke.example.nl)');
    const ombudsman = findAll(doc, (el) => el.name === 'a' && el.attrs.href === 'https://www.nationaleombudsman.nl/')[0];
    expect(ombudsman?.attrs.rel).toBe('noopener');
  });

  it('is in English with the same parts', async () => {
    const { doc } = await page(plain, 'en');
    expect(headings(doc)).toEqual([
      'h1 Accessibility statement of Thorbecke',
      'h2 About this statement',
      'h2 How accessibility was assessed',
      'h2 Known problems',
      'h2 Measures taken',
      'h2 Reporting a problem',
      'h2 Not satisfied with the answer?',
    ]);
    expect(facts(doc)['Compliance status']).toBe('C: first measures taken');
    expect(facts(doc)['Date of this statement']).toBe('29 November 2026');
    const text = main(doc);
    expect(text).toContain('Automated tests find only part of the accessibility problems');
    expect(text).toContain('No full manual audit by an independent party has been carried out yet');
    expect(text).toContain('No accessibility problems are known at the moment');
    expect(text).toContain('within 5 working days');
    expect(text).toContain('National Ombudsman');
  });

  it('shows the configured status, dates, contact, reply time and known problems, escaped', async () => {
    for (const lang of ['nl', 'en'] as const) {
      const { html, doc } = await page(configured, lang);
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('x=<b>');
      const f = facts(doc);
      expect(f[lang === 'nl' ? 'Nalevingsstatus' : 'Compliance status']).toBe(lang === 'nl' ? 'B: voldoet gedeeltelijk' : 'B: partially compliant');
      expect(f[lang === 'nl' ? 'Datum van deze verklaring' : 'Date of this statement']).toBe(lang === 'nl' ? '15 januari 2027' : '15 January 2027');
      expect(f[lang === 'nl' ? 'Laatst herzien' : 'Last reviewed']).toBe(lang === 'nl' ? '30 juni 2027' : '30 June 2027');
      expect(f[lang === 'nl' ? 'Adres' : 'Address']).toBe('https://thorbecke.example.nl/');
      const text = main(doc);
      expect(text).toContain(lang === 'nl' ? 'binnen 10 werkdagen' : 'within 10 working days');
      expect(text).toContain(lang === 'nl' ? 'Daarnaast is de website onderzocht' : 'In addition, the website has been audited');
      const contact = findAll(doc, (el) => el.name === 'a' && (el.attrs.href ?? '').startsWith('https://thorbecke.example.nl/melden'))[0];
      expect(contact?.attrs.href).toBe('https://thorbecke.example.nl/melden?onderwerp=%22a%22&x=%3Cb%3E');
      expect(contact?.attrs.rel).toBe('noopener');

      const table = byTag(doc, 'table')[0];
      if (table === undefined) throw new Error('no table of known problems');
      expect(textOf(byTag(table, 'caption')[0] ?? table)).toBe(lang === 'nl' ? 'Bekende problemen, met de maatregel en de datum waarop die klaar is' : 'Known problems, with the measure and the date by which it is done');
      expect(byTag(table, 'th').map((th) => th.attrs.scope)).toEqual(['col', 'col', 'col', 'col', 'row', 'row']);
      const rows = byTag(table, 'tr').slice(1).map((tr) => byTag(tr, 'th', 'td').map(textOf));
      expect(rows).toEqual(
        lang === 'nl'
          ? [
              ['De kaart <script>alert(1)</script> heeft te weinig contrast', '1.4.11', 'Donkerder randen', '1 maart 2027'],
              ['Een PDF zonder tags', '', 'Nog niet bepaald', 'Nog niet bepaald'],
            ]
          : [
              ['The map has too little contrast', '1.4.11', 'Darker borders', '1 March 2027'],
              ['Een PDF zonder tags', '', 'Not decided yet', 'Not decided yet'],
            ],
      );
    }
  });

  it('is linked from the footer of every page', async () => {
    for (const [lang, label] of [['nl', 'Toegankelijkheid'], ['en', 'Accessibility']] as const) {
      const { doc } = await page(plain, lang, '/about');
      const footer = byTag(doc, 'footer')[0];
      const link = footer && findAll(footer, (el) => el.name === 'a' && el.attrs.href === '/accessibility')[0];
      expect(link && textOf(link)).toBe(label);
    }
  });

  it('is also at /toegankelijkheid, which redirects permanently', async () => {
    const res = await plain.app.request('/toegankelijkheid');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/accessibility');
    const withQuery = await plain.app.request('/toegankelijkheid?lang=en');
    expect(withQuery.status).toBe(301);
    expect(withQuery.headers.get('location')).toBe('/accessibility?lang=en');
  });
});

describe('the configuration of the statement', () => {
  it('has honest defaults', () => {
    const config = loadConfig({});
    expect(config.THORBECKE_ACCESSIBILITY_STATUS).toBe('C');
    expect(config.THORBECKE_ACCESSIBILITY_STATEMENT_DATE).toBe('2026-11-29');
    expect(config.THORBECKE_ACCESSIBILITY_REVIEW_DATE).toBeUndefined();
    expect(config.THORBECKE_ACCESSIBILITY_CONTACT).toBeUndefined();
    expect(config.THORBECKE_ACCESSIBILITY_REPLY_DAYS).toBe(5);
  });

  it('refuses bad values, naming the variable', () => {
    for (const [key, value] of [
      ['THORBECKE_ACCESSIBILITY_STATUS', 'F'],
      ['THORBECKE_ACCESSIBILITY_STATEMENT_DATE', '29-11-2026'],
      ['THORBECKE_ACCESSIBILITY_REVIEW_DATE', '2026-02-30'],
      ['THORBECKE_ACCESSIBILITY_CONTACT', 'javascript:alert(1)'],
      ['THORBECKE_ACCESSIBILITY_CONTACT', 'http://insecure.example.nl/'],
      ['THORBECKE_ACCESSIBILITY_REPLY_DAYS', '0'],
    ] as const) {
      expect(() => loadConfig({ [key]: value }), `${key}=${value}`).toThrow(key);
    }
  });

  it('reads a problems file, and refuses a bad one with its place', () => {
    expect(loadKnownProblems(undefined)).toEqual([]);
    expect(loadKnownProblems(problemsFile)).toHaveLength(2);
    expect(parseKnownProblems('problems: []\n', 'empty.yaml')).toEqual([]);
    expect(parseKnownProblems('', 'blank.yaml')).toEqual([]);
    const bad = (source: string): InputError => {
      try {
        parseKnownProblems(source, 'bad.yaml');
      } catch (error) {
        if (error instanceof InputError) return error;
        throw error;
      }
      throw new Error(`accepted: ${source}`);
    };
    expect(bad('problems:\n  - fix: x\n').issues[0]?.location).toBe('problems.0.problem');
    expect(bad("problems:\n  - problem: x\n    fixBy: '2027-13-01'\n").issues[0]?.location).toBe('problems.0.fixBy');
    expect(bad("problems:\n  - problem: x\n    criterion: 'AA'\n").issues[0]?.message).toContain('WCAG success criterion');
    expect(bad('problems:\n  - problem: x\n    other: y\n').message).toContain('THORBECKE_ACCESSIBILITY_PROBLEMS_FILE');
    expect(bad('problems: [\n').issues[0]?.message).toContain('YAML syntax');
    expect(() => loadKnownProblems(join(dir, 'missing.yaml'))).toThrow('Cannot read THORBECKE_ACCESSIBILITY_PROBLEMS_FILE');
  });
});
