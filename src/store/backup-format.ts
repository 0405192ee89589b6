/**
 * The backup file format (ADR: backup and restore): one portable, logical format for both engines, so that
 * a backup of the embedded database restores into PostgreSQL and back. A gzip-compressed stream of JSON
 * lines (NDJSON):
 *
 * 1. a header: what made it and which migrations its data belongs to;
 * 2. per table, in foreign-key order: a section line `{table, columns, rows, sequences}` followed by exactly
 *    `rows` lines, each one row as PostgreSQL's `to_jsonb(row)`;
 * 3. a trailer: the row count of every table and the SHA-256 of every line before it (each with its
 *    newline), so that a truncated or altered file is refused.
 *
 * Counting the rows of a section up front (in the same snapshot) keeps the format unambiguous: a row is
 * never mistaken for a section line, whatever its columns are called.
 */
import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';

export const BACKUP_FORMAT = 'thorbecke-backup';
export const BACKUP_FORMAT_VERSION = 1;

const name = z.string().min(1).max(63);

export const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.iso.datetime(),
  appVersion: z.string(),
  engine: z.enum(['pglite', 'postgres']),
  /** The migrations applied to the database it was made from, in order. */
  migrations: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof headerSchema>;

export const sectionSchema = z.strictObject({
  table: name,
  columns: z.array(name).min(1),
  rows: z.number().int().nonnegative(),
  /** Per column filled from a sequence: the value the sequence would give next (ids of removed rows are not reused). */
  sequences: z.record(name, z.number().int().positive()),
});
export type BackupSection = z.infer<typeof sectionSchema>;

export const trailerSchema = z.strictObject({
  end: z.literal(BACKUP_FORMAT),
  tables: z.record(name, z.number().int().nonnegative()),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupTrailer = z.infer<typeof trailerSchema>;

/** The running SHA-256 of the lines before the trailer, each hashed with its newline. */
export class LineHash {
  readonly #hash: Hash = createHash('sha256');

  add(line: string): void {
    this.#hash.update(line);
    this.#hash.update('\n');
  }

  hex(): string {
    return this.#hash.digest('hex');
  }
}
