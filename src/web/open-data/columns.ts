import { openDataEn } from '../i18n/open-data-en.js';
import { openDataNl } from '../i18n/open-data-nl.js';

/** CSV on the Web datatypes used by the open data (`number` is CSVW's name for a double). */
export type BaseDatatype = 'string' | 'integer' | 'number' | 'date' | 'dateTime';

/** A datatype with constraints, as CSVW writes it (`format` is a regular expression for strings). */
export interface DerivedDatatype {
  base: BaseDatatype;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** One cell: what the JSON holds; the CSV writes null as an empty cell. Dates are ISO strings. */
export type Cell = string | number | null;

/** The name of a column: its CSV header, its JSON key, its CSVW `name`; its titles are in the i18n files. */
export type ColumnName = keyof typeof openDataNl.columns;

/**
 * One column of an open-data table. The one definition drives the CSV (header and cells), the JSON
 * (keys and values) and the CSV on the Web metadata (name, titles, datatype, required).
 */
export interface Column<Row> {
  name: ColumnName;
  datatype: BaseDatatype | DerivedDatatype;
  required: boolean;
  value: (row: Row) => Cell;
}

/** The column's titles in Dutch and English (from open-data-nl.ts / open-data-en.ts). */
export function columnTitles(name: ColumnName): { nl: string; en: string } {
  return { nl: openDataNl.columns[name], en: openDataEn.columns[name] };
}

/** A string column whose values are one of a closed set (a regular expression for CSVW). */
export function oneOf(values: readonly string[]): DerivedDatatype {
  return { base: 'string', format: `^(${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$` };
}

/** A timestamp cell (ISO 8601 in UTC), or null. */
export const isoDateTime = (value: Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The rows as JSON objects keyed by column name, in column order. */
export function toRecords<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): Record<string, Cell>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c.name, c.value(row)])));
}
