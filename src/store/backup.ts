/**
 * `thorbecke backup FILE`: writes the whole database in the portable format of backup-format.ts. Every table
 * is read in one REPEATABLE READ, READ ONLY transaction — one consistent snapshot while the server keeps
 * writing (PostgreSQL), or simply one transaction on the embedded database's single connection — in keyset
 * batches along the primary key, and streamed through gzip into a temporary file that is renamed into place
 * only when complete: a table of millions of observations is never held in memory, and FILE is either the
 * previous file or a whole new backup. The file holds password and token hashes: it is readable by its
 * owner only (0600).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { InputError } from '../domain/errors.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  LineHash,
  type BackupHeader,
  type BackupSection,
  type BackupTrailer,
} from './backup-format.js';
import { BACKUP_SCHEMA, backupTables, type BackupTable } from './backup-tables.js';
import type { Engine } from './db.js';
import type { Database } from './schema.js';

/** Rows per read; a batch of large rows (evidence facts, map topologies) stays a few megabytes. */
const READ_BATCH = 1000;

export interface BackupOptions {
  engine: Engine;
  appVersion: string;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  /** Rows per table, in the order written. */
  tables: Record<string, number>;
}

/** The applied migrations, in order (the header records them instead of the migration tables). */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from thorbecke_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** Writes a backup of `db` to `file` (replacing it only once the new one is complete). */
export async function writeBackup(db: Kysely<Database>, file: string, options: BackupOptions): Promise<BackupSummary> {
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600).catch((error: unknown) => {
    throw new InputError(`Cannot write a backup in ${path.dirname(target)}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const tables: Record<string, number> = {};
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          appVersion: options.appVersion,
          engine: options.engine,
          migrations: await appliedMigrations(trx),
        };
        const lines = backupLines(trx, header, await backupTables(trx), tables);
        await pipeline(
          Readable.from(lines),
          createGzip(),
          // Flushed to disk before it is closed: the rename below must not publish a file still in the page cache.
          handle.createWriteStream({ flush: true }),
        );
      });
    await rename(temporary, target);
  } catch (error) {
    // Closed already when the stream got as far as opening; closed here when it did not.
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  return { file: target, bytes: (await stat(target)).size, tables };
}

/** Every line of the file, each with its newline; fills `counts` as it goes. */
async function* backupLines(
  db: Kysely<Database>,
  header: BackupHeader,
  tables: BackupTable[],
  counts: Record<string, number>,
): AsyncGenerator<string> {
  const hash = new LineHash();
  const emit = (line: string): string => {
    hash.add(line);
    return `${line}\n`;
  };
  yield emit(JSON.stringify(header));
  for (const table of tables) {
    const id = sql.id(BACKUP_SCHEMA, table.name);
    const { rows: counted } = await sql<{ n: number }>`select count(*)::int8 as n from ${id}`.execute(db);
    const expected = counted[0]?.n ?? 0;
    const section: BackupSection = { table: table.name, columns: table.columns, rows: expected, sequences: await nextValues(db, table) };
    yield emit(JSON.stringify(section));
    let written = 0;
    // One chunk per batch: gzip is slow when fed line by line.
    for await (const batch of tableRows(db, table)) {
      written += batch.length;
      yield batch.map(emit).join('');
    }
    // One snapshot: the count and the rows agree, or something is badly wrong.
    if (written !== expected) throw new Error(`Table ${table.name} changed while it was read (${expected} counted, ${written} read).`);
    counts[table.name] = written;
  }
  const trailer: BackupTrailer = { end: BACKUP_FORMAT, tables: counts, sha256: hash.hex() };
  yield `${JSON.stringify(trailer)}\n`;
}

/** A table's rows as JSON text, in primary-key order, in keyset batches (no OFFSET: each batch is an index range). */
async function* tableRows(db: Kysely<Database>, table: BackupTable): AsyncGenerator<string[]> {
  const id = sql.id(BACKUP_SCHEMA, table.name);
  const key = sql.join(table.primaryKey.map((k) => sql.ref(`t.${k.name}`)));
  const row: RawBuilder<unknown> =
    table.generated.length === 0 ? sql`to_jsonb(t)` : sql`(to_jsonb(t) - ${sql.val(table.generated)}::text[])`;
  let last: string | undefined;
  for (;;) {
    // The last row's key read back from its own JSON, cast to the key's types: exact for every key type we use.
    const after =
      last === undefined
        ? sql``
        : sql`where (${key}) > (${sql.join(table.primaryKey.map((k) => sql`(${last}::jsonb ->> ${k.name})::${sql.raw(k.type)}`))})`;
    const { rows } = await sql<{ line: string }>`
      select ${row}::text as line from ${id} as t ${after} order by ${key} limit ${READ_BATCH}`.execute(db);
    if (rows.length > 0) yield rows.map((r) => r.line);
    if (rows.length < READ_BATCH) return;
    last = rows[rows.length - 1]?.line;
  }
}

/** The next value of each of the table's sequences, without taking one. */
async function nextValues(db: Kysely<Database>, table: BackupTable): Promise<Record<string, number>> {
  const next: Record<string, number> = {};
  for (const { column, sequence } of table.sequences) {
    const { rows } = await sql<{ next: number }>`
      select (case when is_called then last_value + 1 else last_value end)::int8 as next from ${sql.table(sequence)}`.execute(db);
    next[column] = rows[0]?.next ?? 1;
  }
  return next;
}
