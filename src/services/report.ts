import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { CheckStatus } from '../domain/check.js';
import { NotFoundError } from '../domain/errors.js';
import { isLayer, LAYERS, type Layer } from '../domain/layer.js';
import { PROGRESS_STATUSES, type ProgressStatus, type SupplierRole } from '../domain/progress.js';
import { assess, type DomainInput } from '../progress/assess.js';
import { isoDay, weekStart } from '../progress/dates.js';
import {
  commitmentsAt,
  domainsOwnedAt,
  explanationsApprovedAt,
  historyBefore,
  organisationsOn,
  providersAt,
  snapshotStatuses,
  type CommitmentAt,
  type HistoryPointAt,
  type OwnedAt,
  type ProvidersAt,
  type ReportOrganisation,
} from '../store/report-read.js';
import type { ExplanationSummary } from '../store/scorecard-read.js';
import type { Database } from '../store/schema.js';
import { findSnapshot, listSnapshots, parseSnapshotName, type Snapshot } from '../store/snapshots.js';
import type { Priority, Strategy, Target } from '../strategy/schema.js';
import { groupByPriority } from './scorecard.js';

/**
 * The half-yearly report of a snapshot: every organisation that existed on the snapshot's day assessed on
 * every target in its scope by the pure engine (src/progress/assess.ts), from the snapshot's frozen results
 * instead of today's observations, with the snapshot's day as "today" and the explanations approved at its
 * moment. Figures are counted per target for the nation and per layer.
 */

/** Counts of organisations per status and of their domains, for one target in one scope. */
export interface ReportFigure {
  organisations: number;
  statuses: Record<ProgressStatus, number>;
  domainsTotal: number;
  domainsMet: number;
  domainsUnknown: number;
}

export interface ReportTarget {
  target: Target;
  nation: ReportFigure;
  /** Layers in their usual order, only those with organisations in the target's scope. */
  layers: { layer: Layer; figure: ReportFigure }[];
}

/** An explanation in force at the snapshot's moment, with the name of its organisation (none for a supplier). */
export interface ReportExplanation extends ExplanationSummary {
  organisationName: string | null;
}

export interface HalfYearReport {
  snapshot: Snapshot;
  /** The snapshot's day (UTC), the engine's "today". */
  day: string;
  strategy: { id: string; version: string };
  /** Organisations that existed on the day. */
  organisations: number;
  /** Priorities by number with their per-organisation targets, each target once (under its lowest-numbered priority). */
  priorities: { priority: Priority; targetIds: string[] }[];
  targets: ReportTarget[];
  explanations: ReportExplanation[];
}

/** Everything the report is computed from (loaded by {@link ReportService}, or given by a test). */
export interface ReportInput {
  strategy: Strategy;
  snapshot: Snapshot;
  organisations: readonly ReportOrganisation[];
  owned: readonly OwnedAt[];
  results: readonly { domain: string; checkId: string; status: CheckStatus }[];
  explanations: readonly ExplanationSummary[];
  commitments?: readonly CommitmentAt[];
  providers?: readonly ProvidersAt[];
  history?: readonly HistoryPointAt[];
}

