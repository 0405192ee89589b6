import { Hono } from 'hono';
import type { WebDeps } from '../deps.js';

/** Placeholder: replaced by the API v1 routes. */
export function createApi(_deps: WebDeps): Hono {
  return new Hono();
}
