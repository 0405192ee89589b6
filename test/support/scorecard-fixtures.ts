import type { Insertable, Kysely } from 'kysely';
import type { CheckStatus } from '../../src/domain/check.js';
import type { Database, ExplanationTable } from '../../src/store/schema.js';
import { strategySchema, type Strategy } from '../../src/strategy/schema.js';
import { sampleStrategy } from './sample-strategy.js';

/**
 * Fixtures for the scorecard, comparison and report tests: the sample strategy with one more target that
 * allows explaining (mail, municipalities only), and writers for observations, domains and progress rows
 * as the recorder and the progress refresh would leave them.
 */

/** The sample strategy plus `mail-dmarc-test` (DMARC and DKIM on mail domains of municipalities, explainable, due 2030). */
export function scorecardStrategy(): Strategy {
  const base = sampleStrategy();
  return strategySchema.parse({
    ...base,
    targets: [
      ...base.targets,
      {
        id: 'mail-dmarc-test',
        title: { nl: 'DMARC en DKIM', en: 'DMARC and DKIM' },
        description: { nl: 'Alle maildomeinen.', en: 'All mail domains.' },
        priorities: ['resilience'],
        scope: { layers: ['gemeente'], assets: ['mail'] },
        deadline: '2030-12-31',
        source: { kind: 'agreement', title: 'Test' },
        explainAllowed: true,
        indicator: { kind: 'checks', checks: ['mail.dmarc', 'mail.dkim'] },
      },
    ],
  });
}

/** Registers a domain of an organisation (as web or mail). */
export async function addDomain(db: Kysely<Database>, code: string, kind: 'web' | 'mail', name: string, addedAt?: Date): Promise<void> {
  const existing = await db.selectFrom('asset').select('id').where('kind', '=', kind).where('name', '=', name).executeTakeFirst();
  const asset = existing ?? (await db.insertInto('asset').values({ kind, name }).returning('id').executeTakeFirstOrThrow());
  await db
    .insertInto('asset_owner')
    .values({ asset_id: asset.id, organisation_code: code, source: 'test', ...(addedAt ? { added_at: addedAt } : {}) })
    .execute();
}

/** Current observations of one domain: [check, status, reason]. */
export async function observe(db: Kysely<Database>, domain: string, since: Date, results: [string, CheckStatus, string][]): Promise<void> {
  await db
    .insertInto('observation')
    .values(
      results.map(([check, status, reason]) => ({
        domain,
        check_id: check,
        state: 'current' as const,
        status,
        known_status: status === 'error' || status === 'blocked' ? null : status,
        reason,
        key_facts_hash: 'x',
        first_seen: since,
        last_seen: since,
        scanner_version: '0.0.0-test',
      })),
    )
    .execute();
}

/** A progress row with defaults (as the refresh writes it). */
export async function insertProgress(
  db: Kysely<Database>,
  row: { code: string; target: string; status: Database['progress']['status']; value: number | null; total: number; met: number; failing?: number; unknown?: number; explained?: number; deadline: string; planned?: string | null; forecast?: string | null },
): Promise<void> {
  await db
    .insertInto('progress')
    .values({
      organisation_code: row.code,
      target_id: row.target,
      status: row.status,
      value: row.value,
      domains_total: row.total,
      domains_met: row.met,
      domains_failing: row.failing ?? 0,
      domains_unknown: row.unknown ?? 0,
      domains_explained: row.explained ?? 0,
      deadline: row.deadline,
      planned_date: row.planned ?? null,
      effective_date: row.planned !== undefined && row.planned !== null && row.planned < row.deadline ? row.planned : row.deadline,
      forecast_date: row.forecast ?? null,
      reason: 'test',
    })
    .execute();
}

/** An explanation row; returns its id. */
export async function insertExplanation(
  db: Kysely<Database>,
  row: Omit<Insertable<ExplanationTable>, 'author' | 'expires_on'> & { author?: string; expires_on?: string },
): Promise<number> {
  const inserted = await db
    .insertInto('explanation')
    .values({ author: 'test', expires_on: '2099-12-31', ...row })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
