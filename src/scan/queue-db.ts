import type { PGlite, Results } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';

/** What pg-boss needs from a database when it does not open its own pool (`db` constructor option). */
export interface QueueExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss on the embedded database: an executor over the store's PGlite client.
 *
 * - Every call first takes the store's one connection from the Kysely dialect (`db.connection()`), so a
 *   queue statement waits for a running store transaction instead of landing inside it, and vice versa.
 * - Parameterised statements go to `query` (extended protocol). Statements without values go to `exec`
 *   (simple protocol): pg-boss sends its schema creation, migrations and maintenance as one string of
 *   several statements, some wrapped in `BEGIN … COMMIT` with an advisory lock. The result is the last
 *   statement's, in the `{ rows }` shape pg-boss reads.
 * - If a multi-statement string fails half-way inside its own `BEGIN`, the session would stay in an
 *   aborted transaction; the adapter rolls it back so that the next statement starts clean.
 *
 * Do not enqueue inside a store transaction on PGlite: the transaction holds the one connection and the
 * enqueue would wait for it forever. Enqueue after the commit.
 */
export function pgliteExecutor<DB>(db: Kysely<DB>, client: PGlite): QueueExecutor {
  return {
    executeSql: (text, values) =>
      db.connection().execute(async () => {
        if (values !== undefined && values.length > 0) {
          const result = await client.query(text, values.map((v) => v ?? null));
          return { rows: result.rows };
        }
        try {
          const results: Results[] = await client.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        } catch (error) {
          if (/\bbegin\b/i.test(text)) await client.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
  };
}
