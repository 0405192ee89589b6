import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import { principalOf } from './auth/context.js';
import { requestLanguage } from './i18n/negotiate.js';
import { chooseCoding, CODINGS, compressible, encode, type Coding } from './page-cache-encoding.js';

/**
 * A cache of rendered public pages and open-data downloads, so that the whole federation's figures are
 * served in milliseconds under load (bench/pages.ts). Progress is derived and changes only when it is
 * refreshed: every refresh bumps the progress version, and an entry of an older version is served only while
 * the page is being rendered for the new one.
 */

/** The paths whose responses are cached: the progress pages and the open-data downloads. */
export function isCachedPath(path: string): boolean {
  if (path === '/progress' || path === '/compare') return true;
  return ['/targets/', '/organisations/', '/reports/', '/data/'].some((prefix) => path.startsWith(prefix) && path.length > prefix.length);
}

export interface PageCacheOptions {
  /** The current progress version (bumped after every refresh); an entry of another version is renewed. */
  version: () => number;
  /** The most bytes (bodies and headers) kept; the least recently used entries go first. Default 64 MiB. */
  maxBytes?: number;
  /** The largest single response kept. Default 8 MiB. */
  maxEntryBytes?: number;
  /**
   * How long an entry lives at most (ms), for what a refresh does not cover (an import renaming an
   * organisation, a new strategy version). Default 5 minutes.
   */
  ttlMs?: number;
  /** Which paths are cached; default {@link isCachedPath}. */
  cached?: (path: string) => boolean;
}

/** One representation of a cached response: identity, or compressed. */
interface Variant {
  body: Uint8Array<ArrayBuffer>;
  /** Response headers without Set-Cookie (the language cookie is set per request), with ETag and Vary. */
  headers: Record<string, string>;
  etag: string;
}

interface Entry {
  /** The progress version it was rendered at. */
  version: number;
  identity: Variant;
  encoded: Partial<Record<Coding, Variant>>;
  size: number;
}

/** The responses vary by these request headers: the language negotiation's and the content coding. */
const VARY = 'Accept-Language, Cookie, Accept-Encoding';

function storable(res: Response): boolean {
  if (res.status !== 200) return false;
  if (/no-store|private/i.test(res.headers.get('Cache-Control') ?? '')) return false;
  // The language middleware's cookie is set again on every hit; any other cookie makes a response personal.
  return res.headers.getSetCookie().every((cookie) => cookie.startsWith('lang='));
}

