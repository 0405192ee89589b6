import type { Context } from 'hono';
import { EXPLANATION_STATES, type ExplanationState } from '../../domain/progress.js';
import { AccountabilityService } from '../../services/accountability.js';
import type { Explanation } from '../../store/explanations.js';
import { organisationNames } from '../../store/organisations.js';
import type { Target } from '../../strategy/schema.js';
import type { WebDeps } from '../deps.js';
import { DownloadLinks } from '../components/download-links.js';
import { coversText, ExplanationStateText } from '../components/explanations/covers.js';
import { frameOf } from '../components/frame.js';
import { targetHref, withQuery } from '../components/links.js';
import { OrgLink } from '../components/organisation-facts.js';
import { Pagination } from '../components/pagination.js';
import { Table } from '../components/table.js';
import type { Locale, Messages } from '../i18n/index.js';
import { errorPage } from './error.js';
import { render } from './render.js';

/** Rows per page of the explanations list. */
export const EXPLANATIONS_PAGE_SIZE = 50;

export interface ExplanationSearch {
  state: ExplanationState | undefined;
  organisation: string | undefined;
  target: string | undefined;
  page: number;
}

const shown = (value: string): string => (value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** Reads the filter of /explanations; every invalid parameter gives one issue in the user's language. */
export function parseExplanationSearch(query: Record<string, string | undefined>, t: Messages): { ok: true; search: ExplanationSearch } | { ok: false; issues: string[] } {
  const x = t.explanations.invalid;
  const issues: string[] = [];
  const rawState = query.state ?? '';
  const state = EXPLANATION_STATES.find((s) => s === rawState);
  if (rawState !== '' && state === undefined) issues.push(x.state(shown(rawState)));
  const organisation = (query.organisation ?? '').trim().toLowerCase();
  if (organisation !== '' && !/^[a-z]{2,4}\d{2,5}$/.test(organisation)) issues.push(x.organisation(shown(organisation)));
  const target = (query.target ?? '').trim();
  if (target !== '' && !/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/.test(target)) issues.push(x.target(shown(target)));
  const rawPage = query.page ?? '';
  const page = rawPage === '' ? 1 : /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : 0;
  if (page < 1) issues.push(x.page(shown(rawPage)));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, search: { state, organisation: organisation || undefined, target: target || undefined, page } };
}

function FilterForm({ search, targets, locale }: { search: ExplanationSearch; targets: readonly Target[]; locale: Locale }) {
  const x = locale.t.explanations;
  const field = (id: string, label: string, input: unknown) => (
    <div class="utrecht-form-field">
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      <div class="utrecht-form-field__input">{input}</div>
    </div>
  );
  return (
    <form class="utrecht-form" method="get" action="/explanations" role="search" aria-labelledby="filter-heading">
      <h2 class="utrecht-heading-2" id="filter-heading">
        {x.filterHeading}
      </h2>
      <div class="thorbecke-search">
        {field(
          'state',
          x.state,
          <select class="utrecht-select utrecht-select--html-select" id="state" name="state">
            <option value="">{x.allStates}</option>
            {EXPLANATION_STATES.map((s) => (
              <option value={s} selected={s === search.state}>
                {x.states[s]}
              </option>
            ))}
          </select>,
        )}
        {field(
          'organisation',
          x.organisation,
          <input
            class="utrecht-textbox utrecht-textbox--html-input"
            type="text"
            id="organisation"
            name="organisation"
            value={search.organisation ?? ''}
            maxlength={20}
            placeholder={x.organisationHint}
            autocomplete="off"
          />,
        )}
        {field(
          'target',
          x.target,
          <select class="utrecht-select utrecht-select--html-select" id="target" name="target">
            <option value="">{x.allTargets}</option>
            {targets.map((target) => (
              <option value={target.id} selected={target.id === search.target}>
                {target.title[locale.lang]}
              </option>
            ))}
          </select>,
        )}
        <div>
          <button class="utrecht-button utrecht-button--primary-action" type="submit">
            {x.submit}
          </button>
        </div>
      </div>
    </form>
  );
}

interface ListProps {
  items: readonly Explanation[];
  names: ReadonlyMap<string, string>;
  targets: readonly Target[];
  locale: Locale;
}

function ExplanationTable({ items, names, targets, locale }: ListProps) {
  const { format } = locale;
  const x = locale.t.explanations;
  const rows = items.map((e) => {
    const target = targets.find((t) => t.id === e.targetId);
    return [
      <a class="utrecht-link" href={`/explanations/${String(e.id)}`}>
        {x.detailTitle(String(e.id))}
      </a>,
      e.organisationCode === null ? x.everyHosted : <OrgLink code={e.organisationCode} name={names.get(e.organisationCode) ?? null} />,
      target ? (
        <a class="utrecht-link" href={targetHref(target.id)}>
          {target.title[locale.lang]}
        </a>
      ) : (
        e.targetId
      ),
      x.scopes[e.scope],
      coversText(e, locale),
      e.reason,
      e.author,
      <ExplanationStateText state={e.state} locale={locale} />,
      format.date(e.expiresOn),
      e.decidedBy !== null && e.decidedAt !== null ? x.decidedBy(e.decidedBy, format.dateTime(e.decidedAt)) : x.notDecided,
    ];
  });
  return <Table id="explanations-table" caption={x.caption} head={[x.id, x.organisation, x.target, x.scope, x.covers, x.reason, x.author, x.state, x.expires, x.decided]} rows={rows} />;
}

/** GET /explanations: every explanation (public), filtered by state, organisation and target, newest first. */
export function explanationsRoute(deps: WebDeps) {
  const service = new AccountabilityService(deps.db, deps.strategy);
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { locale } = frame;
    const x = locale.t.explanations;
    const parsed = parseExplanationSearch(c.req.query(), locale.t);
    if (!parsed.ok) return errorPage(c, 400, { issues: parsed.issues });
    const { search } = parsed;
    const filter = { states: search.state ? [search.state] : undefined, organisationCode: search.organisation, targetId: search.target };
    const [current, total, items] = await Promise.all([
      deps.strategy.current(),
      service.count(filter),
      service.list({ ...filter, limit: EXPLANATIONS_PAGE_SIZE, offset: (search.page - 1) * EXPLANATIONS_PAGE_SIZE }),
    ]);
    const targets = current?.strategy.targets ?? [];
    const names = await organisationNames(deps.db, items.flatMap((e) => (e.organisationCode === null ? [] : [e.organisationCode])));
    const pages = Math.max(1, Math.ceil(total / EXPLANATIONS_PAGE_SIZE));
    const href = (page: number) => withQuery('/explanations', { state: search.state, organisation: search.organisation, target: search.target, page: page > 1 ? page : undefined });
    const body = (
      <>
        <h1 class="utrecht-heading-1">{x.heading}</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">{x.intro}</p>
        <FilterForm search={search} targets={targets} locale={locale} />
        <section aria-labelledby="results-heading" class="thorbecke-section">
          <h2 class="utrecht-heading-2" id="results-heading">
            {x.count(locale.format.number(total))}
          </h2>
          {items.length === 0 ? <p class="utrecht-paragraph">{x.none}</p> : <ExplanationTable items={items} names={names} targets={targets} locale={locale} />}
          {pages > 1 ? <Pagination locale={locale} page={search.page} pages={pages} href={href} /> : null}
          <DownloadLinks base="/data/explanations" locale={locale} label={x.downloadLabel} />
        </section>
      </>
    );
    return render(c, frame, { title: x.title, nav: 'explanations', body });
  };
}
