import { stringify } from 'csv-stringify/sync';
import type { Cell, Column } from './columns.js';
import { toRecords } from './columns.js';

/**
 * The rows as CSV (RFC 4180): UTF-8 with a byte-order mark (so that spreadsheets read names such as
 * Súdwest-Fryslân correctly), a header row of column names, CRLF line ends, fields quoted where they
 * hold a comma, quote or line break. Text that begins with `=`, `+`, `-`, `@`, a tab or a CR gets an
 * apostrophe in front (csv-stringify's `escape_formulas`), so that a spreadsheet shows it instead of
 * running it as a formula (OWASP "CSV injection"): explanations and reasons are written by people
 * outside the operator's control. Numbers are never changed; the JSON keeps every value as it is.
 */
export function toCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const records = toRecords(columns, rows);
  return stringify(records, {
    bom: true,
    header: true,
    columns: columns.map((c) => ({ key: c.name, header: c.name })),
    record_delimiter: 'windows',
    escape_formulas: true,
    cast: { number: (value: number) => String(value) },
  });
}

/** The value a CSV cell holds for a JSON value (what `toCsv` writes, before quoting). */
export function csvCell(value: Cell): string {
  return value === null ? '' : String(value);
}
