import type { Context } from 'hono';
import { can, type Principal } from '../../domain/access.js';
import { AuthenticationError, NotAllowedError } from '../../domain/errors.js';
import { listAuditEntries } from '../../store/audit-read.js';
import { verifyAudit, type AuditVerification } from '../../store/audit-verify.js';
import { organisationNames } from '../../store/organisations.js';
import { principalOf } from '../auth/context.js';
import { Alert } from '../components/alert.js';
import { AuditPaging } from '../components/audit/audit-paging.js';
import { actionLabel, AuditTable } from '../components/audit/audit-table.js';
import { AUDIT_PAGE_SIZE, parseAuditSearch, parseHead, type AuditSearch } from '../components/audit/query.js';
import { showEntry, visibilityFor } from '../components/audit/visibility.js';
import { FieldFrame } from '../components/form-field.js';
import { frameOf } from '../components/frame.js';
import { withQuery } from '../components/links.js';
import { Section } from '../components/section.js';
import { Table } from '../components/table.js';
import type { WebDeps } from '../deps.js';
import type { Locale } from '../i18n/index.js';
import { errorPage } from './error.js';
import { render } from './render.js';

/**
 * The whole audit trail for coordinators and administrators: GET /audit (every entry, filtered by
 * organisation, kind of change and acting account, paged by entry number) and GET /audit/verify (the
 * hash chain checked, optionally against a head noted earlier). The public is sent to log in; anyone else
 * gets 403.
 */

export const AUDIT_HREF = '/audit';
export const AUDIT_VERIFY_HREF = '/audit/verify';

function auditReader(c: Context): Principal {
  const principal = principalOf(c);
  if (principal.kind === 'public') throw new AuthenticationError('Log in to read the audit trail.');
  if (!can(principal, 'audit.read-all')) throw new NotAllowedError('Only coordinators and administrators read the whole audit trail.');
  return principal;
}

function FilterForm({ search, locale }: { search: AuditSearch; locale: Locale }) {
  const x = locale.t.audit.log;
  const known = Object.keys(locale.t.audit.actions);
  const actions = search.action === undefined || known.includes(search.action) ? known : [search.action, ...known];
  return (
    <form class="utrecht-form" method="get" action={AUDIT_HREF} role="search" aria-labelledby="audit-filter-heading">
      <h2 class="utrecht-heading-2" id="audit-filter-heading">
        {x.filterHeading}
      </h2>
      <div class="thorbecke-search">
        <FieldFrame id="organisation" label={x.organisation} kind="text">
          <input
            class="utrecht-textbox utrecht-textbox--html-input"
            type="text"
            id="organisation"
            name="organisation"
            value={search.organisation ?? ''}
            maxlength={20}
            placeholder={x.organisationHint}
            autocomplete="off"
          />
        </FieldFrame>
        <FieldFrame id="action" label={x.action} kind="select">
          <select class="utrecht-select utrecht-select--html-select" id="action" name="action">
            <option value="">{x.allActions}</option>
            {actions.map((action) => (
              <option value={action} selected={action === search.action}>
                {actionLabel(locale.t, action)}
              </option>
            ))}
          </select>
        </FieldFrame>
        <FieldFrame id="actor" label={x.actor} kind="text">
          <input
            class="utrecht-textbox utrecht-textbox--html-input"
            type="text"
            inputmode="numeric"
            id="actor"
            name="actor"
            value={search.actor === undefined ? '' : String(search.actor)}
            maxlength={12}
            placeholder={x.actorHint}
            autocomplete="off"
          />
        </FieldFrame>
        <div>
          <button class="utrecht-button utrecht-button--primary-action" type="submit">
            {x.submit}
          </button>
        </div>
      </div>
    </form>
  );
}

