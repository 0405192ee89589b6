import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../domain/errors.js';
import { listAuditEntries, MAX_AUDIT_PAGE } from '../../store/audit-read.js';
import { findOrganisation } from '../../store/organisations.js';
import { PUBLIC_VISIBILITY, showEntry, WITHHELD, type ShownEntry } from '../components/audit/visibility.js';
import type { WebDeps } from '../deps.js';
import { problemResponses } from './schemas.js';

/**
 * An organisation's changes from the audit trail, as the public sees them on its changes page: what
 * changed, when, before and after, through which channel, and whether a person or Thorbecke itself made
 * the change — never names, never IP addresses (the same for every caller, token or not).
 */

const AuditChange = z
  .object({
    id: z.int().openapi({ description: "The entry's number in the audit log; pass it as `before` for older entries." }),
    at: z.iso.datetime(),
    action: z.string().openapi({ description: 'The kind of change.', example: 'commitment.set' }),
    organisationCode: z.string().nullable().openapi({ example: 'gm0363' }),
    subject: z.string().openapi({ description: 'What changed.', example: 'commitment gm0363/forum-web-2018-https-hsts' }),
    actor: z
      .object({
        kind: z.enum(['person', 'thorbecke']).openapi({ description: '`thorbecke`: a change Thorbecke made itself (an expiry, a lapse); `person`: everything else.' }),
        via: z.enum(['web', 'api', 'cli', 'system']),
      })
      .openapi({ description: 'Who made the change, without a name.' }),
    before: z.unknown().openapi({ description: `The value before (JSON; null when it did not exist). Personal details are replaced by "${WITHHELD}".` }),
    after: z.unknown().openapi({ description: `The value after (JSON; null when it no longer exists). Personal details are replaced by "${WITHHELD}".` }),
  })
  .openapi('AuditChange');

const AuditChangePage = z
  .object({
    items: z.array(AuditChange),
    nextBefore: z.int().nullable().openapi({ description: 'The `before` of the next (older) page; null on the last page.' }),
  })
  .openapi('AuditChangePage');

const changesRoute = createRoute({
  method: 'get',
  path: '/organisations/{code}/changes',
  tags: ['federation'],
  summary: "An organisation's changes (audit trail, public view)",
  description:
    "Every recorded change of the organisation's data, newest first: planned dates, explanations, roles, tokens, scan requests. Without names or IP addresses; the organisation's own staff and coordinators see those on the website.",
  request: {
    params: z.object({ code: z.string().max(20).openapi({ param: { name: 'code', in: 'path' }, example: 'gm0363' }) }),
    query: z.object({
      before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().openapi({ description: 'Only entries with a smaller number: the `nextBefore` of the previous page.' }),
      limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
    }),
  },
  responses: {
    200: { description: 'A page of changes, newest first.', content: { 'application/json': { schema: AuditChangePage } } },
    ...problemResponses,
  },
});

/** The routes, for the OpenAPI document. */
export const changeRoutes = [changesRoute];

const present = (e: ShownEntry): z.infer<typeof AuditChange> => ({
  id: e.id,
  at: e.at.toISOString(),
  action: e.action,
  organisationCode: e.organisationCode,
  subject: e.subject,
  actor: { kind: e.actorKind, via: e.via },
  before: e.before ?? null,
  after: e.after ?? null,
});

export function registerChangeRoutes(api: OpenAPIHono, deps: WebDeps): void {
  api.openapi(changesRoute, async (c) => {
    const code = c.req.valid('param').code.toLowerCase();
    const { before, limit } = c.req.valid('query');
    const organisation = await findOrganisation(deps.db, code);
    if (organisation === undefined) throw new NotFoundError(`There is no organisation with code ${code}.`);
    const page = await listAuditEntries(deps.db, { organisationCode: organisation.code, beforeId: before, limit });
    return c.json({ items: page.entries.map((e) => present(showEntry(e, PUBLIC_VISIBILITY))), nextBefore: page.nextBefore ?? null }, 200);
  });
}
