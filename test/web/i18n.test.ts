import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/web/i18n/en.js';
import { locale } from '../../src/web/i18n/index.js';
import { matchAcceptLanguage, negotiateLanguage } from '../../src/web/i18n/negotiate.js';
import { nl } from '../../src/web/i18n/nl.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { byTag, createTestApp, findAll, parseHtml, type TestApp } from '../support/web-app.js';

/** Every leaf of a catalogue as `path: kind`. */
function shape(value: unknown, path = ''): string[] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, v]) => shape(v, path === '' ? key : `${path}.${key}`));
  }
  return [`${path}: ${typeof value}`];
}

describe('message catalogues', () => {
  it('have the same keys in Dutch and English, and no empty texts', () => {
    expect(shape(en)).toEqual(shape(nl));
    const texts = (m: unknown): unknown[] => (typeof m === 'object' && m !== null ? Object.values(m).flatMap(texts) : [m]);
    for (const text of [...texts(nl), ...texts(en)]) {
      if (typeof text === 'string') expect(text.trim()).not.toBe('');
    }
  });

  it('name layers and source kinds in both languages', () => {
    expect(locale('nl').t.layers['publieke-dienstverlener']).toBe('Publieke dienstverlener');
    expect(locale('en').t.layers['caribisch-openbaar-lichaam']).toBe('Caribbean public body');
    expect(locale('nl').t.sourceKinds['comply-or-explain']).toBe('Pas-toe-of-leg-uitlijst');
    expect(locale('en').t.sourceKinds.motion).toBe('Parliamentary motion');
  });
});

describe('formatting', () => {
  it('formats dates, numbers, percentages and lists per language', () => {
    const nlf = locale('nl').format;
    const enf = locale('en').format;
    expect(nlf.date('2018-12-31')).toBe('31 december 2018');
    expect(enf.date('2018-12-31')).toBe('31 December 2018');
    expect(nlf.date('not a date')).toBe('not a date');
    expect(nlf.number(1234.5)).toBe('1.234,5');
    expect(enf.number(1234.5)).toBe('1,234.5');
    expect(nlf.percent(30)).toBe('30%');
    expect(nlf.list(['a', 'b', 'c'])).toBe('a, b en c');
    expect(enf.list(['a', 'b', 'c'])).toBe('a, b and c');
    expect(nlf.dateTime(new Date('2026-01-01T00:00:00Z'))).toContain('1 januari 2026');
  });

  it('says "1 organisation" and "2 organisations"', () => {
    expect(en.organisations.found(1, '1')).toBe('1 organisation found');
    expect(nl.organisations.found(1234, '1.234')).toBe('1.234 organisaties gevonden');
  });
});

describe('language negotiation', () => {
  it('reads Accept-Language with q-values and prefixes', () => {
    expect(matchAcceptLanguage('en;q=0.5, nl;q=0.8', 'en')).toBe('nl');
    expect(matchAcceptLanguage('de-DE, en-US;q=0.7, nl;q=0.3', 'nl')).toBe('en');
    expect(matchAcceptLanguage('nl;q=0, en', 'nl')).toBe('en');
    expect(matchAcceptLanguage('nl-BE', 'en')).toBe('nl');
    expect(matchAcceptLanguage('de, fr;q=0.9', 'nl')).toBeUndefined();
    expect(matchAcceptLanguage('de, *;q=0.1', 'en')).toBe('en');
    expect(matchAcceptLanguage('*, en;q=0', 'en')).toBe('nl');
    expect(matchAcceptLanguage('english', 'nl')).toBeUndefined();
  });

  it('prefers ?lang over the cookie over Accept-Language over the default, ignoring unknown values', () => {
    expect(negotiateLanguage({ query: 'en', cookie: 'nl', acceptLanguage: 'nl' }, 'nl')).toEqual({ lang: 'en', source: 'query' });
    expect(negotiateLanguage({ query: 'fr', cookie: 'en', acceptLanguage: 'nl' }, 'nl')).toEqual({ lang: 'en', source: 'cookie' });
    expect(negotiateLanguage({ cookie: 'xx', acceptLanguage: 'en-GB' }, 'nl')).toEqual({ lang: 'en', source: 'header' });
    expect(negotiateLanguage({ acceptLanguage: 'de' }, 'en')).toEqual({ lang: 'en', source: 'default' });
    expect(negotiateLanguage({}, 'nl')).toEqual({ lang: 'nl', source: 'default' });
  });
});

describe('language of the pages', () => {
  let t: TestApp;
  let english: TestApp;

  beforeAll(async () => {
    [t, english] = await Promise.all([
      createTestApp(fixedStrategyReader(null)),
      createTestApp(fixedStrategyReader(null), { THORBECKE_DEFAULT_LANG: 'en' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([t.store.close(), english.store.close()]);
  });

  const langOf = async (app: TestApp, path: string, headers: Record<string, string> = {}) => {
    const res = await app.app.request(path, { headers });
    const doc = parseHtml(await res.text());
    const lang = byTag(doc, 'html')[0]?.attrs.lang;
    expect(res.headers.get('Content-Language')).toBe(lang);
    return { lang, res, doc };
  };

  it('follows ?lang, then the cookie, then Accept-Language, then THORBECKE_DEFAULT_LANG', async () => {
    expect((await langOf(t, '/about?lang=en', { Cookie: 'lang=nl', 'Accept-Language': 'nl' })).lang).toBe('en');
    expect((await langOf(t, '/about', { Cookie: 'lang=en', 'Accept-Language': 'nl' })).lang).toBe('en');
    expect((await langOf(t, '/about', { Cookie: 'lang=de', 'Accept-Language': 'nl;q=0.4, en;q=0.9' })).lang).toBe('en');
    expect((await langOf(t, '/about', { 'Accept-Language': 'de' })).lang).toBe('nl');
    expect((await langOf(t, '/about')).lang).toBe('nl');
    expect((await langOf(english, '/about')).lang).toBe('en');
    expect((await langOf(english, '/about', { 'Accept-Language': 'nl-NL, en;q=0.5' })).lang).toBe('nl');
  });

  it('remembers ?lang in a cookie for a year, and says the page varies by language', async () => {
    const { res } = await langOf(t, '/about?lang=en');
    const cookie = res.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^lang=en;/);
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Max-Age=31536000');
    expect(res.headers.get('Vary')).toBe('Accept-Language, Cookie');
    expect((await langOf(t, '/about?lang=xx')).res.headers.get('Set-Cookie')).toBeNull();
    expect((await langOf(t, '/about', { 'Accept-Language': 'en' })).res.headers.get('Set-Cookie')).toBeNull();
  });

  it('links the other language on the same path with the same query', async () => {
    const { doc } = await langOf(t, '/organisations?q=a%20b&layer=gemeente');
    const links = findAll(doc, (el) => el.name === 'a' && el.attrs.hreflang !== undefined);
    expect(links.map((a) => [a.attrs.hreflang, a.attrs.lang, a.attrs.href])).toEqual([
      ['nl', 'nl', '/organisations?q=a+b&layer=gemeente&lang=nl'],
      ['en', 'en', '/organisations?q=a+b&layer=gemeente&lang=en'],
    ]);
  });

  it('leaves the API alone', async () => {
    const res = await t.app.request('/api/v1/nothing?lang=en');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(res.headers.get('Content-Language')).toBeNull();
    expect(res.headers.get('Set-Cookie')).toBeNull();
  });
});
