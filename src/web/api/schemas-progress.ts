import { z } from '@hono/zod-openapi';
import { AGGREGATE_SCOPES, DOMAIN_OUTCOMES, PROGRESS_STATUSES } from '../../domain/progress.js';
import { Layer } from './schemas.js';

/**
 * The contract of the progress routes (src/web/api/progress.ts): where organisations stand on the
 * targets, the pre-aggregated figures per nation, layer and province, and their weekly history.
 */

const isoDate = z.iso.date();
const dateTime = z.iso.datetime();

export const ProgressStatus = z.enum(PROGRESS_STATUSES).openapi('ProgressStatus', {
  description:
    'Where an organisation stands on a target, best first: `met`; `explained` (comply or explain); `on-track` and `at-risk` before the effective date; `overdue` after it; `unknown` when it could not be measured (never counted as met).',
});

export const AggregateScope = z.enum(AGGREGATE_SCOPES).openapi('AggregateScope', {
  description: 'The area of a figure: the nation (id `nl`), a layer of government (id: the layer) or a province (id: its TOOI code).',
});

export const AggregateCounts = z
  .object({
    organisations: z.int().openapi({ description: 'Organisations in the area the target applies to.' }),
    met: z.int(),
    explained: z.int(),
    onTrack: z.int(),
    atRisk: z.int(),
    overdue: z.int(),
    unknown: z.int(),
    domainsTotal: z.int(),
    domainsMet: z.int(),
    domainsUnknown: z.int(),
  })
  .openapi('AggregateCounts', { description: 'Organisations per status, and domains, in one area for one target.' });

export const Aggregate = z
  .object({
    scopeKind: AggregateScope,
    scopeId: z.string().openapi({ example: 'gemeente' }),
    targetId: z.string().openapi({ example: 'forum-web-2018-https-hsts' }),
    counts: AggregateCounts,
  })
  .openapi('Aggregate');

export const AggregateList = z
  .object({
    items: z.array(Aggregate),
    updatedAt: dateTime.nullable().openapi({ description: 'When the figures were last recomputed; null before the first time.' }),
  })
  .openapi('AggregateList');

export const AggregateHistoryPoint = Aggregate.extend({
  period: isoDate.openapi({ description: 'The Monday that starts the week.' }),
}).openapi('AggregateHistoryPoint');

export const AggregateHistory = z.object({ items: z.array(AggregateHistoryPoint) }).openapi('AggregateHistory');

export const DomainCounts = z
  .object({ total: z.int(), met: z.int(), failing: z.int(), unknown: z.int(), explained: z.int() })
  .openapi('DomainCounts', { description: "The organisation's domains in the target's scope, by outcome." });

export const Progress = z
  .object({
    organisationCode: z.string().openapi({ example: 'gm0363' }),
    targetId: z.string().openapi({ example: 'forum-web-2018-https-hsts' }),
    status: ProgressStatus,
    value: z.number().min(0).max(100).nullable().openapi({ description: 'The indicator in percent; null when nothing could be counted.' }),
    domains: DomainCounts,
    deadline: isoDate.nullable().openapi({ description: "The target's agreed deadline." }),
    plannedDate: isoDate.nullable().openapi({ description: "The organisation's own planned date, if it recorded one." }),
    effectiveDate: isoDate.nullable().openapi({ description: 'The date the status is judged against: the earlier of deadline and planned date (or the planned date where explanation allows a later one).' }),
    forecastDate: isoDate.nullable().openapi({ description: 'When the target will be met at the current pace, where that can be forecast.' }),
    reason: z.string().openapi({ description: 'Why the status is what it is, in words.' }),
    updatedAt: dateTime,
  })
  .openapi('Progress');

export const TargetProgressItem = Progress.extend({
  organisationName: z.string().openapi({ example: 'Gemeente Amsterdam' }),
  layer: Layer,
  provinceCode: z.string().nullable().openapi({ example: 'pv27' }),
}).openapi('TargetProgressItem');

export const TargetProgressPage = z
  .object({
    targetId: z.string(),
    items: z.array(TargetProgressItem),
    page: z.int(),
    pageSize: z.int(),
    total: z.int(),
    totalPages: z.int(),
  })
  .openapi('TargetProgressPage');

export const DomainOutcome = z
  .object({
    domain: z.string().openapi({ example: 'amsterdam.nl' }),
    outcome: z.enum(DOMAIN_OUTCOMES),
    explanationId: z.int().nullable().openapi({ description: 'The approved explanation that covers a failure, if any.' }),
  })
  .openapi('DomainOutcome');

export const OrganisationProgress = z
  .object({
    organisationCode: z.string().openapi({ example: 'gm0363' }),
    items: z.array(Progress.extend({ domainOutcomes: z.array(DomainOutcome) })),
  })
  .openapi('OrganisationProgress');

export const OrganisationHistoryPoint = z
  .object({
    period: isoDate.openapi({ description: 'The Monday that starts the week.' }),
    targetId: z.string(),
    status: ProgressStatus,
    value: z.number().min(0).max(100).nullable(),
    domainsTotal: z.int(),
    domainsMet: z.int(),
  })
  .openapi('OrganisationHistoryPoint');

export const OrganisationHistory = z
  .object({ organisationCode: z.string(), items: z.array(OrganisationHistoryPoint) })
  .openapi('OrganisationHistory');

/** Query parameters shared by the progress routes. */
export const targetParam = z.string().min(1).max(200).optional().openapi({ description: 'A target id: only that target.', example: 'forum-web-2018-https-hsts' });
export const sinceParam = isoDate.optional().openapi({ description: 'Only weeks from this date on.', example: '2025-01-06' });
export const scopeIdParam = z
  .string()
  .min(1)
  .max(60)
  .optional()
  .openapi({ description: 'The area within the scope: `nl` for the nation, a layer, or a province code.', example: 'gemeente' });
