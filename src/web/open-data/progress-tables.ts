import { z } from 'zod';
import { LAYERS } from '../../domain/layer.js';
import { PROGRESS_STATUSES } from '../../domain/progress.js';
import { organisationHistory, progressUpdatedAt, type HistoryRow, type OrganisationProgressRow } from '../../store/progress-read.js';
import { progressWithOrganisations } from '../../store/open-data-read.js';
import { isoDateTime, oneOf, type Column } from './columns.js';
import { optionalTargetId, parseQuery } from './input.js';
import { knownOrganisation, knownTarget } from './lookup.js';
import { defineTable, fileNameOf } from './table.js';

/** Progress per organisation and target: the whole federation, one target, or one organisation. */

const percentage = { base: 'number', minimum: 0, maximum: 100 } as const;

/** The columns of every progress download (the whole federation, one target, one organisation). */
export const PROGRESS_COLUMNS: readonly Column<OrganisationProgressRow>[] = [
  { name: 'organisationCode', datatype: 'string', required: true, value: (r) => r.organisationCode },
  { name: 'organisationName', datatype: 'string', required: true, value: (r) => r.name },
  { name: 'layer', datatype: oneOf(LAYERS), required: true, value: (r) => r.layer },
  { name: 'provinceCode', datatype: 'string', required: false, value: (r) => r.provinceCode },
  { name: 'targetId', datatype: 'string', required: true, value: (r) => r.targetId },
  { name: 'status', datatype: oneOf(PROGRESS_STATUSES), required: true, value: (r) => r.status },
  { name: 'value', datatype: percentage, required: false, value: (r) => r.value },
  { name: 'domainsTotal', datatype: 'integer', required: true, value: (r) => r.domainsTotal },
  { name: 'domainsMet', datatype: 'integer', required: true, value: (r) => r.domainsMet },
  { name: 'domainsFailing', datatype: 'integer', required: true, value: (r) => r.domainsFailing },
  { name: 'domainsUnknown', datatype: 'integer', required: true, value: (r) => r.domainsUnknown },
  { name: 'domainsExplained', datatype: 'integer', required: true, value: (r) => r.domainsExplained },
  { name: 'deadline', datatype: 'date', required: false, value: (r) => r.deadline },
  { name: 'plannedDate', datatype: 'date', required: false, value: (r) => r.plannedDate },
  { name: 'effectiveDate', datatype: 'date', required: false, value: (r) => r.effectiveDate },
  { name: 'forecastDate', datatype: 'date', required: false, value: (r) => r.forecastDate },
  { name: 'reason', datatype: 'string', required: true, value: (r) => r.reason },
  { name: 'updatedAt', datatype: 'dateTime', required: true, value: (r) => isoDateTime(r.updatedAt) },
];

const progressKey = ['organisationCode', 'targetId'] as const;
const noQuery = z.object({});

export const progressTable = defineTable({
  path: '/progress',
  columns: PROGRESS_COLUMNS,
  primaryKey: progressKey,
  title: (t) => t.tables.progress.title,
  description: (t) => t.tables.progress.description,
  fileName: () => fileNameOf('progress'),
  input: (_deps, request) => Promise.resolve(parseQuery(noQuery, request.query)),
  read: (deps) => progressWithOrganisations(deps.db),
  modified: (deps) => progressUpdatedAt(deps.db),
});

export const targetProgressTable = defineTable({
  path: '/targets/:id/progress',
  columns: PROGRESS_COLUMNS,
  primaryKey: progressKey,
  title: (t, p: { targetId: string }) => t.tables.targetProgress.title(p.targetId),
  description: (t) => t.tables.targetProgress.description,
  fileName: (p) => fileNameOf('target', p.targetId, 'progress'),
  input: async (deps, request) => {
    const target = await knownTarget(deps, request.param('id') ?? '');
    return { targetId: target.id };
  },
  read: (deps, p) => progressWithOrganisations(deps.db, { targetId: p.targetId }),
  modified: (deps) => progressUpdatedAt(deps.db),
});

export const organisationProgressTable = defineTable({
  path: '/organisations/:code/progress',
  columns: PROGRESS_COLUMNS,
  primaryKey: progressKey,
  title: (t, p: { code: string }) => t.tables.organisationProgress.title(p.code),
  description: (t) => t.tables.organisationProgress.description,
  fileName: (p) => fileNameOf('organisation', p.code, 'progress'),
  input: async (deps, request) => ({ code: (await knownOrganisation(deps, request.param('code') ?? '')).code }),
  read: (deps, p) => progressWithOrganisations(deps.db, { organisationCode: p.code }),
  modified: (deps) => progressUpdatedAt(deps.db),
});

/** The columns of an organisation's weekly history. */
export const ORGANISATION_HISTORY_COLUMNS: readonly Column<HistoryRow>[] = [
  { name: 'organisationCode', datatype: 'string', required: true, value: (r) => r.organisationCode },
  { name: 'targetId', datatype: 'string', required: true, value: (r) => r.targetId },
  { name: 'period', datatype: 'date', required: true, value: (r) => r.period },
  { name: 'status', datatype: oneOf(PROGRESS_STATUSES), required: true, value: (r) => r.status },
  { name: 'value', datatype: percentage, required: false, value: (r) => r.value },
  { name: 'domainsTotal', datatype: 'integer', required: true, value: (r) => r.domainsTotal },
  { name: 'domainsMet', datatype: 'integer', required: true, value: (r) => r.domainsMet },
];

const historyQuery = z.object({ target: optionalTargetId });

export const organisationHistoryTable = defineTable({
  path: '/organisations/:code/history',
  columns: ORGANISATION_HISTORY_COLUMNS,
  primaryKey: ['organisationCode', 'targetId', 'period'],
  title: (t, p: { code: string; targetId: string | undefined }) => t.tables.organisationHistory.title(p.code),
  description: (t) => t.tables.organisationHistory.description,
  fileName: (p) => fileNameOf('organisation', p.code, 'history', ...(p.targetId === undefined ? [] : [p.targetId])),
  input: async (deps, request) => {
    const query = parseQuery(historyQuery, request.query);
    const org = await knownOrganisation(deps, request.param('code') ?? '');
    const targetId = query.target === undefined ? undefined : (await knownTarget(deps, query.target)).id;
    return { code: org.code, targetId };
  },
  read: (deps, p) => organisationHistory(deps.db, p.code, p.targetId),
  modified: (deps) => progressUpdatedAt(deps.db),
});
