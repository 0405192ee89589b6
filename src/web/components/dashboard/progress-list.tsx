import { LAYERS } from '../../../domain/layer.js';
import { PROGRESS_STATUSES } from '../../../domain/progress.js';
import type { Province } from '../../../store/organisations.js';
import type { OrganisationProgressRow } from '../../../store/progress-read.js';
import { TARGET_PAGE_SIZE, TARGET_SORTS, targetQueryParams, type TargetQuery } from '../../dashboard/target-query.js';
import type { Locale } from '../../i18n/index.js';
import { DownloadLinks } from '../download-links.js';
import { organisationHref, targetHref, withQuery } from '../links.js';
import { Pagination } from '../pagination.js';
import { ProgressStatusTag } from '../progress-status.js';
import { DateView } from '../source.js';
import { Table } from '../table.js';

/** The id of the list table. */
export const LIST_TABLE_ID = 'target-organisations';

function Select({ id, label, value, options }: { id: string; label: string; value: string | undefined; options: readonly { value: string; text: string }[] }) {
  return (
    <div class="utrecht-form-field">
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      <div class="utrecht-form-field__input">
        <select class="utrecht-select utrecht-select--html-select" id={id} name={id}>
          {options.map((o) => (
            <option value={o.value} selected={o.value === (value ?? '')}>
              {o.text}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function FilterForm({ targetId, query, provinces, locale }: { targetId: string; query: TargetQuery; provinces: readonly Province[]; locale: Locale }) {
  const { t } = locale;
  const x = t.dashboard.target;
  return (
    <form class="utrecht-form" method="get" action={`${targetHref(targetId)}#list-heading`} aria-labelledby="filter-heading">
      <h3 class="utrecht-heading-3" id="filter-heading">
        {x.filter}
      </h3>
      <div class="thorbecke-filters">
        <Select id="layer" label={x.layer} value={query.layer} options={[{ value: '', text: x.allLayers }, ...LAYERS.map((l) => ({ value: l, text: t.layers[l] }))]} />
        <Select id="province" label={x.province} value={query.province} options={[{ value: '', text: x.allProvinces }, ...provinces.map((p) => ({ value: p.code, text: p.name }))]} />
        <Select
          id="status"
          label={x.status}
          value={query.status}
          options={[{ value: '', text: x.allStatuses }, ...PROGRESS_STATUSES.map((s) => ({ value: s, text: t.dashboard.statuses[s] }))]}
        />
        <Select id="sort" label={x.sort} value={query.sort} options={TARGET_SORTS.map((s) => ({ value: s, text: x.sorts[s] }))} />
        <Select id="order" label={x.order} value={query.order} options={(['asc', 'desc'] as const).map((o) => ({ value: o, text: x.orders[o] }))} />
        <div>
          <button class="utrecht-button utrecht-button--primary-action" type="submit">
            {x.submit}
          </button>
        </div>
      </div>
    </form>
  );
}

export interface ProgressListProps {
  targetId: string;
  title: string;
  /** The rows of this page, filtered and sorted by the database. */
  rows: readonly OrganisationProgressRow[];
  /** How many organisations pass the filter, and how many have a figure on the target at all. */
  matched: number;
  total: number;
  query: TargetQuery;
  provinces: readonly Province[];
  locale: Locale;
}

/**
 * The organisations on a target: a GET form (layer, province, status, sort, order) and one page of the
 * table (organisation, layer, status, value, own date, domains that comply), with its open-data downloads.
 */
export function ProgressList({ targetId, title, rows, matched, total, query, provinces, locale }: ProgressListProps) {
  const { t, format } = locale;
  const x = t.dashboard.target;
  const pages = Math.max(1, Math.ceil(matched / TARGET_PAGE_SIZE));
  const page = query.page;
  const layerName = (layer: string): string => (t.layers as Partial<Record<string, string>>)[layer] ?? layer;
  const tableRows = rows.map((r) => [
    <a class="utrecht-link" href={organisationHref(r.organisationCode)}>
      {r.name}
    </a>,
    layerName(r.layer),
    <ProgressStatusTag status={r.status} locale={locale} />,
    r.value === null ? '–' : format.percent(r.value),
    r.plannedDate === null ? '–' : <DateView iso={r.plannedDate} locale={locale} />,
    t.dashboard.common.domainsOf(format.number(r.domainsMet), format.number(r.domainsTotal)),
  ]);
  return (
    <>
      <FilterForm targetId={targetId} query={query} provinces={provinces} locale={locale} />
      <p class="utrecht-paragraph">
        {x.count(format.number(matched), format.number(total))}
      </p>
      {rows.length === 0 ? (
        <p class="utrecht-paragraph">{x.none}</p>
      ) : (
        <Table id={LIST_TABLE_ID} caption={x.listCaption(title)} head={[x.organisation, x.layer, x.status, x.value, x.planned, x.domainsMet]} rows={tableRows} />
      )}
      {pages > 1 || page > 1 ? <Pagination locale={locale} page={page} pages={pages} href={(n) => `${withQuery(targetHref(targetId), targetQueryParams(query, n))}#list-heading`} /> : null}
      <DownloadLinks base={`/data/targets/${encodeURIComponent(targetId)}/progress`} locale={locale} label={x.listCaption(title)} />
    </>
  );
}
