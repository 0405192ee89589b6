import type { Context } from 'hono';
import { listAuditEntries } from '../../store/audit-read.js';
import { findOrganisation } from '../../store/organisations.js';
import { principalOf } from '../auth/context.js';
import { AuditPaging } from '../components/audit/audit-paging.js';
import { AuditTable } from '../components/audit/audit-table.js';
import { AUDIT_PAGE_SIZE, parseAuditSearch } from '../components/audit/query.js';
import { showEntry, visibilityFor } from '../components/audit/visibility.js';
import { frameOf } from '../components/frame.js';
import { organisationHref, withQuery } from '../components/links.js';
import type { WebDeps } from '../deps.js';
import { errorPage } from './error.js';
import { render } from './render.js';

/** The address of an organisation's changes: `/organisations/gm0363/changes`. */
export const changesHref = (code: string): string => `${organisationHref(code)}/changes`;

/**
 * GET /organisations/:code/changes: the organisation's part of the audit trail, newest first, paged by
 * entry number (`?before=`). Everyone may read it; who made a change is shown by name only to the
 * organisation's members, coordinators and administrators, IP addresses only to administrators
 * (src/web/components/audit/visibility.ts). The public view is the same for everyone, so the page cache
 * may keep it.
 */
export function changesRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { locale } = frame;
    const a = locale.t.audit;
    const code = (c.req.param('code') ?? '').toLowerCase();
    const organisation = await findOrganisation(deps.db, code);
    if (organisation === undefined) return errorPage(c, 404, { detail: locale.t.errors.organisationNotFound(code) });
    const parsed = parseAuditSearch(c.req.query(), locale.t, false);
    if (!parsed.ok) return errorPage(c, 400, { issues: parsed.issues });
    const { before } = parsed.value;
    const page = await listAuditEntries(deps.db, { organisationCode: organisation.code, beforeId: before, limit: AUDIT_PAGE_SIZE });
    const visibility = visibilityFor(principalOf(c), organisation.code);
    const entries = page.entries.map((e) => showEntry(e, visibility));
    const href = (next: number | undefined): string => withQuery(changesHref(organisation.code), { before: next });
    const body = (
      <>
        <h1 class="utrecht-heading-1">{a.changes.heading(organisation.name)}</h1>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={organisationHref(organisation.code)}>
            {a.changes.back(organisation.name)}
          </a>
        </p>
        <p class="utrecht-paragraph utrecht-paragraph--lead">{a.changes.intro}</p>
        <p class="utrecht-paragraph">{visibility.names ? a.changes.namedView : a.changes.publicView}</p>
        {entries.length === 0 ? (
          <p class="utrecht-paragraph">{before === undefined ? a.changes.none : a.changes.noneOlder}</p>
        ) : (
          <AuditTable id="changes-table" caption={a.changes.caption(organisation.name)} entries={entries} visibility={visibility} locale={locale} />
        )}
        <AuditPaging locale={locale} href={href} current={before} nextBefore={page.nextBefore} />
      </>
    );
    return render(c, frame, { title: a.changes.title(organisation.name), nav: 'organisations', body });
  };
}
