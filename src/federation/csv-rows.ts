import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { InputError } from '../domain/errors.js';
import { decodeUtf8, Utf8Error } from './utf8.js';

/** One data row of a CSV file: its values by (lower-case) column name and the line it starts on. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** The longest header line we look for before giving up. */
const MAX_HEADER_CHARS = 64 * 1024;

/** `;` when the header has more semicolons than commas (outside quotes), else `,`. */
export function detectDelimiter(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') commas += 1;
    else if (!quoted && c === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** Reads text until the first line break, then yields everything (nothing is lost). */
async function withHeader(text: AsyncIterator<string>): Promise<{ header: string; chunks: AsyncIterable<string> }> {
  const buffered: string[] = [];
  let seen = '';
  for (;;) {
    const next = await text.next();
    if (next.done === true) break;
    buffered.push(next.value);
    seen += next.value;
    if (seen.includes('\n') || seen.length > MAX_HEADER_CHARS) break;
  }
  const header = seen.split(/\r?\n/, 1)[0] ?? '';
  async function* chunks(): AsyncGenerator<string> {
    yield* buffered;
    for (let next = await text.next(); next.done !== true; next = await text.next()) yield next.value;
  }
  return { header, chunks: chunks() };
}

function located(name: string, location: string, message: string): InputError {
  return new InputError(`${name} is not a valid CSV file (${location}): ${message}`, [{ location, message }]);
}

/**
 * Streams the data rows of a UTF-8 CSV file with a header row (comma or semicolon, detected from the
 * header; a byte order mark is fine). Column names are trimmed and lower-cased; `checkHeader` may throw
 * for missing columns. Broken quoting, a wrong number of fields or invalid UTF-8 fail with the line.
 */
export async function* csvRows(
  bytes: AsyncIterable<Uint8Array>,
  name: string,
  checkHeader: (columns: readonly string[]) => void,
): AsyncGenerator<CsvRow, void, undefined> {
  let parser: ReturnType<typeof parse> | undefined;
  let feeding: Promise<void> | undefined;
  try {
    const { header, chunks } = await withHeader(decodeUtf8(bytes)[Symbol.asyncIterator]());
    parser = parse({
      delimiter: detectDelimiter(header),
      columns: (raw: string[]) => {
        const columns = raw.map((c) => c.trim().toLowerCase());
        checkHeader(columns);
        return columns;
      },
      info: true,
      trim: true,
      skip_empty_lines: true,
      max_record_size: 100_000,
    });
    feeding = pipeline(Readable.from(chunks), parser).catch(() => undefined);
    for await (const item of parser as AsyncIterable<{ info: { lines: number }; record: Record<string, string> }>) {
      const breaks = Object.values(item.record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
      yield { line: item.info.lines - breaks, values: item.record };
    }
  } catch (error) {
    // One place turns every failure of reading the file (also in its first chunk) into a located error.
    if (error instanceof InputError) throw error;
    if (error instanceof Utf8Error) throw located(name, `line ${error.line}, column ${error.column}`, 'invalid UTF-8');
    if (error instanceof CsvError) {
      const lines = typeof error.lines === 'number' ? error.lines : undefined;
      const message = error.message.replace(/ (on|at) line \d+$/, '');
      throw located(name, lines === undefined ? 'the file' : `line ${lines}`, message);
    }
    throw error;
  } finally {
    parser?.destroy();
    await feeding;
  }
}
