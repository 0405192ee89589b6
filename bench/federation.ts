/**
 * A synthetic federation for bench/pages.ts, built with set-based SQL (insert … select from generate_series)
 * so that 20,000 domains with two years of observation intervals take minutes, not hours. Every name says
 * it is synthetic; the codes are valid TOOI codes; municipalities take the codes (and provinces) of the
 * map when one is given, so that the target page's map is coloured as it would be in production.
 */
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/store/schema.js';
import type { Strategy } from '../src/strategy/schema.js';

export interface FederationSize {
  organisations: number;
  domains: number;
  weeks: number;
}

interface OrgRow {
  code: string;
  name: string;
  layer: string;
  province_code: string | null;
}

/** The twelve provinces, with their real codes. */
const PROVINCES = Array.from({ length: 12 }, (_, i) => `pv${String(20 + i)}`);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Municipality codes and their provinces from a TopoJSON of municipalities (statcode, provinciecode). */
export function municipalitiesOfMap(file: string): { code: string; province: string }[] {
  const topology = JSON.parse(readFileSync(file, 'utf8')) as {
    objects: Record<string, { geometries: { properties?: { statcode?: string; provinciecode?: string } }[] }>;
  };
  const out: { code: string; province: string }[] = [];
  for (const object of Object.values(topology.objects)) {
    for (const g of object.geometries) {
      const code = g.properties?.statcode?.toLowerCase();
      const province = g.properties?.provinciecode?.toLowerCase();
      if (code !== undefined && /^gm\d{4}$/.test(code) && province !== undefined) out.push({ code, province });
    }
  }
  return out;
}

/**
 * The organisations: the 12 provinces; municipalities (the map's, else gm5001…; about 23%); water boards
 * (ws5001…); three Caribbean public bodies; ministries and agencies of central government (mnre5001…); and
 * public service providers (oorg50001…) for the rest.
 */
export function organisations(count: number, municipalities: { code: string; province: string }[]): OrgRow[] {
  const gmCount = Math.min(Math.round(count * 0.228), municipalities.length > 0 ? municipalities.length : 9999);
  const wsCount = Math.max(1, Math.round(count * 0.014));
  const colCount = count >= 300 ? 3 : 0;
  const rijkCount = Math.round(count * 0.08);
  const rows: OrgRow[] = PROVINCES.map((code, i) => ({ code, name: `Synthetische provincie ${String(i + 1)}`, layer: 'provincie', province_code: null }));
  for (let i = 0; i < gmCount; i++) {
    const known = municipalities[i];
    const code = known?.code ?? `gm${String(5001 + i)}`;
    rows.push({ code, name: `Synthetische gemeente ${code.slice(2)}`, layer: 'gemeente', province_code: known?.province ?? PROVINCES[i % 12] ?? null });
  }
  for (let i = 0; i < wsCount; i++) rows.push({ code: `ws${String(5001 + i)}`, name: `Synthetisch waterschap ${String(i + 1)}`, layer: 'waterschap', province_code: PROVINCES[i % 12] ?? null });
  for (let i = 0; i < colCount; i++) rows.push({ code: `col${pad(i + 1, 2)}`, name: `Synthetisch openbaar lichaam ${String(i + 1)}`, layer: 'caribisch-openbaar-lichaam', province_code: null });
  for (let i = 0; i < rijkCount; i++) rows.push({ code: `mnre${String(5001 + i)}`, name: `Synthetische rijksorganisatie ${String(i + 1)}`, layer: 'rijk', province_code: null });
  for (let i = 0; rows.length < count; i++) rows.push({ code: `oorg${String(50001 + i)}`, name: `Synthetische dienstverlener ${String(i + 1)}`, layer: 'publieke-dienstverlener', province_code: null });
  return rows.slice(0, Math.max(count, 12));
}

/**
 * How hard each required check is to pass (0 easy … 1 hard), by its family, so that the figures look like
 * the Forum's: HTTPS nearly everywhere, DNSSEC and HSTS for most, IPv6, DANE and RPKI for fewer.
 */
function difficulty(checkId: string): number {
  const rules: [RegExp, number][] = [
    [/https\.available|cert\.trust|cert\.name/, 0.1],
    [/tls\.(compression|renegotiation)|cert\.(key|signature)/, 0.2],
    [/https\.redirect|tls\.version|mail\.spf$|mail\.dmarc$/, 0.35],
    [/dnssec|tls\.(ciphers|key-exchange)|starttls|mail\.dkim/, 0.5],
    [/hsts|policy/, 0.6],
    [/ipv6/, 0.7],
    [/rpki|security-txt/, 0.75],
    [/dane/, 0.85],
  ];
  for (const [re, value] of rules) if (re.test(checkId)) return value;
  return 0.5;
}

/** Every check the strategy's check-based targets require, per asset kind (web, mail). */
export function checksByKind(strategy: Strategy): { kind: string; checkId: string; difficulty: number }[] {
  const seen = new Map<string, { kind: string; checkId: string; difficulty: number }>();
  for (const target of strategy.targets) {
    if (target.indicator.kind !== 'checks') continue;
    for (const kind of target.scope.assets) {
      for (const checkId of target.indicator.checks) seen.set(`${kind} ${checkId}`, { kind, checkId, difficulty: difficulty(checkId) });
    }
  }
  return [...seen.values()].sort((a, b) => `${a.kind} ${a.checkId}`.localeCompare(`${b.kind} ${b.checkId}`));
}

