import type { Kysely } from 'kysely';
import type { CheckStatus } from '../../src/domain/check.js';
import type { Database } from '../../src/store/schema.js';
import { strategySchema, type Strategy } from '../../src/strategy/schema.js';
import { sampleStrategy } from './sample-strategy.js';

/**
 * Fixtures for comply-or-explain tests: the sample strategy plus a mail target that allows explaining, and
 * helpers that write organisations, owned domains, observations and hosting evidence directly.
 */

export const MAIL_CHECKS = ['mail.dane', 'mail.starttls'];

export function accountabilityStrategy(): Strategy {
  const base = sampleStrategy();
  return strategySchema.parse({
    ...base,
    targets: [
      ...base.targets,
      {
        id: 'mail-secure',
        title: { nl: 'Veilige mail', en: 'Secure mail' },
        description: { nl: 'DANE en STARTTLS.', en: 'DANE and STARTTLS.' },
        priorities: ['resilience'],
        scope: { layers: ['gemeente', 'waterschap'], assets: ['mail'] },
        deadline: '2027-12-31',
        source: { kind: 'comply-or-explain', title: 'Pas-toe-of-leg-uit-lijst' },
        explainAllowed: true,
        indicator: { kind: 'checks', set: 'forum-mail', checks: MAIL_CHECKS },
      },
    ],
  });
}

/** Organisations (code, layer) and the mail domains each owns. */
export async function seedOwners(db: Kysely<Database>, owners: Record<string, { layer: string; domains: string[] }>): Promise<void> {
  for (const [code, { layer, domains }] of Object.entries(owners)) {
    await db
      .insertInto('organisation')
      .values({ code, name: `Organisatie ${code}`, layer, source: 'test' })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    for (const name of domains) {
      const asset = await db.insertInto('asset').values({ kind: 'mail', name }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('asset_owner').values({ asset_id: asset.id, organisation_code: code, source: 'test' }).execute();
    }
  }
}

/** Sets the current observation of a check on a domain (closing any earlier one); returns its id. */
export async function observe(db: Kysely<Database>, domain: string, checkId: string, status: CheckStatus, hash = `${status}-facts`, facts: unknown = {}): Promise<number> {
  await db.updateTable('observation').set({ state: 'closed' }).where('domain', '=', domain).where('check_id', '=', checkId).where('state', '=', 'current').execute();
  const definite = status === 'error' || status === 'blocked' ? null : status;
  const row = await db
    .insertInto('observation')
    .values({
      domain,
      check_id: checkId,
      state: 'current',
      status,
      known_status: definite,
      reason: `${checkId} is ${status}`,
      key_facts_hash: hash,
      first_seen: new Date('2026-05-01T08:00:00Z'),
      last_seen: new Date('2026-05-01T08:00:00Z'),
      scanner_version: '0.1.0',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('observation_evidence')
    .values({ observation_id: row.id, measured_at: new Date('2026-05-01T08:00:00Z'), facts: JSON.stringify(facts) })
    .execute();
  return row.id;
}

/** A current hosting.mail-provider observation whose evidence names the providers. */
export async function hostedBy(db: Kysely<Database>, domain: string, ...providerIds: string[]): Promise<void> {
  await observe(db, domain, 'hosting.mail-provider', 'pass', `hosting-${providerIds.join('+')}`, {
    providerId: providerIds[0] ?? null,
    providers: providerIds.map((id) => ({ id, name: id, country: 'US', jurisdiction: 'non-EU', kind: 'platform' })),
  });
}

/** The organisations marked for recomputation; empties the mark list. */
export async function takeDirty(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.deleteFrom('progress_dirty').returning('organisation_code').execute();
  return rows.map((r) => r.organisation_code).sort();
}
