import type { Context } from 'hono';
import type { Organisation } from '../../domain/organisation.js';
import { countOrganisations, listProvinces } from '../../store/organisations.js';
import type { WebDeps } from '../deps.js';
import { ExternalLink } from '../components/external-link.js';
import { frameOf } from '../components/frame.js';
import { organisationHref, withQuery } from '../components/links.js';
import { hasEnded, today } from '../components/organisation-facts.js';
import { ImportNotice } from '../components/notices.js';
import { Pagination } from '../components/pagination.js';
import { SearchForm } from '../components/search-form.js';
import { Badge } from '../components/source.js';
import { Table } from '../components/table.js';
import type { Locale } from '../i18n/index.js';
import { errorPage } from './error.js';
import { PAGE_SIZE, parseOrganisationSearch, searchQuery } from './organisation-search.js';
import { render } from './render.js';

function NameCell({ org, locale }: { org: Organisation; locale: Locale }) {
  return (
    <>
      <a class="utrecht-link" href={organisationHref(org.code)}>
        {org.name}
      </a>
      {!hasEnded(org, today()) ? null : (
        <>
          {' '}
          <Badge tone="neutral">{locale.t.organisations.ended}</Badge>
        </>
      )}
    </>
  );
}

/** GET /organisations: search and filter the federation, 50 per page. */
export function organisationsRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { locale } = frame;
    const { t, format } = locale;
    const o = t.organisations;
    const parsed = parseOrganisationSearch(c.req.query(), t);
    if (!parsed.ok) return errorPage(c, 400, { issues: parsed.issues });
    const { search } = parsed;

    const heading = (
      <>
        <h1 class="utrecht-heading-1">{o.heading}</h1>
        <p class="utrecht-paragraph">{o.intro}</p>
      </>
    );
    if ((await countOrganisations(deps.db)) === 0) {
      const body = (
        <>
          {heading}
          <ImportNotice locale={locale} registerUrl={deps.config.THORBECKE_REGISTER_URL} />
        </>
      );
      return render(c, frame, { title: o.title, nav: 'organisations', body });
    }

    const [provinces, result] = await Promise.all([
      listProvinces(deps.db),
      deps.organisations.list({
        q: search.q,
        layers: search.layer === undefined ? undefined : [search.layer],
        province: search.province,
        includeEnded: search.includeEnded,
        page: search.page,
        pageSize: PAGE_SIZE,
      }),
    ]);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    if (search.page > pages) return errorPage(c, 400, { issues: [o.invalid.pageTooHigh(format.number(pages))] });

    const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
    const rows = result.items.map((org) => [
      <NameCell org={org} locale={locale} />,
      org.code,
      t.layers[org.layer],
      org.provinceCode === null ? '' : (provinceName.get(org.provinceCode) ?? org.provinceCode),
      org.website === null ? '' : <ExternalLink href={org.website}>{org.website}</ExternalLink>,
    ]);
    const body = (
      <>
        {heading}
        <SearchForm locale={locale} search={search} provinces={provinces} />
        <section aria-labelledby="results-heading" class="thorbecke-section">
          <h2 class="utrecht-heading-2" id="results-heading">
            {o.found(result.total, format.number(result.total))}
          </h2>
          {rows.length === 0 ? null : (
            <Table
              id="organisations"
              caption={o.caption(format.number(search.page), format.number(pages))}
              head={[o.name, o.code, t.organisation.layer, o.province, o.website]}
              rows={rows}
            />
          )}
          {pages > 1 ? (
            <Pagination
              locale={locale}
              page={search.page}
              pages={pages}
              href={(page) => withQuery('/organisations', searchQuery(search, page))}
            />
          ) : null}
        </section>
      </>
    );
    return render(c, frame, { title: o.title, nav: 'organisations', body });
  };
}
