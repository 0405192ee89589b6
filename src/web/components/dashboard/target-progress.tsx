import type { ProgressStatus } from '../../../domain/progress.js';
import type { Province } from '../../../store/organisations.js';
import type { AggregateRow, OrganisationProgressRow } from '../../../store/progress-read.js';
import type { Target } from '../../../strategy/schema.js';
import { countsByStatus, metShare } from '../../dashboard/figures.js';
import type { TargetQuery } from '../../dashboard/target-query.js';
import type { Locale } from '../../i18n/index.js';
import type { DrawnMap } from '../../map/geometry.js';
import { StatusBar } from '../chart/status-bar.js';
import { DownloadLinks } from '../download-links.js';
import { ProgressList } from './progress-list.js';
import { TargetMaps } from './target-maps.js';

export interface TargetProgressProps {
  target: Target;
  nation: AggregateRow | undefined;
  /** The status of every municipality and province (maps). */
  statuses: ReadonlyMap<string, ProgressStatus>;
  /** One page of the list, and how many organisations pass its filter. */
  listed: readonly OrganisationProgressRow[];
  matched: number;
  query: TargetQuery;
  provinces: readonly Province[];
  map: DrawnMap | undefined;
  updatedAt: Date | undefined;
  locale: Locale;
}

function AsOf({ at, locale }: { at: Date | undefined; locale: Locale }) {
  const c = locale.t.dashboard.common;
  return (
    <p class="utrecht-paragraph">{at === undefined ? c.notComputed : <time datetime={at.toISOString()}>{c.asOf(locale.format.dateTime(at))}</time>}</p>
  );
}

/**
 * The progress sections of a target page: the distribution of statuses (national aggregate), the maps, and
 * the filterable, sortable list of organisations. National-only targets get a sentence instead.
 */
export function TargetProgress({ target, nation, statuses, listed, matched, query, provinces, map, updatedAt, locale }: TargetProgressProps) {
  const { t, lang, format } = locale;
  const x = t.dashboard.target;
  const title = target.title[lang];
  if (target.indicator.kind === 'national') {
    return (
      <section aria-labelledby="progress-heading" class="thorbecke-section">
        <h2 class="utrecht-heading-2" id="progress-heading">
          {x.progressHeading}
        </h2>
        <p class="utrecht-paragraph">{x.national}</p>
      </section>
    );
  }
  const share = nation === undefined ? undefined : metShare(nation.counts);
  const showMaps = target.scope.layers.includes('gemeente') || target.scope.layers.includes('provincie');
  return (
    <>
      <section aria-labelledby="progress-heading" class="thorbecke-section">
        <h2 class="utrecht-heading-2" id="progress-heading">
          {x.progressHeading}
        </h2>
        <AsOf at={updatedAt} locale={locale} />
        {nation === undefined || share === undefined ? (
          <p class="utrecht-paragraph">{x.nothing}</p>
        ) : (
          <>
            <p class="utrecht-paragraph thorbecke-figure">{x.share(format.percent(share), format.number(nation.counts.met), format.number(nation.counts.organisations))}</p>
            {nation.counts.domains_total > 0 ? (
              <p class="utrecht-paragraph">
                {x.domains(format.number(nation.counts.domains_met), format.number(nation.counts.domains_total), format.number(nation.counts.domains_unknown))}
              </p>
            ) : null}
            <StatusBar id="status-distribution" title={x.distributionTitle(title)} counts={countsByStatus(nation.counts)} locale={locale} />
            <DownloadLinks base="/data/aggregates" locale={locale} label={x.distributionTitle(title)} />
          </>
        )}
      </section>
      {showMaps ? (
        <section aria-labelledby="maps-heading" class="thorbecke-section">
          <h2 class="utrecht-heading-2" id="maps-heading">
            {x.mapsHeading}
          </h2>
          <TargetMaps target={target} map={map} statuses={statuses} locale={locale} />
        </section>
      ) : null}
      <section aria-labelledby="list-heading" class="thorbecke-section">
        <h2 class="utrecht-heading-2" id="list-heading">
          {x.listHeading}
        </h2>
        <ProgressList targetId={target.id} title={title} rows={listed} matched={matched} total={nation?.counts.organisations ?? matched} query={query} provinces={provinces} locale={locale} />
      </section>
    </>
  );
}
