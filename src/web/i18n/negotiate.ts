import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { parseAccept } from 'hono/utils/accept';
import { isLang, LANGS, type Lang } from './lang.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The language of the page, set by {@link languageMiddleware}. */
    lang: Lang;
  }
}

/** The query parameter and cookie that choose the language. */
export const LANG_PARAM = 'lang';
export const LANG_COOKIE = 'lang';
const ONE_YEAR = 365 * 24 * 60 * 60;

/** Where the language of a request came from. */
export type LanguageSource = 'query' | 'cookie' | 'header' | 'default';

export interface LanguageRequest {
  query?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}

/**
 * The UI language an `Accept-Language` header prefers (RFC 9110 q-values, RFC 4647 prefix matching:
 * `en-US` matches `en`; `q=0` means "not this one"; `*` matches any, so the fallback), or undefined.
 *
 * @example
 * matchAcceptLanguage('de, en-GB;q=0.8, nl;q=0.9', 'en') // 'nl'
 */
export function matchAcceptLanguage(header: string, fallback: Lang): Lang | undefined {
  // parseAccept orders by q, highest first (stable for equal q).
  const ranges = parseAccept(header).map(({ type, q }) => ({ range: type.trim().toLowerCase(), q }));
  const excluded = new Set(ranges.filter((r) => r.q <= 0).map((r) => r.range));
  for (const { range, q } of ranges) {
    if (q <= 0) continue;
    const primary = range.split('-')[0] ?? '';
    if (isLang(primary) && !excluded.has(primary)) return primary;
    if (range === '*') return excluded.has(fallback) ? LANGS.find((l) => !excluded.has(l)) : fallback;
  }
  return undefined;
}

/**
 * Chooses the language: `?lang=` beats the `lang` cookie, which beats `Accept-Language`, which beats
 * the configured default. Values that are not exactly `nl` or `en` are ignored.
 */
export function negotiateLanguage(request: LanguageRequest, fallback: Lang): { lang: Lang; source: LanguageSource } {
  if (isLang(request.query)) return { lang: request.query, source: 'query' };
  if (isLang(request.cookie)) return { lang: request.cookie, source: 'cookie' };
  const fromHeader = request.acceptLanguage ? matchAcceptLanguage(request.acceptLanguage, fallback) : undefined;
  if (fromHeader) return { lang: fromHeader, source: 'header' };
  return { lang: fallback, source: 'default' };
}

function negotiate(c: Context, fallback: Lang): { lang: Lang; source: LanguageSource } {
  return negotiateLanguage(
    { query: c.req.query(LANG_PARAM), cookie: getCookie(c, LANG_COOKIE), acceptLanguage: c.req.header('Accept-Language') },
    fallback,
  );
}

const isApi = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/**
 * Sets `c.get('lang')` for every page (not for the API), and remembers a language chosen with `?lang=`
 * in a cookie for a year.
 */
export function languageMiddleware(fallback: Lang): MiddlewareHandler {
  return async (c, next) => {
    if (isApi(c.req.path)) {
      await next();
      return;
    }
    const { lang, source } = negotiate(c, fallback);
    c.set('lang', lang);
    if (source === 'query') {
      setCookie(c, LANG_COOKIE, lang, {
        path: '/',
        sameSite: 'Lax',
        maxAge: ONE_YEAR,
        secure: new URL(c.req.url).protocol === 'https:',
      });
    }
    await next();
  };
}

/** The language of this request: as the middleware chose it, or negotiated now with Dutch as default. */
export function requestLanguage(c: Context): Lang {
  const chosen: unknown = c.get('lang');
  return isLang(chosen) ? chosen : negotiate(c, 'nl').lang;
}
