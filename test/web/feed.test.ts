import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../src/store/progress-events.js';
import { createTestApp, insertOrganisations, type TestApp } from '../support/web-app.js';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

/** Parses XML strictly (namespaces on); throws when it is not well-formed. */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  parser.on('opentag', (tag) => {
    const attrs = Object.fromEntries(Object.entries(tag.attributes).map(([k, a]) => [k, a.value]));
    const el: XmlElement = { name: `{${tag.uri}}${tag.local}`, attrs, children: [] };
    stack[stack.length - 1]?.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => stack.pop());
  parser.on('text', (text) => stack[stack.length - 1]?.children.push(text));
  parser.on('cdata', (text) => stack[stack.length - 1]?.children.push(text));
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
  return root;
}

const ATOM = 'http://www.w3.org/2005/Atom';
const kids = (el: XmlElement | undefined, local: string): XmlElement[] =>
  (el?.children ?? []).filter((c): c is XmlElement => typeof c !== 'string' && c.name === `{${ATOM}}${local}`);
const text = (el: XmlElement | undefined): string => (el?.children ?? []).map((c) => (typeof c === 'string' ? c : text(c))).join('').trim();

describe('GET /organisations/:code/feed.atom', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(undefined, { THORBECKE_PUBLIC_URL: 'https://thorbecke.example/' });
    await insertOrganisations(t.store, [
      { code: 'gm0363', name: 'Gemeente <Amsterdam> & Co', layer: 'gemeente' },
      { code: 'gm0599', name: 'Gemeente Rotterdam', layer: 'gemeente' },
    ]);
    await recordEvents(t.store.db, [
      {
        organisationCode: 'gm0363',
        targetId: 'web-https-hsts',
        kind: 'status-worsened',
        dedupeKey: 'feed-1',
        detail: { from: 'on-track', to: 'overdue', value: 40 },
      },
    ]);
    await recordEvents(t.store.db, [
      {
        organisationCode: 'gm0363',
        targetId: 'pqc-plan',
        kind: 'deadline-approaching',
        dedupeKey: 'feed-2',
        detail: { date: '2026-12-31', daysLeft: 7, window: 7, status: 'at-risk' },
      },
      { organisationCode: 'gm0599', targetId: 'pqc-plan', kind: 'status-improved', dedupeKey: 'feed-3', detail: { from: 'at-risk', to: 'met', value: 100 } },
      {
        organisationCode: 'gm0599',
        targetId: 'web-https-hsts',
        kind: 'finding-regressed',
        dedupeKey: 'feed-4',
        detail: { domain: 'x<script>alert(1)</script>]]>.nl', checks: ['web.https.hsts'] },
      },
    ]);
  });
  afterAll(async () => {
    await t.store.close();
  });

  it("serves the organisation's events as Atom, newest first, in Dutch", async () => {
    const res = await t.app.request('/organisations/gm0363/feed.atom', { headers: { 'Accept-Language': 'nl' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    const feed = kids(parseXml(await res.text()), 'feed')[0];
    expect(text(kids(feed, 'title')[0])).toBe('Gemeente <Amsterdam> & Co: voortgang — Thorbecke');
    expect(text(kids(feed, 'id')[0])).toBe('https://thorbecke.example/organisations/gm0363/feed.atom');
    const entries = kids(feed, 'entry');
    expect(entries.map((e) => text(kids(e, 'title')[0]))).toEqual([
      'Uiterste datum nadert: Migratieplan post-quantum',
      'Status verslechterd: HTTPS en HSTS',
    ]);
    expect(entries.map((e) => kids(e, 'link')[0]?.attrs.href)).toEqual([
      'https://thorbecke.example/targets/pqc-plan?lang=nl',
      'https://thorbecke.example/targets/web-https-hsts?lang=nl',
    ]);
    expect(text(kids(entries[1], 'summary')[0])).toBe('De status op ‘HTTPS en HSTS’ ging van op koers naar te laat (nu 40%).');
    const updated = entries.map((e) => Date.parse(text(kids(e, 'updated')[0])));
    expect(updated.every((u) => !Number.isNaN(u))).toBe(true);
    expect(updated[0]).toBeGreaterThanOrEqual(updated[1] ?? Infinity);
    expect(text(kids(feed, 'updated')[0])).toBe(text(kids(entries[0], 'updated')[0]));
  });

  it('speaks English when asked', async () => {
    const res = await t.app.request('/organisations/gm0363/feed.atom?lang=en');
    const feed = kids(parseXml(await res.text()), 'feed')[0];
    expect(kids(feed, 'entry').map((e) => text(kids(e, 'title')[0]))).toEqual([
      'Deadline approaching: Post-quantum migration plan',
      'Status worsened: HTTPS and HSTS',
    ]);
  });

  it('escapes text from data in its html-typed titles and summaries', async () => {
    const xml = await (await t.app.request('/organisations/gm0599/feed.atom?lang=en')).text();
    const [entry] = kids(kids(parseXml(xml), 'feed')[0], 'entry');
    // type="html": the reader decodes the escaped text and shows it as text, never as markup.
    expect(kids(entry, 'summary')[0]?.attrs.type).toBe('html');
    expect(text(kids(entry, 'summary')[0])).toBe(
      'x&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;.nl passed before and now fails ‘HSTS’ (target ‘HTTPS and HSTS’).',
    );
    expect(xml).not.toContain('<script>');
  });

  it('serves an empty feed for an organisation without events, and 404 for an unknown one', async () => {
    const other = kids(parseXml(await (await t.app.request('/organisations/gm0599/feed.atom')).text()), 'feed')[0];
    expect(kids(other, 'entry')).toHaveLength(2);
    await insertOrganisations(t.store, [{ code: 'ws0155', name: 'Rijnland', layer: 'waterschap' }]);
    const quiet = kids(parseXml(await (await t.app.request('/organisations/ws0155/feed.atom')).text()), 'feed')[0];
    expect(kids(quiet, 'entry')).toEqual([]);
    const missing = await t.app.request('/organisations/gm9999/feed.atom');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Type')).toMatch(/^text\/html/);
  });
});
