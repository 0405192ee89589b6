import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import { packageRoot } from '../../config/paths.js';

/** A stylesheet served under /assets with its content hash in the file name. */
export interface Asset {
  /** `utrecht.1a2b3c4d5e6f.css` */
  file: string;
  /** `/assets/utrecht.1a2b3c4d5e6f.css` */
  href: string;
  body: string;
  etag: string;
}

const require = createRequire(import.meta.url);

/**
 * The stylesheets in the order the pages link them: the NL Design System tokens of the Voorbeeld theme,
 * the Utrecht component library, and Thorbecke's own layout. The own stylesheet is read from src/ (the
 * build does not copy CSS), which exists in every checkout that runs Thorbecke.
 */
const SOURCES: readonly { name: string; file: () => string }[] = [
  { name: 'theme', file: () => require.resolve('@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css') },
  { name: 'utrecht', file: () => require.resolve('@utrecht/component-library-css/dist/index.css') },
  { name: 'thorbecke', file: () => path.join(packageRoot, 'src', 'web', 'assets', 'thorbecke.css') },
];

let loaded: readonly Asset[] | undefined;

/** Reads the stylesheets once per process. */
export function loadAssets(): readonly Asset[] {
  loaded ??= SOURCES.map(({ name, file }) => {
    const body = readFileSync(file(), 'utf8');
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const fileName = `${name}.${hash}.css`;
    return { file: fileName, href: `/assets/${fileName}`, body, etag: `"${hash}"` };
  });
  return loaded;
}

/** The links of the stylesheets, for the page layout. */
export function stylesheetHrefs(): string[] {
  return loadAssets().map((a) => a.href);
}

/**
 * GET /assets/:file. The URLs change with the content, so they may be cached for a year; a
 * conditional request with the ETag gets 304.
 */
export function assetRoutes(): Hono {
  const byFile = new Map(loadAssets().map((a) => [a.file, a]));
  const routes = new Hono();
  routes.get('/:file', (c, next) => {
    const asset = byFile.get(c.req.param('file'));
    if (!asset) return next();
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('ETag', asset.etag);
    if (c.req.header('If-None-Match') === asset.etag) return c.body(null, 304);
    return c.body(asset.body, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
  return routes;
}
