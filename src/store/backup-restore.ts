/**
 * `thorbecke restore FILE`: loads a backup (backup-format.ts) into an empty, migrated database of either
 * engine, all or nothing, in one transaction: a file that is not a backup, is truncated, or fails its
 * checksum, a backup from a newer or a different line of Thorbecke, or a database that already holds data,
 * is refused with nothing changed. Rows go in as batches of JSON through `jsonb_populate_recordset`, so the
 * database converts every value back to its column type; afterwards each sequence continues where it was
 * (and after the highest restored id), and the restore itself is appended to the (restored) audit trail.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../domain/access.js';
import { InputError } from '../domain/errors.js';
import { appendAudit } from './audit.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  headerSchema,
  LineHash,
  sectionSchema,
  trailerSchema,
  type BackupHeader,
} from './backup-format.js';
import { BACKUP_SCHEMA, backupTables, type BackupTable } from './backup-tables.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/** A batch is sent when it reaches this many rows or this much JSON text, whichever comes first. */
const WRITE_ROWS = 1000;
const WRITE_CHARS = 8 * 1024 * 1024;

export interface RestoreSummary {
  header: BackupHeader;
  /** Rows per table, in the order restored. */
  tables: Record<string, number>;
}

/** Restores `file` into `db` (migrated to latest, empty); `actor` is recorded in the audit trail. */
export async function restoreBackup(db: Kysely<Database>, file: string, actor: Actor): Promise<RestoreSummary> {
  const name = path.basename(file);
  const lines = openLines(file);
  try {
    const hash = new LineHash();
    const header = parseHeader(name, await lines.next());
    hash.add(header.line);
    return await db.transaction().execute(async (trx) => {
      // organisation.successor_code refers to its own table: checked at commit, whatever the row order.
      await sql`set constraints all deferred`.execute(trx);
      const tables = new Map((await backupTables(trx)).map((t) => [t.name, t]));
      await refuseIfNotEmpty(trx, [...tables.values()]);
      const counts: Record<string, number> = {};
      const next: Record<string, Record<string, number>> = {};
      for (;;) {
        const line = await lines.next();
        if (line === undefined) throw truncated(name);
        const parsed = parseJson(line);
        const trailer = trailerSchema.safeParse(parsed);
        if (trailer.success) {
          checkTrailer(name, trailer.data, hash.hex(), counts);
          if ((await lines.next()) !== undefined) throw new InputError(`${name} goes on after its end: it is not a whole Thorbecke backup.`);
          break;
        }
        const section = sectionSchema.safeParse(parsed);
        if (!section.success) throw new InputError(`${name} is damaged: a line where a table or the end was expected is neither.`);
        hash.add(line);
        const table = tables.get(section.data.table);
        if (!table) throw new InputError(`${name} holds a table this Thorbecke does not have: ${section.data.table}.`);
        if (section.data.table in counts) throw new InputError(`${name} holds table ${section.data.table} twice.`);
        const unknown = section.data.columns.filter((c) => !table.columns.includes(c));
        if (unknown.length > 0) throw new InputError(`${name}: table ${table.name} has columns this Thorbecke does not have: ${unknown.join(', ')}.`);
        counts[table.name] = await restoreTable(trx, name, table, section.data.columns, section.data.rows, lines, hash);
        next[table.name] = section.data.sequences;
      }
      for (const table of tables.values()) await continueSequences(trx, table, next[table.name] ?? {});
      await appendAudit(trx, actor, {
        action: 'database.restore',
        subject: name,
        after: { tables: counts, backup: { createdAt: header.header.createdAt, appVersion: header.header.appVersion, engine: header.header.engine } },
      });
      return { header: header.header, tables: counts };
    });
  } finally {
    lines.close();
  }
}

interface Lines {
  /** The next line; undefined at the end of the file. */
  next(): Promise<string | undefined>;
  close(): void;
}

/** The decompressed lines of `file`; a missing file, a file that is not gzip, or a truncated one throws an InputError. */
function openLines(file: string): Lines {
  const name = path.basename(file);
  const gunzip = pipeline(createReadStream(file), createGunzip(), () => undefined);
  const reader = readline.createInterface({ input: gunzip, crlfDelay: Infinity });
  const iterator = reader[Symbol.asyncIterator]();
  return {
    next: async () => {
      try {
        const result = await iterator.next();
        return result.done === true ? undefined : result.value;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ENOENT') throw new InputError(`There is no file ${file}.`);
        if (code === 'Z_BUF_ERROR') throw truncated(name);
        if (code === 'Z_DATA_ERROR') throw new InputError(`${name} is not a Thorbecke backup (it is not gzip-compressed, or it is damaged).`);
        throw error;
      }
    },
    close: () => {
      reader.close();
      gunzip.destroy();
    },
  };
}