/** GET /audit */
export function auditRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const principal = auditReader(c);
    const frame = frameOf(c);
    const { locale } = frame;
    const x = locale.t.audit.log;
    const parsed = parseAuditSearch(c.req.query(), locale.t, true);
    if (!parsed.ok) return errorPage(c, 400, { issues: parsed.issues });
    const search = parsed.value;
    const page = await listAuditEntries(deps.db, {
      organisationCode: search.organisation,
      action: search.action,
      actorAccountId: search.actor,
      beforeId: search.before,
      limit: AUDIT_PAGE_SIZE,
    });
    const visibility = visibilityFor(principal);
    const entries = page.entries.map((e) => showEntry(e, visibility));
    const names = await organisationNames(deps.db, [...new Set(page.entries.flatMap((e) => (e.organisationCode === null ? [] : [e.organisationCode])))]);
    const href = (before: number | undefined): string =>
      withQuery(AUDIT_HREF, { organisation: search.organisation, action: search.action, actor: search.actor, before });
    const body = (
      <>
        <h1 class="utrecht-heading-1">{x.heading}</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">{x.intro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={AUDIT_VERIFY_HREF}>
            {x.verifyLink}
          </a>
        </p>
        <FilterForm search={search} locale={locale} />
        <Section id="audit-results" title={x.resultsHeading}>
          {entries.length === 0 ? (
            <p class="utrecht-paragraph">{x.none}</p>
          ) : (
            <AuditTable id="audit-table" caption={x.caption} entries={entries} visibility={visibility} locale={locale} full={{ names }} />
          )}
          <AuditPaging locale={locale} href={href} current={search.before} nextBefore={page.nextBefore} />
        </Section>
      </>
    );
    return render(c, frame, { title: x.title, body });
  };
}

function VerifyResult({ result, head, locale }: { result: AuditVerification; head: string | undefined; locale: Locale }) {
  const v = locale.t.audit.verify;
  const { format } = locale;
  if (result.problemCount === 0) {
    return (
      <Alert type="ok">
        <p class="utrecht-paragraph">{v.intact(format.number(result.entries))}</p>
        <p class="utrecht-paragraph">
          {v.headIs} <code id="audit-head">{result.head}</code>
        </p>
        {head === undefined ? null : <p class="utrecht-paragraph">{v.headFound}</p>}
      </Alert>
    );
  }
  // The store's explanations are in English; a Dutch page marks them as such.
  const english = locale.lang === 'en' ? undefined : 'en';
  return (
    <Alert type="error">
      <p class="utrecht-paragraph">
        <strong>{v.broken(format.number(result.entries), format.number(result.problemCount))}</strong>
      </p>
      <Table
        id="audit-problems"
        caption={v.problemsCaption}
        head={[v.entry, v.kind, v.message]}
        rows={result.problems.map((p) => [locale.t.audit.entryNumber(String(p.id)), v.kinds[p.kind], <span lang={english}>{p.message}</span>])}
      />
      {result.problemCount > result.problems.length ? <p class="utrecht-paragraph">{v.more(format.number(result.problemCount - result.problems.length))}</p> : null}
      <p class="utrecht-paragraph">
        {v.headIs} <code id="audit-head">{result.head}</code>
      </p>
    </Alert>
  );
}

/** GET /audit/verify */
export function auditVerifyRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    auditReader(c);
    const frame = frameOf(c);
    const { locale } = frame;
    const v = locale.t.audit.verify;
    const parsed = parseHead(c.req.query('head'), locale.t);
    if (!parsed.ok) return errorPage(c, 400, { issues: parsed.issues });
    const head = parsed.value;
    const result = await verifyAudit(deps.db, { expectHead: head });
    const body = (
      <>
        <h1 class="utrecht-heading-1">{v.heading}</h1>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={AUDIT_HREF}>
            {v.back}
          </a>
        </p>
        <p class="utrecht-paragraph utrecht-paragraph--lead">{v.intro}</p>
        <p class="utrecht-paragraph">{v.limitation}</p>
        <Section id="verify-result" title={v.resultHeading}>
          <VerifyResult result={result} head={head} locale={locale} />
        </Section>
        <form class="utrecht-form" method="get" action={AUDIT_VERIFY_HREF} aria-labelledby="verify-form-heading">
          <h2 class="utrecht-heading-2" id="verify-form-heading">
            {v.formHeading}
          </h2>
          <FieldFrame id="head" label={v.head} kind="text">
            <input
              class="utrecht-textbox utrecht-textbox--html-input"
              type="text"
              id="head"
              name="head"
              value={head ?? ''}
              maxlength={64}
              placeholder={v.headHint}
              autocomplete="off"
              spellcheck={false}
            />
          </FieldFrame>
          <button class="utrecht-button utrecht-button--secondary-action" type="submit">
            {v.submit}
          </button>
        </form>
      </>
    );
    return render(c, frame, { title: v.title, body });
  };
}
