import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { languageMiddleware } from '../../src/web/i18n/negotiate.js';
import { isCachedPath, pageCache, type PageCacheOptions } from '../../src/web/page-cache.js';
import { chooseCoding, compressible } from '../../src/web/page-cache-encoding.js';

/** A small app: the language middleware, the cache, and routes that count how often they render. */
function appWith(options: Partial<PageCacheOptions> & { withVersion?: boolean } = {}) {
  let version = 1;
  const renders = new Map<string, number>();
  const count = (path: string): number => {
    const n = (renders.get(path) ?? 0) + 1;
    renders.set(path, n);
    return n;
  };
  const app = new Hono();
  app.use(languageMiddleware('nl'));
  app.use(pageCache(options.withVersion === false ? undefined : { version: () => version, ...options }));
  app.get('/progress', (c) => c.html(`<p lang="${c.get('lang')}">render ${String(count('/progress'))}</p>`));
  app.get('/targets/:id', (c) => {
    const n = count('/targets');
    return c.req.param('id') === 'missing' ? c.html('<p>not found</p>', 404) : c.html(`<p>target ${c.req.param('id')} ${String(n)}</p>`);
  });
  app.get('/data/big.csv', (c) => {
    count('/data/big.csv');
    return c.body('x'.repeat(2000), 200, { 'Content-Type': 'text/csv' });
  });
  app.get('/data/personal.json', (c) => {
    count('/data/personal.json');
    c.header('Set-Cookie', 'session=abc');
    return c.json({ n: 1 });
  });
  app.get('/organisations', (c) => c.html(`<p>list ${String(count('/organisations'))}</p>`));
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { headers });
    return { res, text: await res.text() };
  };
  return { app, get, renders, bump: () => (version += 1) };
}

