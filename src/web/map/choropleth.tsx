import { PROGRESS_STATUSES, type ProgressStatus } from '../../domain/progress.js';
import { StatusLegend } from '../components/chart/legend.js';
import { patternId, StatusPatterns } from '../components/chart/status-style.js';
import type { Locale } from '../i18n/index.js';
import type { DrawnRegion } from './geometry.js';

/** The fill of a region without a figure (not in scope, or not an organisation Thorbecke knows). */
export const NO_FIGURE_FILL = '#e8e8e8';

export interface ChoroplethProps {
  /** Unique on the page: prefixes the ids of the SVG's title, description and patterns. */
  id: string;
  title: string;
  regions: readonly DrawnRegion[];
  /** Drawn over the regions (e.g. province borders over municipalities). */
  borders?: string | undefined;
  width: number;
  height: number;
  /** Each region's status by organisation code; regions without one are drawn as "no figure". */
  statuses: ReadonlyMap<string, ProgressStatus>;
  /** Where the same data is as a table (the list of organisations). */
  tableHref: string;
  locale: Locale;
}

/** How many regions have each status, and how many have none. */
export function regionCounts(regions: readonly DrawnRegion[], statuses: ReadonlyMap<string, ProgressStatus>) {
  const counts = Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as Record<ProgressStatus, number>;
  let none = 0;
  for (const r of regions) {
    const status = statuses.get(r.code);
    if (status === undefined) none += 1;
    else counts[status] += 1;
  }
  return { counts, none };
}

/**
 * A map of regions coloured by status (SVG drawn on the server, role="img" with title and a description
 * that gives the counts). Each region has a title "name: status", each status a pattern as well as a colour,
 * and a legend names them; the text alternative links to the table with the same data.
 */
export function Choropleth({ id, title, regions, borders, width, height, statuses, tableHref, locale }: ChoroplethProps) {
  const { t, format } = locale;
  const d = t.dashboard;
  const { counts, none } = regionCounts(regions, statuses);
  const present = PROGRESS_STATUSES.filter((s) => counts[s] > 0);
  const parts = present.map((s) => `${d.statuses[s]} ${format.number(counts[s])}`);
  if (none > 0) parts.push(`${d.map.noFigure} ${format.number(none)}`);
  const summary = d.map.summary(format.number(regions.length), format.list(parts));
  return (
    <figure class="thorbecke-chart">
      <svg class="thorbecke-map" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <StatusPatterns prefix={id} />
        {regions.map((r) => {
          const status = statuses.get(r.code);
          return (
            <path class={`thorbecke-map__region thorbecke-map__region--${status ?? 'none'}`} d={r.d} fill={status === undefined ? NO_FIGURE_FILL : `url(#${patternId(id, status)})`}>
              <title>{`${r.name}: ${status === undefined ? d.map.noFigure : d.statuses[status]}`}</title>
            </path>
          );
        })}
        {borders === undefined || borders === '' ? null : <path class="thorbecke-map__border" d={borders} />}
      </svg>
      <figcaption>
        <StatusLegend id={`${id}-legend`} locale={locale} statuses={present} noFigureFill={none > 0 ? NO_FIGURE_FILL : undefined} />
        <p class="utrecht-paragraph">
          {summary}{' '}
          <a class="utrecht-link" href={tableHref}>
            {d.map.toTable}
          </a>
        </p>
      </figcaption>
    </figure>
  );
}