/** The entry for a response: its body and headers, and compressed copies when it is text (made in parallel). */
async function entryOf(res: Response, version: number): Promise<Entry> {
  const body = new Uint8Array(await res.arrayBuffer());
  const tag = `${String(version)}-${createHash('sha256').update(body).digest('base64url').slice(0, 22)}`;
  const headers: Record<string, string> = {};
  let headerBytes = 128;
  for (const [name, value] of res.headers) {
    if (name === 'set-cookie' || name === 'content-length' || name === 'content-encoding') continue;
    headers[name] = value;
    headerBytes += name.length + value.length;
  }
  let size = body.byteLength + headerBytes;
  headers.vary = VARY;
  headers['x-thorbecke-cache'] = 'hit';
  const identity: Variant = { body, headers: { ...headers, etag: `"${tag}"` }, etag: `"${tag}"` };
  const encoded: Partial<Record<Coding, Variant>> = {};
  // A response that is already encoded is kept as it is.
  if (res.headers.get('content-encoding') === null && compressible(res.headers.get('content-type') ?? undefined, body.byteLength)) {
    const bodies = await Promise.all(CODINGS.map((coding) => encode(body, coding)));
    CODINGS.forEach((coding, i) => {
      const encodedBody = bodies[i];
      if (encodedBody === undefined) return;
      const etag = `"${tag}-${coding}"`;
      encoded[coding] = { body: encodedBody, headers: { ...headers, 'content-encoding': coding, etag }, etag };
      size += encodedBody.byteLength + headerBytes;
    });
  } else if (res.headers.get('content-encoding') !== null) {
    identity.headers['content-encoding'] = res.headers.get('content-encoding') ?? '';
  }
  return { version, identity, encoded, size };
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** How a response was found: in the cache, rendered now, or the previous version while the current one renders. */
type Outcome = 'hit' | 'miss' | 'stale';

function respond(c: Context, entry: Entry, outcome: Outcome): Response {
  const coding = chooseCoding(c.req.header('Accept-Encoding'));
  const variant = (coding === undefined ? undefined : entry.encoded[coding]) ?? entry.identity;
  const headers = outcome === 'hit' ? variant.headers : { ...variant.headers, 'x-thorbecke-cache': outcome };
  const ifNoneMatch = c.req.header('If-None-Match');
  // The client's copy is current whichever coding it came in (the ETags differ only by it).
  if ([entry.identity, ...Object.values(entry.encoded)].some((v) => matches(ifNoneMatch, v.etag))) return c.body(null, 304, headers);
  // The same bytes for every hit: nothing writes into a response body.
  return c.body(variant.body, 200, headers);
}

/**
 * Hono middleware that caches GET and HEAD responses of the cached paths: key = full URL + negotiated
 * language, each entry of one progress version (a newer version renders anew); only 200 responses without
 * personal cookies or `Cache-Control: no-store`; the body and headers are kept in an LRU bounded in bytes,
 * with brotli and gzip copies of text that are sent to clients that accept them. Answers `If-None-Match` with 304 (the ETag names the version, the
 * body's hash and the coding). Concurrent misses of one key render once; while a page renders for a new
 * version, other requests get the previous version (`X-Thorbecke-Cache: stale`) rather than wait. Mount
 * it after the language middleware. Without a version function it does nothing.
 *
 * @example
 * pages.use(pageCache({ version: () => progressVersion }));
 */
export function pageCache(options: PageCacheOptions | undefined): MiddlewareHandler {
  if (options === undefined) {
    return async (_c, next) => {
      await next();
    };
  }
  const cached = options.cached ?? isCachedPath;
  const cache = new LRUCache<string, Entry>({
    maxSize: options.maxBytes ?? 64 * 1024 * 1024,
    maxEntrySize: options.maxEntryBytes ?? 8 * 1024 * 1024,
    sizeCalculation: (e) => e.size,
    ttl: options.ttlMs ?? 5 * 60 * 1000,
  });
  const pending = new Map<string, Promise<Entry | undefined>>();

  return async (c, next) => {
    const method = c.req.method;
    // Pages of a signed-in person are personal (their name, edit forms): never cached or served from the cache.
    if ((method !== 'GET' && method !== 'HEAD') || !cached(c.req.path) || c.req.header('Authorization') !== undefined || principalOf(c).kind !== 'public') {
      await next();
      return;
    }
    const version = options.version();
    const key = `${requestLanguage(c)} ${c.req.url}`;
    const stored = cache.get(key);
    if (stored?.version === version) return respond(c, stored, 'hit');
    const renderKey = `${String(version)} ${key}`;
    const inflight = pending.get(renderKey);
    if (inflight !== undefined) {
      // Another request is rendering this version: meanwhile the previous version (one refresh old), else wait.
      if (stored !== undefined) return respond(c, stored, 'stale');
      const rendered = await inflight;
      if (rendered !== undefined) return respond(c, rendered, 'hit');
    }

    let settle: (entry: Entry | undefined) => void = () => undefined;
    pending.set(renderKey, new Promise((resolve) => (settle = resolve)));
    try {
      await next();
      if (!storable(c.res)) {
        settle(undefined);
        return;
      }
      const entry = await entryOf(c.res, version);
      // A render of a newer version may have finished first.
      if ((cache.get(key)?.version ?? -Infinity) <= version) cache.set(key, entry);
      settle(entry);
      // The response is final once a route answered: replace it (cleared first, so no headers are merged in).
      c.res = undefined;
      c.res = respond(c, entry, 'miss');
    } catch (error) {
      settle(undefined);
      throw error;
    } finally {
      pending.delete(renderKey);
    }
  };
}
