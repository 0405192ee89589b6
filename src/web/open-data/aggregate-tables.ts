import { z } from 'zod';
import { AGGREGATE_SCOPES } from '../../domain/progress.js';
import { aggregateHistory, aggregates, progressUpdatedAt, type AggregateRow } from '../../store/progress-read.js';
import { oneOf, type Column } from './columns.js';
import { optionalDate, optionalTargetId, parseQuery } from './input.js';
import { knownTarget } from './lookup.js';
import { checkedScope } from './scope.js';
import { defineTable, fileNameOf } from './table.js';

/** Pre-aggregated progress per nation, layer and province: now, and per week. */

/** The counts of an aggregate, after its scope and target (and period, in the history). */
const COUNT_COLUMNS: readonly Column<AggregateRow>[] = [
  { name: 'organisations', datatype: 'integer', required: true, value: (r) => r.counts.organisations },
  { name: 'met', datatype: 'integer', required: true, value: (r) => r.counts.met },
  { name: 'explained', datatype: 'integer', required: true, value: (r) => r.counts.explained },
  { name: 'onTrack', datatype: 'integer', required: true, value: (r) => r.counts.on_track },
  { name: 'atRisk', datatype: 'integer', required: true, value: (r) => r.counts.at_risk },
  { name: 'overdue', datatype: 'integer', required: true, value: (r) => r.counts.overdue },
  { name: 'unknown', datatype: 'integer', required: true, value: (r) => r.counts.unknown },
  { name: 'domainsTotal', datatype: 'integer', required: true, value: (r) => r.counts.domains_total },
  { name: 'domainsMet', datatype: 'integer', required: true, value: (r) => r.counts.domains_met },
  { name: 'domainsUnknown', datatype: 'integer', required: true, value: (r) => r.counts.domains_unknown },
];

const SCOPE_COLUMNS: readonly Column<AggregateRow>[] = [
  { name: 'scopeKind', datatype: oneOf(AGGREGATE_SCOPES), required: true, value: (r) => r.scopeKind },
  { name: 'scopeId', datatype: 'string', required: true, value: (r) => r.scopeId },
  { name: 'targetId', datatype: 'string', required: true, value: (r) => r.targetId },
];

export const AGGREGATE_COLUMNS: readonly Column<AggregateRow>[] = [...SCOPE_COLUMNS, ...COUNT_COLUMNS];

export const AGGREGATE_HISTORY_COLUMNS: readonly Column<AggregateRow>[] = [
  ...SCOPE_COLUMNS,
  { name: 'period', datatype: 'date', required: true, value: (r) => r.period ?? null },
  ...COUNT_COLUMNS,
];

const noQuery = z.object({});

export const aggregatesTable = defineTable({
  path: '/aggregates',
  columns: AGGREGATE_COLUMNS,
  primaryKey: ['scopeKind', 'scopeId', 'targetId'],
  title: (t) => t.tables.aggregates.title,
  description: (t) => t.tables.aggregates.description,
  fileName: () => fileNameOf('aggregates'),
  input: (_deps, request) => Promise.resolve(parseQuery(noQuery, request.query)),
  read: (deps) => aggregates(deps.db),
  modified: (deps) => progressUpdatedAt(deps.db),
});

const historyQuery = z.object({
  scope: z.enum(AGGREGATE_SCOPES).default('nation'),
  id: z.string().min(1).max(60).optional(),
  target: optionalTargetId,
  since: optionalDate,
});

interface HistoryParams {
  scopeKind: (typeof AGGREGATE_SCOPES)[number];
  scopeId: string;
  targetId: string | undefined;
  since: string | undefined;
}

export const historyTable = defineTable({
  path: '/history',
  columns: AGGREGATE_HISTORY_COLUMNS,
  primaryKey: ['scopeKind', 'scopeId', 'targetId', 'period'],
  title: (t, p: HistoryParams) => t.tables.history.title(p.scopeKind, p.scopeId),
  description: (t) => t.tables.history.description,
  fileName: (p) => fileNameOf('history', p.scopeKind, p.scopeId, ...(p.targetId === undefined ? [] : [p.targetId])),
  input: async (deps, request): Promise<HistoryParams> => {
    const query = parseQuery(historyQuery, request.query);
    const scope = await checkedScope(deps, query.scope, query.id);
    const targetId = query.target === undefined ? undefined : (await knownTarget(deps, query.target)).id;
    return { scopeKind: scope.kind, scopeId: scope.id, targetId, since: query.since };
  },
  read: (deps, p) =>
    aggregateHistory(deps.db, {
      scopeKind: p.scopeKind,
      scopeId: p.scopeId,
      ...(p.targetId === undefined ? {} : { targetId: p.targetId }),
      ...(p.since === undefined ? {} : { since: p.since }),
    }),
  modified: (deps) => progressUpdatedAt(deps.db),
});
