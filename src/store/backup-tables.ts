/**
 * What a backup holds, read from the catalogue rather than listed by hand, so that a table added by a later
 * migration is backed up without anyone remembering to: every table of schema `public` except the migration
 * bookkeeping (the header records the migrations instead), in foreign-key order (a table after the tables it
 * refers to), with its stored columns (generated columns are computed again on insert), its primary key (for
 * reading in keyset batches) and its serial or identity sequences (set past the restored ids).
 *
 * The job queue's schema (pg-boss) is left out: queued jobs are transient, the scheduler queues them again.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export const BACKUP_SCHEMA = 'public';
const MIGRATION_TABLES = ['thorbecke_migration', 'thorbecke_migration_lock'];

export interface KeyColumn {
  name: string;
  /** The column's type as SQL (format_type), to cast a key value read back from JSON. */
  type: string;
}

export interface BackupTable {
  name: string;
  /** Stored columns in table order. */
  columns: string[];
  /** Generated columns: in `to_jsonb(row)`, but never inserted. */
  generated: string[];
  primaryKey: KeyColumn[];
  /** Columns filled from a sequence (serial, identity) and that sequence's qualified name. */
  sequences: { column: string; sequence: string }[];
}

/** The tables to back up or restore, in foreign-key order. */
export async function backupTables(db: Kysely<Database>): Promise<BackupTable[]> {
  const { rows: columns } = await sql<{ table: string; column: string; generated: boolean; sequence: string | null }>`
    select c.relname as table, a.attname as column, a.attgenerated <> '' as generated,
           pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as sequence
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${BACKUP_SCHEMA} and c.relkind in ('r', 'p') and not c.relispartition
      and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`.execute(db);
  const { rows: keys } = await sql<{ table: string; column: string; type: string }>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where n.nspname = ${BACKUP_SCHEMA} and i.indisprimary
    order by c.relname, k.position`.execute(db);
  const { rows: references } = await sql<{ table: string; references: string }>`
    select distinct c.relname as table, r.relname as references
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class r on r.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${BACKUP_SCHEMA} and k.contype = 'f'`.execute(db);

  const tables = new Map<string, BackupTable>();
  for (const c of columns) {
    if (MIGRATION_TABLES.includes(c.table)) continue;
    let table = tables.get(c.table);
    if (!table) {
      table = { name: c.table, columns: [], generated: [], primaryKey: [], sequences: [] };
      tables.set(c.table, table);
    }
    if (c.generated) table.generated.push(c.column);
    else table.columns.push(c.column);
    if (c.sequence !== null) table.sequences.push({ column: c.column, sequence: c.sequence });
  }
  for (const k of keys) tables.get(k.table)?.primaryKey.push({ name: k.column, type: k.type });
  for (const table of tables.values()) {
    // Keyset batches need a unique order; every table of ours has a primary key (a test holds to that).
    if (table.primaryKey.length === 0) throw new Error(`Table ${table.name} has no primary key: it cannot be backed up in batches.`);
  }
  return dependencyOrder(
    [...tables.values()],
    references.filter((r) => tables.has(r.table) && tables.has(r.references)),
  );
}

/**
 * Tables after the tables they refer to (Kahn's algorithm, by name where the order is free, so that the
 * same schema always gives the same file). A table's references to itself are left to the restore's
 * deferred constraints.
 */
export function dependencyOrder<T extends { name: string }>(tables: T[], references: { table: string; references: string }[]): T[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const needs = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const r of references) if (r.table !== r.references) needs.get(r.table)?.add(r.references);
  const ordered: T[] = [];
  while (pending.size > 0) {
    const ready = [...pending.keys()].filter((name) => [...(needs.get(name) ?? [])].every((n) => !pending.has(n))).sort();
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle between ${[...pending.keys()].sort().join(', ')}.`);
    for (const name of ready) {
      ordered.push(pending.get(name) as T);
      pending.delete(name);
    }
  }
  return ordered;
}
