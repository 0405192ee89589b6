import type { Lang } from '../i18n/index.js';

/** Links inside Thorbecke, built from ids with encodeURIComponent. */

/** `/organisations/gm0363` */
export const organisationHref = (code: string): string => `/organisations/${encodeURIComponent(code)}`;
/** `/targets/forum-web-2018-https-hsts` */
export const targetHref = (id: string): string => `/targets/${encodeURIComponent(id)}`;
/** `/domains/amsterdam.nl` */
export const domainHref = (name: string): string => `/domains/${encodeURIComponent(name)}`;
/** The scans page. */
export const SCANS_HREF = '/scans';
/** The id of a priority's section on the home page. */
export const priorityAnchor = (id: string): string => `priority-${id}`;
/** The priority's section on the home page: `/#priority-resilience`. */
export const priorityHref = (id: string): string => `/#${encodeURIComponent(priorityAnchor(id))}`;
/** The API's OpenAPI document. */
export const OPENAPI_HREF = '/api/v1/openapi.json';

/** The current address in another language: the same path and query, with `lang` set. */
export function languageHref(url: URL, lang: Lang): string {
  const params = new URLSearchParams(url.search);
  params.set('lang', lang);
  return `${url.pathname}?${params.toString()}`;
}

/** `path?query` from parameters, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query === '' ? path : `${path}?${query}`;
}

/**
 * A URL from data (a website, a source) that is safe to link to: http or https only, so that a
 * `javascript:` value can never become a link. A bare host name (`www.example.nl`) gets https.
 */
export function safeExternalUrl(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
