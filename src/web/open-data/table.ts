import type { WebDeps } from '../deps.js';
import type { openDataNl } from '../i18n/open-data-nl.js';
import type { Column, ColumnName } from './columns.js';

/** The open-data messages of one language (`t.openData`). */
export type OpenDataMessages = typeof openDataNl;

/** What a table needs from the request: its path parameters and query. */
export interface TableRequest {
  param: (name: string) => string | undefined;
  query: Record<string, string>;
}

/**
 * One open-data table, served at `/data<path>.csv`, `.json` and `.csv-metadata.json`. `input` turns
 * the request into validated parameters (InputError → 400, NotFoundError → 404); `read` gives the rows.
 */
export interface OpenDataTable<Row, Params> {
  /** The route under /data without extension, with Hono parameters: `/targets/:id/progress`. */
  path: string;
  columns: readonly Column<Row>[];
  primaryKey: readonly ColumnName[];
  title: (t: OpenDataMessages, params: Params) => string;
  description: (t: OpenDataMessages) => string;
  /** The download's file name without extension (letters, digits and hyphens). */
  fileName: (params: Params) => string;
  input: (deps: WebDeps, request: TableRequest) => Promise<Params>;
  read: (deps: WebDeps, params: Params) => Promise<Row[]>;
  modified: (deps: WebDeps, params: Params) => Promise<Date | undefined>;
}

/** Names a table's types once; the registry keeps tables of different row types. */
export const defineTable = <Row, Params>(table: OpenDataTable<Row, Params>): OpenDataTable<Row, Params> => table;

/** A safe file name: `thorbecke-` and the parts, lower case, anything but letters and digits as hyphens. */
export const fileNameOf = (...parts: string[]): string =>
  ['thorbecke', ...parts]
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
