import type { z } from '@hono/zod-openapi';
import type { AggregateRow, HistoryRow, OrganisationProgressRow, ProgressDomainRow, ProgressRow } from '../../store/progress-read.js';
import type { Aggregate, AggregateCounts, AggregateHistoryPoint, DomainOutcome, OrganisationHistoryPoint, Progress, TargetProgressItem } from './schemas-progress.js';

/** Maps progress rows of the store to the API's representations (the contract in schemas-progress.ts). */

function presentCounts(counts: AggregateRow['counts']): z.infer<typeof AggregateCounts> {
  return {
    organisations: counts.organisations,
    met: counts.met,
    explained: counts.explained,
    onTrack: counts.on_track,
    atRisk: counts.at_risk,
    overdue: counts.overdue,
    unknown: counts.unknown,
    domainsTotal: counts.domains_total,
    domainsMet: counts.domains_met,
    domainsUnknown: counts.domains_unknown,
  };
}

export function presentAggregate(row: AggregateRow): z.infer<typeof Aggregate> {
  return { scopeKind: row.scopeKind, scopeId: row.scopeId, targetId: row.targetId, counts: presentCounts(row.counts) };
}

export function presentAggregatePoint(row: AggregateRow): z.infer<typeof AggregateHistoryPoint> {
  return { ...presentAggregate(row), period: row.period ?? '' };
}

export function presentProgress(row: ProgressRow): z.infer<typeof Progress> {
  return {
    organisationCode: row.organisationCode,
    targetId: row.targetId,
    status: row.status,
    value: row.value,
    domains: {
      total: row.domainsTotal,
      met: row.domainsMet,
      failing: row.domainsFailing,
      unknown: row.domainsUnknown,
      explained: row.domainsExplained,
    },
    deadline: row.deadline,
    plannedDate: row.plannedDate,
    effectiveDate: row.effectiveDate,
    forecastDate: row.forecastDate,
    reason: row.reason,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export function presentTargetProgressItem(row: OrganisationProgressRow): z.infer<typeof TargetProgressItem> {
  return {
    ...presentProgress(row),
    organisationName: row.name,
    layer: row.layer as z.infer<typeof TargetProgressItem>['layer'],
    provinceCode: row.provinceCode,
  };
}

export function presentDomainOutcome(row: ProgressDomainRow): z.infer<typeof DomainOutcome> {
  return { domain: row.domain, outcome: row.outcome, explanationId: row.explanationId };
}

export function presentHistoryPoint(row: HistoryRow): z.infer<typeof OrganisationHistoryPoint> {
  return { period: row.period, targetId: row.targetId, status: row.status, value: row.value, domainsTotal: row.domainsTotal, domainsMet: row.domainsMet };
}