function truncated(name: string): InputError {
  return new InputError(`${name} is truncated: it ends before the end of the backup. Nothing was restored.`);
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/** The header, checked against the migrations this Thorbecke knows. */
function parseHeader(name: string, line: string | undefined): { header: BackupHeader; line: string } {
  const notBackup = new InputError(`${name} is not a Thorbecke backup (made with thorbecke backup).`);
  if (line === undefined) throw notBackup;
  const json = parseJson(line);
  if (typeof json !== 'object' || json === null || !('format' in json) || json.format !== BACKUP_FORMAT) throw notBackup;
  const version = 'formatVersion' in json ? json.formatVersion : undefined;
  if (version !== BACKUP_FORMAT_VERSION) {
    throw new InputError(`${name} is a backup in format version ${String(version)}; this Thorbecke reads version ${BACKUP_FORMAT_VERSION}. Restore it with the Thorbecke that made it, or a newer one.`);
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `${name} has a damaged header.`,
      parsed.error.issues.map((i) => ({ location: i.path.join('.') || 'header', message: i.message })),
    );
  }
  const known = Object.keys(migrations);
  const theirs = parsed.data.migrations;
  const newer = theirs.filter((m) => !known.includes(m));
  if (newer.length > 0) {
    throw new InputError(`${name} was made by a newer Thorbecke (${parsed.data.appVersion}): this one does not know migration(s) ${newer.join(', ')}. Upgrade Thorbecke first.`);
  }
  if (theirs.some((m, i) => known[i] !== m)) {
    throw new InputError(`${name} was made by a Thorbecke whose migrations (${theirs.join(', ')}) are not an earlier state of this one's.`);
  }
  return { header: parsed.data, line };
}

/** Refuses a database that holds any row in a table to restore. */
async function refuseIfNotEmpty(db: Kysely<Database>, tables: BackupTable[]): Promise<void> {
  const filled: string[] = [];
  for (const table of tables) {
    const { rows } = await sql<{ filled: boolean }>`select exists (select from ${sql.id(BACKUP_SCHEMA, table.name)}) as filled`.execute(db);
    if (rows[0]?.filled === true) filled.push(table.name);
  }
  if (filled.length > 0) {
    throw new InputError(
      `The database already holds data (in ${filled.join(', ')}). A backup is restored into an empty database only: ` +
        'point THORBECKE_DATA_DIR at a new, empty data folder, or DATABASE_URL at a new, empty PostgreSQL database, and restore again.',
    );
  }
}

/** Reads a section's `expected` rows and inserts them in batches; returns how many. */
async function restoreTable(
  db: Kysely<Database>,
  name: string,
  table: BackupTable,
  columns: string[],
  expected: number,
  lines: Lines,
  hash: LineHash,
): Promise<number> {
  const id = sql.id(BACKUP_SCHEMA, table.name);
  const list = sql.join(columns.map((c) => sql.id(c)));
  let batch: string[] = [];
  let chars = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const json = `[${batch.join(',')}]`;
    batch = [];
    chars = 0;
    try {
      await sql`insert into ${id} (${list}) overriding system value
        select ${list} from jsonb_populate_recordset(null::${id}, ${json}::jsonb)`.execute(db);
    } catch (error) {
      throw new InputError(`${name}: the rows of table ${table.name} could not be restored: ${error instanceof Error ? error.message : String(error)}. Nothing was restored.`);
    }
  };
  for (let n = 0; n < expected; n += 1) {
    const line = await lines.next();
    if (line === undefined) throw truncated(name);
    hash.add(line);
    batch.push(line);
    chars += line.length;
    if (batch.length >= WRITE_ROWS || chars >= WRITE_CHARS) await flush();
  }
  await flush();
  return expected;
}

function checkTrailer(name: string, trailer: { tables: Record<string, number>; sha256: string }, sha256: string, counts: Record<string, number>): void {
  if (trailer.sha256 !== sha256) throw new InputError(`${name} is damaged: its checksum does not match its contents. Nothing was restored.`);
  const listed = Object.entries(trailer.tables);
  if (listed.length !== Object.keys(counts).length || listed.some(([t, n]) => counts[t] !== n)) {
    throw new InputError(`${name} is damaged: its table counts do not match its contents. Nothing was restored.`);
  }
}

/**
 * Sets each sequence of `table` to continue where the backed-up one was (`next`), and in any case after the
 * highest restored id: an id the audit trail names is never given to a new row.
 */
async function continueSequences(db: Kysely<Database>, table: BackupTable, next: Record<string, number>): Promise<void> {
  for (const { column, sequence } of table.sequences) {
    await sql`select setval(${sequence}::regclass, greatest(
      coalesce((select max(${sql.id(column)}) from ${sql.id(BACKUP_SCHEMA, table.name)}), 0) + 1, ${next[column] ?? 1}::int8), false)`.execute(db);
  }
}
