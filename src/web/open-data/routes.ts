import { Hono, type Context } from 'hono';
import { isKnownError } from '../../domain/errors.js';
import type { WebDeps } from '../deps.js';
import { openDataEn } from '../i18n/open-data-en.js';
import { openDataNl } from '../i18n/open-data-nl.js';
import { problemResponse, statusOf } from '../problem.js';
import { aggregatesTable, historyTable } from './aggregate-tables.js';
import { toRecords } from './columns.js';
import { toCsv } from './csv.js';
import { csvwMetadata } from './csvw.js';
import { explanationsTable } from './explanation-table.js';
import { organisationHistoryTable, organisationProgressTable, progressTable, targetProgressTable } from './progress-tables.js';
import type { OpenDataTable, TableRequest } from './table.js';

/**
 * The open data, mounted at /data: every table as `<path>.csv`, `<path>.json` (the same rows) and
 * `<path>.csv-metadata.json` (CSV on the Web). Public, for any origin. Errors are problem+json
 * (400 for a bad query, 404 for an unknown target, organisation or province), as the files are read
 * by programs.
 */
export function createOpenData(deps: WebDeps): Hono {
  const data = new Hono({ strict: true });
  data.use(async (c, next) => {
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', '*');
  });
  serveTable(data, deps, progressTable);
  serveTable(data, deps, aggregatesTable);
  serveTable(data, deps, historyTable);
  serveTable(data, deps, targetProgressTable);
  serveTable(data, deps, organisationProgressTable);
  serveTable(data, deps, organisationHistoryTable);
  serveTable(data, deps, explanationsTable);
  data.onError((error, c) => {
    if (isKnownError(error)) return problemResponse(c, statusOf(error), error.message, 'issues' in error ? error.issues : []);
    deps.logger.error({ err: error, path: c.req.path }, 'open data request failed');
    return problemResponse(c, 500, 'An unexpected error occurred; it has been logged.');
  });
  return data;
}

const requestOf = (c: Context): TableRequest => ({ param: (name) => c.req.param(name), query: c.req.query() });

/** The three files of one table. */
function serveTable<Row, Params>(app: Hono, deps: WebDeps, table: OpenDataTable<Row, Params>): void {
  const basename = table.path.split('/').pop() ?? '';
  const search = (c: Context): string => new URL(c.req.url).search;

  app.get(`${table.path}.csv`, async (c) => {
    const params = await table.input(deps, requestOf(c));
    const rows = await table.read(deps, params);
    return c.body(toCsv(table.columns, rows), 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${table.fileName(params)}.csv"`,
      Link: `<${basename}.csv-metadata.json${search(c)}>; rel="describedby"; type="application/csvm+json"`,
    });
  });

  app.get(`${table.path}.json`, async (c) => {
    const params = await table.input(deps, requestOf(c));
    const rows = await table.read(deps, params);
    c.header('Content-Disposition', `inline; filename="${table.fileName(params)}.json"`);
    c.header('Link', `<${basename}.csv-metadata.json${search(c)}>; rel="describedby"; type="application/csvm+json"`);
    return c.json(toRecords(table.columns, rows));
  });

  app.get(`${table.path}.csv-metadata.json`, async (c) => {
    const params = await table.input(deps, requestOf(c));
    const metadata = csvwMetadata({
      url: `${basename}.csv${search(c)}`,
      title: { nl: table.title(openDataNl, params), en: table.title(openDataEn, params) },
      description: { nl: table.description(openDataNl), en: table.description(openDataEn) },
      columns: table.columns,
      primaryKey: table.primaryKey,
      modified: await table.modified(deps, params),
      publisherUrl: deps.config.THORBECKE_PUBLIC_URL,
    });
    return c.body(JSON.stringify(metadata, null, 2), 200, { 'Content-Type': 'application/csvm+json; charset=utf-8' });
  });
}