/** A small deterministic random generator (mulberry32), so that every run builds the same federation. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAYER_WEIGHT: Record<string, number> = { gemeente: 3, provincie: 3, rijk: 2, waterschap: 2, 'caribisch-openbaar-lichaam': 1.5, 'publieke-dienstverlener': 0.6 };

/** Domains per organisation: at least one each, the rest in proportion to a weight per layer times a random factor. */
export function domainCounts(orgs: readonly { layer: string }[], domains: number): number[] {
  const next = random(42);
  const weights = orgs.map((o) => (LAYER_WEIGHT[o.layer] ?? 1) * (0.3 + next()));
  const total = weights.reduce((a, b) => a + b, 0);
  const rest = Math.max(0, domains - orgs.length);
  const counts = weights.map((w) => 1 + Math.floor((rest * w) / total));
  // Hand out what rounding left, one each from the first organisation on.
  let missing = Math.max(0, domains - counts.reduce((a, b) => a + b, 0));
  for (let i = 0; missing > 0; i = (i + 1) % counts.length, missing--) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

const chunks = <T>(rows: T[], size: number): T[][] => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/**
 * Inserts the federation into an empty, migrated database: organisations, `size.domains` domains (all web,
 * about 60% also mail) owned in proportion to a weight per layer, and observations of every required check:
 * a current interval for each, and for a domain × check fixed during the `size.weeks` weeks a closed failing
 * interval before it. About 1.5% of current results are errors. Deterministic (setseed).
 */
export async function buildFederation(db: Kysely<Database>, strategy: Strategy, size: FederationSize, mapFile: string | undefined): Promise<{ organisations: number; assets: number; observations: number }> {
  const orgs = organisations(size.organisations, mapFile === undefined ? [] : municipalitiesOfMap(mapFile));
  const checks = checksByKind(strategy);
  const weeks = size.weeks;
  return db.connection().execute(async (conn) => {
    for (const chunk of chunks(orgs, 500)) {
      await conn.insertInto('organisation').values(chunk.map((o) => ({ ...o, source: 'synthetic (bench/pages.ts)' }))).execute();
    }
    await sql`select setseed(0.42)`.execute(conn);
    await sql`create temp table bench_check (kind text, check_id text, difficulty double precision)`.execute(conn);
    await sql`insert into bench_check values ${sql.join(checks.map((c) => sql`(${c.kind}, ${c.checkId}, ${c.difficulty})`))}`.execute(conn);
    // Domains per organisation in proportion to a weight (layer × a random factor), at least one each.
    const counts = domainCounts(orgs, size.domains);
    await sql`
      create temp table bench_domain as
      select u.code as organisation_code, u.code || '-' || lpad(g.n::text, 3, '0') || '.synthetic.test' as name,
        (g.n = 1 or random() < 0.55) as mail, random() as diligence
      from unnest(${orgs.map((o) => o.code)}::text[], ${counts}::int[]) as u(code, domains)
      cross join lateral generate_series(1, u.domains) as g(n)`.execute(conn);
    await sql`
      insert into asset (kind, name)
      select 'web', name from bench_domain
      union all select 'mail', name from bench_domain where mail`.execute(conn);
    await sql`
      insert into asset_owner (asset_id, organisation_code, source)
      select a.id, d.organisation_code, 'synthetic' from bench_domain d join asset a on a.name = d.name`.execute(conn);
    // The week each domain × check was fixed: <= 0 passed from the start, >= weeks still fails.
    await sql`
      create temp table bench_obs as
      select d.name as domain, c.check_id,
        floor((c.difficulty * 1.4 + d.diligence * 0.9 + random() * 0.35 - 0.8) * ${weeks}::int)::int as fix_week,
        random() < 0.015 as error
      from bench_domain d join bench_check c on c.kind = 'web' or (c.kind = 'mail' and d.mail)`.execute(conn);
    const start = sql`(date_trunc('hour', now()) - make_interval(weeks => ${weeks}::int))`;
    await sql`
      insert into observation (domain, check_id, state, status, known_status, reason, key_facts_hash, first_seen, last_seen, scanner_version)
      select domain, check_id, 'closed', 'fail', 'fail', 'synthetic: failed before it was fixed', md5(domain || check_id || 'closed'),
        ${start}, ${start} + make_interval(weeks => fix_week) - interval '1 hour', 'synthetic'
      from bench_obs where fix_week > 0 and fix_week < ${weeks}::int
      union all
      select domain, check_id, 'current',
        case when error then 'error' when fix_week < ${weeks}::int then 'pass' else 'fail' end,
        case when fix_week < ${weeks}::int then 'pass' else 'fail' end,
        case when error then 'synthetic: the check could not complete' when fix_week < ${weeks}::int then 'synthetic: passes' else 'synthetic: fails' end,
        md5(domain || check_id || 'current'),
        case when fix_week > 0 and fix_week < ${weeks}::int then ${start} + make_interval(weeks => fix_week) else ${start} end,
        now(), 'synthetic'
      from bench_obs`.execute(conn);
    const totals = await sql<{ organisations: number; assets: number; observations: number }>`
      select (select count(*) from organisation)::int as organisations, (select count(*) from asset)::int as assets,
        (select count(*) from observation)::int as observations`.execute(conn);
    for (const t of ['bench_obs', 'bench_domain', 'bench_check']) await sql`drop table ${sql.table(t)}`.execute(conn);
    await sql`analyze`.execute(conn);
    return totals.rows[0] ?? { organisations: 0, assets: 0, observations: 0 };
  });
}
