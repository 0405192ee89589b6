import { Hono } from 'hono';
import type { WebDeps } from '../deps.js';

/** Placeholder: replaced by the real pages. */
export function createPages(_deps: WebDeps): Hono {
  const pages = new Hono();
  pages.get('/', (c) => c.html(<p>Thorbecke</p>));
  return pages;
}

export function htmlErrorResponse(c: import('hono').Context, status: 400 | 404 | 409 | 500, detail: string): Response | Promise<Response> {
  return c.html(<p>{detail}</p>, status);
}
