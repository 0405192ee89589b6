import { z } from 'zod';
import { EXPLANATION_SCOPES, EXPLANATION_STATES, SUPPLIER_ROLES } from '../../domain/progress.js';
import { explanationsUpdatedAt, publicExplanations, type PublicExplanationRow } from '../../store/open-data-read.js';
import { isoDateTime, oneOf, type Column } from './columns.js';
import { parseQuery } from './input.js';
import { defineTable, fileNameOf } from './table.js';

/**
 * Every explanation (comply or explain), in every state: explanations are public (the finding stays
 * visible, marked as explained, with the reason). Only public fields: not what was measured when it
 * was approved, who decided or the decision note.
 */
export const EXPLANATION_COLUMNS: readonly Column<PublicExplanationRow>[] = [
  { name: 'id', datatype: 'integer', required: true, value: (r) => r.id },
  { name: 'scope', datatype: oneOf(EXPLANATION_SCOPES), required: true, value: (r) => r.scope },
  { name: 'targetId', datatype: 'string', required: true, value: (r) => r.targetId },
  { name: 'organisationCode', datatype: 'string', required: false, value: (r) => r.organisationCode },
  { name: 'domain', datatype: 'string', required: false, value: (r) => r.domain },
  { name: 'checkId', datatype: 'string', required: false, value: (r) => r.checkId },
  { name: 'supplier', datatype: 'string', required: false, value: (r) => r.supplier },
  { name: 'supplierRole', datatype: oneOf(SUPPLIER_ROLES), required: false, value: (r) => r.supplierRole },
  { name: 'reason', datatype: 'string', required: true, value: (r) => r.reason },
  { name: 'state', datatype: oneOf(EXPLANATION_STATES), required: true, value: (r) => r.state },
  { name: 'expiresOn', datatype: 'date', required: true, value: (r) => r.expiresOn },
  { name: 'author', datatype: 'string', required: true, value: (r) => r.author },
  { name: 'decidedAt', datatype: 'dateTime', required: false, value: (r) => isoDateTime(r.decidedAt) },
];

export const explanationsTable = defineTable({
  path: '/explanations',
  columns: EXPLANATION_COLUMNS,
  primaryKey: ['id'],
  title: (t) => t.tables.explanations.title,
  description: (t) => t.tables.explanations.description,
  fileName: () => fileNameOf('explanations'),
  input: (_deps, request) => Promise.resolve(parseQuery(z.object({}), request.query)),
  read: (deps) => publicExplanations(deps.db),
  modified: (deps) => explanationsUpdatedAt(deps.db),
});