describe('the page cache', () => {
  it('serves a second request from the cache, with the headers of the first', async () => {
    const { get, renders } = appWith();
    const first = await get('/progress');
    const second = await get('/progress');
    expect(first.text).toBe('<p lang="nl">render 1</p>');
    expect(second.text).toBe(first.text);
    expect(renders.get('/progress')).toBe(1);
    expect(first.res.headers.get('x-thorbecke-cache')).toBe('miss');
    expect(second.res.headers.get('x-thorbecke-cache')).toBe('hit');
    expect(second.res.headers.get('content-type')).toContain('text/html');
    expect(second.res.headers.get('vary')).toBe('Accept-Language, Cookie, Accept-Encoding');
    expect(second.res.headers.get('etag')).toBe(first.res.headers.get('etag'));
  });

  it('renders again after the progress version changes', async () => {
    const { get, renders, bump } = appWith();
    await get('/progress');
    bump();
    const after = await get('/progress');
    expect(after.text).toBe('<p lang="nl">render 2</p>');
    expect(renders.get('/progress')).toBe(2);
  });

  it('serves the previous version to other requests while the new one renders', async () => {
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const rendering = new Promise<void>((resolve) => (started = resolve));
    let version = 1;
    let renders = 0;
    const app = new Hono();
    app.use(languageMiddleware('nl'));
    app.use(pageCache({ version: () => version }));
    app.get('/progress', async (c) => {
      renders += 1;
      if (renders === 2) {
        started();
        await new Promise<void>((resolve) => (release = resolve));
      }
      return c.html(`<p>render ${String(renders)}</p>`);
    });
    await (await app.request('/progress')).text();
    version = 2;
    const slow = app.request('/progress');
    await rendering;
    const meanwhile = await app.request('/progress');
    expect(meanwhile.headers.get('x-thorbecke-cache')).toBe('stale');
    expect(await meanwhile.text()).toBe('<p>render 1</p>');
    release();
    expect(await (await slow).text()).toBe('<p>render 2</p>');
    const after = await app.request('/progress');
    expect(after.headers.get('x-thorbecke-cache')).toBe('hit');
    expect(await after.text()).toBe('<p>render 2</p>');
    expect(renders).toBe(2);
  });

  it('keeps languages apart, whether chosen by header, cookie or query', async () => {
    const { get, renders } = appWith();
    expect((await get('/progress', { 'Accept-Language': 'nl' })).text).toContain('lang="nl"');
    expect((await get('/progress', { 'Accept-Language': 'en' })).text).toContain('lang="en"');
    expect((await get('/progress', { Cookie: 'lang=en' })).text).toContain('lang="en"');
    expect((await get('/progress', { Cookie: 'lang=nl', 'Accept-Language': 'en' })).text).toContain('lang="nl"');
    expect(renders.get('/progress')).toBe(2);
    // ?lang= is part of the URL, and every such response sets the language cookie, also from the cache.
    const chosen = await get('/progress?lang=en');
    const again = await get('/progress?lang=en');
    expect(again.text).toBe(chosen.text);
    expect(again.res.headers.get('x-thorbecke-cache')).toBe('hit');
    expect(again.res.headers.getSetCookie().join()).toContain('lang=en');
  });

  it('does not keep responses other than 200, nor responses that set other cookies', async () => {
    const { get, renders } = appWith();
    expect((await get('/targets/missing')).res.status).toBe(404);
    expect((await get('/targets/missing')).res.status).toBe(404);
    expect(renders.get('/targets')).toBe(2);
    await get('/data/personal.json');
    const second = await get('/data/personal.json');
    expect(renders.get('/data/personal.json')).toBe(2);
    expect(second.res.headers.getSetCookie()).toEqual(['session=abc']);
  });

  it('leaves other paths, other methods and authorised requests alone', async () => {
    const { app, get, renders } = appWith();
    await get('/organisations');
    await get('/organisations');
    expect(renders.get('/organisations')).toBe(2);
    await get('/targets/a', { Authorization: 'Bearer x' });
    await get('/targets/a', { Authorization: 'Bearer x' });
    expect(renders.get('/targets')).toBe(2);
    expect((await app.request('/targets/a', { method: 'POST' })).status).toBe(404);
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const { get } = appWith();
    const first = await get('/targets/a');
    const etag = first.res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"1-[\w-]+"$/);
    const revalidated = await get('/targets/a', { 'If-None-Match': etag });
    expect(revalidated.res.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect((await get('/targets/a', { 'If-None-Match': '"other"' })).res.status).toBe(200);
  });

  it('keeps at most maxBytes, dropping the least recently used', async () => {
    const { get, renders } = appWith({ maxBytes: 3000 });
    await get('/data/big.csv');
    await get('/data/big.csv');
    expect(renders.get('/data/big.csv')).toBe(1);
    await get('/progress');
    await get('/progress?lang=en');
    await get('/targets/a');
    await get('/targets/b');
    // The 2,000-byte download (and its compressed copies) no longer fits beside the pages that came after it.
    await get('/data/big.csv');
    expect(renders.get('/data/big.csv')).toBe(2);
  });

  it('does not keep responses larger than maxEntryBytes', async () => {
    const { get, renders } = appWith({ maxEntryBytes: 1000 });
    await get('/data/big.csv');
    await get('/data/big.csv');
    expect(renders.get('/data/big.csv')).toBe(2);
  });

  it('renders once for concurrent requests of one page', async () => {
    const { get, renders } = appWith();
    const texts = await Promise.all(Array.from({ length: 5 }, () => get('/targets/c')));
    expect(new Set(texts.map((t) => t.text)).size).toBe(1);
    expect(renders.get('/targets')).toBe(1);
  });

  it('sends compressed copies to clients that accept them, made once', async () => {
    const { app, get, renders } = appWith();
    const plain = await get('/data/big.csv');
    const br = await app.request('/data/big.csv', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    const gz = await app.request('/data/big.csv', { headers: { 'Accept-Encoding': 'gzip, br;q=0' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(plain.text);
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(plain.text);
    expect(plain.res.headers.get('content-encoding')).toBeNull();
    expect(renders.get('/data/big.csv')).toBe(1);
    // Each coding has its own ETag; any of them revalidates.
    const etags = [plain.res, br, gz].map((r) => r.headers.get('etag'));
    expect(new Set(etags).size).toBe(3);
    const revalidated = await app.request('/data/big.csv', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etags[2] ?? '' } });
    expect(revalidated.status).toBe(304);
    // Small pages are sent as they are.
    const small = await app.request('/progress', { headers: { 'Accept-Encoding': 'br' } });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('chooses br, else gzip, honouring q=0 and *', () => {
    expect(chooseCoding('gzip, deflate, br')).toBe('br');
    expect(chooseCoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseCoding('deflate')).toBeUndefined();
    expect(chooseCoding('*')).toBe('br');
    expect(chooseCoding('*, br;q=0')).toBe('gzip');
    expect(chooseCoding('identity')).toBeUndefined();
    expect(chooseCoding(undefined)).toBeUndefined();
    expect(compressible('text/html; charset=UTF-8', 5000)).toBe(true);
    expect(compressible('application/json', 5000)).toBe(true);
    expect(compressible('image/png', 5000)).toBe(false);
    expect(compressible('text/html', 100)).toBe(false);
  });

  it('does nothing without a progress version', async () => {
    const { get, renders } = appWith({ withVersion: false });
    await get('/progress');
    const second = await get('/progress');
    expect(renders.get('/progress')).toBe(2);
    expect(second.res.headers.get('etag')).toBeNull();
  });

  it('caches the progress pages and downloads, not the lists or other pages', () => {
    for (const path of ['/progress', '/compare', '/targets/forum-web-all', '/organisations/gm0363', '/organisations/gm0363/feed.atom', '/reports/2026-h1', '/data/progress.csv']) {
      expect(isCachedPath(path), path).toBe(true);
    }
    for (const path of ['/', '/organisations', '/targets/', '/scans', '/about', '/api/v1/progress', '/domains/example.nl']) {
      expect(isCachedPath(path), path).toBe(false);
    }
  });
});