/** A figure with every count at zero. */
export function emptyFigure(): ReportFigure {
  const statuses = Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as Record<ProgressStatus, number>;
  return { organisations: 0, statuses, domainsTotal: 0, domainsMet: 0, domainsUnknown: 0 };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** The domains of each organisation as the engine takes them: kinds merged, statuses and providers attached. */
function domainInputs(input: ReportInput): Map<string, DomainInput[]> {
  const statuses = new Map<string, Map<string, CheckStatus>>();
  for (const r of input.results) {
    let map = statuses.get(r.domain);
    if (!map) statuses.set(r.domain, (map = new Map<string, CheckStatus>()));
    map.set(r.checkId, r.status);
  }
  const providers = new Map<string, Partial<Record<SupplierRole, string[]>>>();
  for (const p of input.providers ?? []) providers.set(p.domain, { ...providers.get(p.domain), [p.role]: p.providers });
  const result = new Map<string, DomainInput[]>();
  for (const [code, owned] of groupBy(input.owned, (o) => o.code)) {
    result.set(
      code,
      [...groupBy(owned, (o) => o.domain)].map(([domain, rows]) => ({
        domain,
        kinds: [...new Set(rows.map((r) => r.kind))],
        statuses: statuses.get(domain) ?? new Map<string, CheckStatus>(),
        providers: providers.get(domain) ?? {},
      })),
    );
  }
  return result;
}

function add(figure: ReportFigure, status: ProgressStatus, counts: { domainsTotal: number; domainsMet: number; domainsUnknown: number }): void {
  figure.organisations += 1;
  figure.statuses[status] += 1;
  figure.domainsTotal += counts.domainsTotal;
  figure.domainsMet += counts.domainsMet;
  figure.domainsUnknown += counts.domainsUnknown;
}

/**
 * Computes the report from its inputs (pure): each organisation on each target in its scope, counted per
 * target for the nation and per layer. Organisations of a layer no target names are left out.
 *
 * @example
 * const report = computeReport({ strategy, snapshot, organisations, owned, results, explanations });
 * report.targets[0]?.nation.statuses.met // organisations that met the first target
 */
export function computeReport(input: ReportInput): HalfYearReport {
  const day = isoDay(input.snapshot.takenAt);
  const targets = input.strategy.targets.filter((t) => t.indicator.kind !== 'national');
  const domains = domainInputs(input);
  const commitments = new Map((input.commitments ?? []).map((c) => [`${c.code}\u0000${c.targetId}`, c]));
  const history = groupBy(input.history ?? [], (h) => `${h.code}\u0000${h.targetId}`);
  const explanationsOf = groupBy(
    input.explanations.filter((e) => e.organisationCode !== null),
    (e) => e.organisationCode ?? '',
  );
  const supplierWide = input.explanations.filter((e) => e.scope === 'supplier');

  const figures = new Map<string, { nation: ReportFigure; layers: Map<Layer, ReportFigure> }>(
    targets.map((t) => [t.id, { nation: emptyFigure(), layers: new Map() }]),
  );
  for (const org of input.organisations) {
    if (!isLayer(org.layer)) continue;
    const layer = org.layer;
    const own = [...(explanationsOf.get(org.code) ?? []), ...supplierWide];
    for (const target of targets) {
      if (!target.scope.layers.includes(layer)) continue;
      const key = `${org.code}\u0000${target.id}`;
      const commitment = commitments.get(key);
      const result = assess({
        target,
        today: day,
        domains: domains.get(org.code) ?? [],
        commitment,
        explanations: own,
        history: (history.get(key) ?? []).map((h) => ({ day: h.period, value: h.value })),
      });
      const figure = figures.get(target.id);
      if (!figure) continue;
      add(figure.nation, result.status, result);
      let layerFigure = figure.layers.get(layer);
      if (!layerFigure) figure.layers.set(layer, (layerFigure = emptyFigure()));
      add(layerFigure, result.status, result);
    }
  }

  const names = new Map(input.organisations.map((o) => [o.code, o.name]));
  return {
    snapshot: input.snapshot,
    day,
    strategy: { id: input.strategy.id, version: input.strategy.version },
    organisations: input.organisations.length,
    priorities: groupByPriority(
      input.strategy,
      targets.map((target) => ({ target })),
    ).map(({ priority, targets: ts }) => ({ priority, targetIds: ts.map((t) => t.target.id) })),
    targets: targets.map((target) => {
      const figure = figures.get(target.id) ?? { nation: emptyFigure(), layers: new Map<Layer, ReportFigure>() };
      return {
        target,
        nation: figure.nation,
        layers: LAYERS.flatMap((layer) => {
          const f = figure.layers.get(layer);
          return f ? [{ layer, figure: f }] : [];
        }),
      };
    }),
    explanations: input.explanations.map((e) => ({
      ...e,
      organisationName: e.organisationCode === null ? null : (names.get(e.organisationCode) ?? e.organisationCode),
    })),
  };
}

/** Every check some per-organisation target requires (the only results the report reads). */
export function requiredChecks(strategy: Strategy): string[] {
  return [...new Set(strategy.targets.flatMap((t) => (t.indicator.kind === 'checks' ? t.indicator.checks : [])))];
}

/** How long a computed report is kept: its inputs are frozen or dated before the snapshot, so it rarely changes. */
const REPORT_TTL_MS = 60 * 60 * 1000;

/**
 * Snapshots and their reports for the pages. A report of the whole federation takes seconds to compute (every
 * organisation on every target from hundreds of thousands of results), so the last few are kept in memory per
 * snapshot and strategy version for {@link REPORT_TTL_MS}.
 */
export class ReportService {
  private readonly cache = new LRUCache<string, HalfYearReport>({ max: 4, ttl: REPORT_TTL_MS });

  constructor(private readonly db: Kysely<Database>) {}

  /** Every snapshot, newest first. */
  list(): Promise<Snapshot[]> {
    return listSnapshots(this.db);
  }

  /**
   * The report of the snapshot with this name under `strategy`. Throws InputError for a malformed name and
   * NotFoundError for an unknown one.
   */
  async report(name: string, strategy: Strategy): Promise<HalfYearReport> {
    parseSnapshotName(name);
    const snapshot = await findSnapshot(this.db, name);
    if (!snapshot) throw new NotFoundError(`There is no snapshot named "${name}".`);
    const key = `${String(snapshot.id)}\u0000${strategy.id}\u0000${strategy.version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const day = isoDay(snapshot.takenAt);
    const [organisations, owned, results, explanations, commitments, providers, history] = await Promise.all([
      organisationsOn(this.db, day),
      domainsOwnedAt(this.db, snapshot.takenAt),
      snapshotStatuses(this.db, snapshot.id, requiredChecks(strategy)),
      explanationsApprovedAt(this.db, snapshot.takenAt),
      commitmentsAt(this.db, snapshot.takenAt),
      providersAt(this.db, snapshot.takenAt),
      historyBefore(this.db, weekStart(day)),
    ]);
    const report = computeReport({ strategy, snapshot, organisations, owned, results, explanations, commitments, providers, history });
    this.cache.set(key, report);
    return report;
  }
}
